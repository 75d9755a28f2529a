// The IFRNet family (IFRNet, IFRNet_L, IFRNet_S from ltkong218/IFRNet; IFRNet_T, IFRNet_ELAN from FykAikawa/IFRVP):
// the model, its typed configuration and presets, its blocks, checkpoint loading and its training losses.

export { IFRNet, resize, type IfrnetForwardOptions, type IfrnetOutput, type IfrnetFlows } from './ifrnet.js';
export {
  type IfrnetConfig, type IfrnetVariant, type IfrnetBlockConfig, type IfrnetLossKind, IFRNET_VARIANTS, IFRNET_DEFAULT_CONFIG,
  resolveIfrnetConfig, decoderWidth,
} from './config.js';
export { convrelu, ResBlock, ResBlockThirds, ResBlockElan } from './blocks.js';
export { IfrnetEncoder } from './encoder.js';
export { IfrnetTopDecoder, IfrnetDecoder } from './decoder.js';
export { ifrnetStateDict, loadIfrnetCheckpoint, type CheckpointTensors } from './checkpoint.js';
export { censusLoss, geometryLoss } from './losses/census.js';
export { robustWeight, robustCharbonnierLoss, distillationLoss } from './losses/distillation.js';
export { VggPerceptualLoss, VGG19_WIDTHS } from './losses/perceptual.js';
export { ifrnetLoss, type IfrnetBatch, type IfrnetLossOptions, type IfrnetLosses } from './losses/training.js';
