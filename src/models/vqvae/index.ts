// The video VQ-VAE (zhangxuan1918/VqVaeVideo VqVae1, branch issue_#6 at db2d417): the model, its typed
// configuration, its building blocks and its training recipe.

export { VqVae1, type VqVaeOutput, type VqVaeCodes } from './vqvae.js';
export {
  type VqVaeConfig, type GroupWidths, VQVAE_DEFAULT_CONFIG, VQVAE_SMALL_CONFIG, resolveVqVaeConfig, encoderGroups, decoderGroups, spatialFactor,
} from './config.js';
export { Encoder1 } from './encoder.js';
export { Decoder1 } from './decoder.js';
export { EncoderBlock, DecoderBlock } from './blocks.js';
export { NamedSequential } from './named-sequential.js';
export {
  type VqVaeTrainingConfig, type VqVaeStepLosses, VQVAE_TRAINING_DEFAULTS, IMAGENET_MEAN, IMAGENET_STD, imagenetNormalize, VqVaeTrainer,
} from './training.js';
