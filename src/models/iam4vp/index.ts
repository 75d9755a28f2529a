// IAM4VP (ocf-iam4vp at b9d61dc): the model, its typed configuration and its building blocks.

export { IAM4VP, timeIndex } from './iam4vp.js';
export { type Iam4vpConfig, IAM4VP_DEFAULT_CONFIG, resolveIam4vpConfig, latentSize } from './config.js';
export { ConvSC, BasicConv2d } from './conv-sc.js';
export { TimeMLP, sinusoidalEmbedding } from './time-embedding.js';
export { LKA, Attention } from './lka.js';
export { ConvNeXtBottle, ConvNeXtBlock } from './convnext.js';
export { Encoder } from './encoder.js';
export { Predictor } from './predictor.js';
export { Decoder } from './decoder.js';
export { SpatioTemporalRefinement } from './refinement.js';
