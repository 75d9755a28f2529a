// The model zoo: each model's folder, and the registry that names them.

export * as iam4vp from './iam4vp/index.js';
export { IAM4VP, type Iam4vpConfig } from './iam4vp/index.js';
export * as ifrnet from './ifrnet/index.js';
export { IFRNet, type IfrnetConfig, type IfrnetVariant } from './ifrnet/index.js';
export * as convlstm from './convlstm/index.js';
export {
  ConvLSTMNextFrame, ConvLSTMEncoderDecoder, kerasParameterCounts, type ConvLSTMNextFrameConfig, type ConvLSTMEncoderDecoderConfig,
  type KerasParameterCounts,
} from './convlstm/index.js';
export * as vqvae from './vqvae/index.js';
export { VqVae1, type VqVaeConfig } from './vqvae/index.js';
export * as crnn from './crnn/index.js';
export { AutoregressiveUNet, PrintedCrnn, type CrnnConfig } from './crnn/index.js';
export * as rvd from './rvd/index.js';
export { RVD, type RvdConfig } from './rvd/index.js';
export { modelRegistry, type ModelEntry, type ModelName } from './registry.js';
