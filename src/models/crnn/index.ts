// The ConvGRU U-Net mean predictor (registry 'crnn') and the seed's printed CRNN (registry 'crnn-printed').

export { AutoregressiveUNet, type CrnnStep } from './crnn.js';
export { type CrnnConfig, CRNN_DEFAULT_CONFIG, CRNN_ARM_CHANNELS, resolveCrnnConfig } from './config.js';
export { ResBlock } from './res-block.js';
export { DownBlock, UpBlock } from './blocks.js';
export { centerCrop } from './center-crop.js';
export { PrintedCrnn } from './printed.js';
export { PrintedDownBlock, PrintedUpBlock } from './printed-blocks.js';
