// framegrad's datasets (browser-ready: no Node APIs; file reading lives in src/node): seeded, batched,
// shuffling iterators of [batch, time, channels, height, width] float32 tensors, used as
// `for await (const { input, target } of dataset.batches(epoch)) ...`, plus the clip augmentations.

export type { Clip, ClipPair } from './clip.js';
export { concatFrames, emptyClip, sliceFrames, splitClip } from './clip.js';
export { ClipDataset } from './clip-dataset.js';
export type { Batch, ExampleReader, LoaderOptions, Split } from './clip-dataset.js';
export { TEST_SPLIT_SEED, generatorFor, mixSeed, permutation } from './seeds.js';
export { movingSquares, drawSquares, renderSquares } from './moving-squares.js';
export type { MovingSquaresConfig, Square } from './moving-squares.js';
export { movingMnist, renderMovingMnist } from './moving-mnist.js';
export type { MovingMnistConfig } from './moving-mnist.js';
export { bouncingTrajectory } from './bouncing.js';
export type { Trajectory } from './bouncing.js';
export { TEST_DIGIT_EVERY, checkDigits, digitIndices } from './digits.js';
export type { DigitImages } from './digits.js';
export { satellite, drawWeather, renderWeather, weatherAt } from './satellite.js';
export type { SatelliteConfig, Weather } from './satellite.js';
export { imageFolder, resizeClip } from './image-folder.js';
export type { FitMode, ImageFolderConfig } from './image-folder.js';
export { holdoutSplit, parseSplitList, subsetSource } from './clip-source.js';
export type { ClipSource } from './clip-source.js';
export {
  IFRNET_AUGMENT, IFRVP_AUGMENT, augmentClip, centerCrop, crop, flipHorizontal, flipVertical, randomCrop, reverseChannels, reverseTime, rotate90, transposeFrames,
} from './augment.js';
export type { AugmentConfig } from './augment.js';
