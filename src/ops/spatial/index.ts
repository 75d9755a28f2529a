// Spatial ops (convolution, pooling, resampling, warping, a DFT): compositions of the kernel contract's
// primitives, so they run on every backend and take their gradients from the primitives' rules.

export { conv1d, conv2d, conv3d } from './conv.js';
export type { ConvOptions } from './conv.js';
export { convTranspose1d, convTranspose2d, convTranspose3d } from './conv-transpose.js';
export type { ConvTransposeOptions } from './conv-transpose.js';
export type { ConvPadding, SpatialArg } from './params.js';
export { maxPool1d, maxPool2d, maxPool3d } from './max-pool.js';
export type { MaxPoolOptions } from './max-pool.js';
export { avgPool1d, avgPool2d, avgPool3d } from './avg-pool.js';
export type { AvgPoolOptions } from './avg-pool.js';
export type { PoolOptions } from './pool-windows.js';
export { adaptiveAvgPool2d, adaptiveMaxPool2d } from './adaptive-pool.js';
export type { AdaptiveOutputSize } from './adaptive-pool.js';
export { interpolate } from './interpolate.js';
export type { InterpolateMode, InterpolateOptions } from './interpolate.js';
export { pixelShuffle, pixelUnshuffle } from './pixel-shuffle.js';
export { gridSample, warp } from './grid-sample.js';
export type { GridSampleMode, GridSampleOptions, GridSamplePadding } from './grid-sample.js';
export { fft2 } from './dft.js';
export type { ComplexParts, Fft2Options, FftNorm } from './dft.js';
