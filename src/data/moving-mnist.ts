// Moving MNIST by the standard protocol (Srivastava et al. 2015; crnn-diffusion.md §8.1), generated on the fly:
// 2 digits of 28x28 bouncing in a 64x64 canvas at 0.1 of the free range per frame, composited with an elementwise
// max, 20 frames split 10 in / 10 out. The train split draws fresh videos every epoch (the usual on-the-fly
// training set) from nine tenths of the digit images; the test split is a fixed set of videos from a fixed seed
// over the held-out tenth (see digits.ts).

import type { Generator } from '../tensor/random.js';
import { bouncingTrajectory } from './bouncing.js';
import { type Clip, emptyClip, splitClip } from './clip.js';
import { ClipDataset, type LoaderOptions, type Split } from './clip-dataset.js';
import { type DigitImages, checkDigits, digitIndices } from './digits.js';
import { STREAM, TEST_SPLIT_SEED, generatorFor } from './seeds.js';

export interface MovingMnistConfig extends LoaderOptions {
  /** The digit images (e.g. `await loadMnistDigits()` in Node). Required. */
  readonly digits: DigitImages;
  /** Default 'train'. */
  readonly split?: Split;
  /** Videos per epoch. Default 10000 (train), 1000 (test). */
  readonly size?: number;
  /** Frames per video. Default 20. */
  readonly frames?: number;
  /** Frames given as input; the rest are the target. Default 10. */
  readonly inputFrames?: number;
  /** Canvas side. Default 64. */
  readonly canvas?: number;
  /** Digits per video. Default 2. */
  readonly digitsPerVideo?: number;
  /** Step per frame as a fraction of the free range (canvas - digit side). Default 0.1. */
  readonly stepLength?: number;
  /** Train split only: draw new videos every epoch (true) or the same videos each epoch (false). Default true. */
  readonly resample?: boolean;
}

interface VideoSpec {
  readonly frames: number;
  readonly canvas: number;
  readonly digitsPerVideo: number;
  readonly stepLength: number;
}

/** One video as a [frames, 1, canvas, canvas] clip: per digit, an image index then its trajectory. */
export function renderMovingMnist(digits: DigitImages, pool: readonly number[], spec: VideoSpec, gen: Generator): Clip {
  const { frames, canvas, digitsPerVideo, stepLength } = spec;
  const side = digits.side;
  const clip = emptyClip(frames, 1, canvas, canvas);
  for (let d = 0; d < digitsPerVideo; d++) {
    const image = pool[gen.integer(0, pool.length)] * side * side;
    const { rows, cols } = bouncingTrajectory(gen, frames, canvas - side, stepLength);
    for (let t = 0; t < frames; t++) {
      for (let r = 0; r < side; r++) {
        const out = (t * canvas + rows[t] + r) * canvas + cols[t];
        for (let c = 0; c < side; c++) clip.data[out + c] = Math.max(clip.data[out + c], digits.pixels[image + r * side + c]);
      }
    }
  }
  return clip;
}

/** Examples of input [10, 1, 64, 64] and target [10, 1, 64, 64] (with the defaults). */
export function movingMnist(config: MovingMnistConfig): ClipDataset {
  const split = config.split ?? 'train';
  const spec: VideoSpec = {
    frames: config.frames ?? 20,
    canvas: config.canvas ?? 64,
    digitsPerVideo: config.digitsPerVideo ?? 2,
    stepLength: config.stepLength ?? 0.1,
  };
  const inputFrames = config.inputFrames ?? 10;
  checkDigits(config.digits);
  if (spec.canvas < config.digits.side) throw new Error(`movingMnist: canvas ${spec.canvas} is smaller than the ${config.digits.side}x${config.digits.side} digits`);
  if (!Number.isInteger(spec.digitsPerVideo) || spec.digitsPerVideo < 1) throw new Error(`movingMnist: digitsPerVideo must be a positive integer, got ${spec.digitsPerVideo}`);
  if (!(inputFrames >= 1 && inputFrames < spec.frames)) throw new Error(`movingMnist: inputFrames must be in [1, ${spec.frames - 1}], got ${inputFrames}`);
  const pool = digitIndices(config.digits, split);
  const fresh = split === 'train' && (config.resample ?? true);
  const contentSeed = split === 'test' ? TEST_SPLIT_SEED : config.seed ?? 0;
  const read = (index: number, epoch: number) => {
    const gen = generatorFor(contentSeed, STREAM.content, split === 'test' ? 1 : 0, fresh ? epoch : 0, index);
    return splitClip(renderMovingMnist(config.digits, pool, spec, gen), inputFrames);
  };
  return new ClipDataset('movingMnist', config.size ?? (split === 'test' ? 1000 : 10000), read, config, split);
}
