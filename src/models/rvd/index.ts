// Residual video diffusion (buggyyang/RVD at 309fbe0): the model, its configuration, networks, schedule and samplers.

export { RVD, type RvdScan, type RvdLossOptions, type RvdSampleOptions } from './rvd.js';
export { type RvdConfig, type PredMode, type LossType, RVD_DEFAULT_CONFIG, RVD_MM32_CONFIG, resolveRvdConfig, levelWidths } from './config.js';
export { Unet, UnetLevel } from './unet.js';
export { CondNet } from './cond-net.js';
export { HistoryNet, HistoryUpLevel, type HistoryStep } from './history-net.js';
export { RecurrentDownLevel, type RecurrentStates } from './recurrent-level.js';
export { Block, ResnetBlock, Downsample, Upsample } from './blocks.js';
export { AttentionBlock, PreNorm, LinearAttention, ChannelLayerNorm } from './attention.js';
export { SinusoidalPosEmb, sinusoidalPosEmb, timeMlp } from './time-embedding.js';
export { SCHEDULE_BUFFERS, type ScheduleBuffer, type DiffusionSchedule, cosineBetas, diffusionSchedule } from './schedule.js';
export { ancestralSample, stridedSample, stridedTimesteps } from './samplers.js';
export type { Denoiser, NoiseSource, SamplerSettings, StridedOptions } from './samplers.js';
