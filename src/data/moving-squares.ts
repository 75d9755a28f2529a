// Moving squares exactly as the Keras ConvLSTM example generates them (convlstm.md §6): 3–7 squares of 4x4 or 6x6
// pixels start inside [20, 60) of an 80x80 canvas and move one pixel per frame per axis (no bouncing); the input
// optionally carries ±0.1 noise rings, the target is the clean frame one step later; both are cropped to
// [20, 60) (40x40) and values >= 1 set to 1. Values below 1 are not clipped, as in Keras, so a noisy input can hold
// 0.9, 0.1, -0.1 or -0.2 where rings overlap.

import type { Generator } from '../tensor/random.js';
import { type Clip, type ClipPair, emptyClip, splitClip } from './clip.js';
import { ClipDataset, type LoaderOptions, type Split } from './clip-dataset.js';
import { STREAM, TEST_SPLIT_SEED, generatorFor } from './seeds.js';

export interface MovingSquaresConfig extends LoaderOptions {
  /** 'train' draws clips from `seed`; 'test' from a fixed seed. Default 'train'. */
  readonly split?: Split;
  /** Clips in the split. Default 1000 for train (Keras fits on the first 1,000 of 1,200), 200 for test. */
  readonly size?: number;
  /** Frames per clip. Default 15 (the Keras example; the repository's later "clean" variant uses 20). */
  readonly frames?: number;
  /** Noise rings on the input (Keras example: true; "clean" variant: false, the input is the clean movie). Default true. */
  readonly noise?: boolean;
  /**
   * Model B's layout (the encoder–decoder): the example is the clean shifted movie split into its first `splitAt`
   * frames as input and the rest as target (X = tgt[:, 0:10], Y = tgt[:, 10:20] with frames 20, splitAt 10).
   * Default unset: Model A's pairs, input frame t and target frame t + 1.
   */
  readonly splitAt?: number;
}

/** One square: start (row, col) on the 80x80 canvas, per-frame step in {-1, 0, 1}, half-size 2 or 3. */
export interface Square {
  readonly row: number;
  readonly col: number;
  readonly dRow: number;
  readonly dCol: number;
  readonly half: number;
}

const CANVAS = 80;
const CROP_START = 20;
const CROP = 40;

/** The squares of one clip, drawn in Keras's order: n, then per square x, y, dx, dy, w. */
export function drawSquares(gen: Generator): Square[] {
  const n = gen.integer(3, 8);
  return Array.from({ length: n }, () => {
    const row = gen.integer(20, 60);
    const col = gen.integer(20, 60);
    const dRow = gen.integer(0, 3) - 1;
    const dCol = gen.integer(0, 3) - 1;
    return { row, col, dRow, dCol, half: gen.integer(2, 4) };
  });
}

/** Adds `value` on rows [r0, r1) x cols [c0, c1) of canvas frame t, clipped to the canvas. */
function addWindow(canvas: Float64Array, t: number, r0: number, r1: number, c0: number, c1: number, value: number): void {
  for (let r = Math.max(r0, 0); r < Math.min(r1, CANVAS); r++) {
    for (let c = Math.max(c0, 0); c < Math.min(c1, CANVAS); c++) canvas[(t * CANVAS + r) * CANVAS + c] += value;
  }
}

/** Crops [20, 60)^2 and sets values >= 1 to 1, into a [T, 1, 40, 40] clip. */
function cropAndCap(canvas: Float64Array, frames: number): Clip {
  const clip = emptyClip(frames, 1, CROP, CROP);
  for (let t = 0; t < frames; t++) {
    for (let r = 0; r < CROP; r++) {
      for (let c = 0; c < CROP; c++) {
        const v = canvas[(t * CANVAS + r + CROP_START) * CANVAS + c + CROP_START];
        clip.data[(t * CROP + r) * CROP + c] = v >= 1 ? 1 : v;
      }
    }
  }
  return clip;
}

/** Renders squares into (input, shifted target); noise draws (per square, per frame) come from `gen` after the squares'. */
export function renderSquares(squares: readonly Square[], frames: number, noise: boolean, gen: Generator): ClipPair {
  const input = new Float64Array(frames * CANVAS * CANVAS);
  const target = new Float64Array(frames * CANVAS * CANVAS);
  for (const { row, col, dRow, dCol, half: w } of squares) {
    for (let t = 0; t < frames; t++) {
      const x = row + dRow * t;
      const y = col + dCol * t;
      addWindow(input, t, x - w, x + w, y - w, y + w, 1);
      if (noise && gen.integer(0, 2) === 1) {
        const sign = gen.integer(0, 2) === 1 ? -1 : 1;
        addWindow(input, t, x - w - 1, x + w + 1, y - w - 1, y + w + 1, sign * 0.1);
      }
      const xNext = row + dRow * (t + 1);
      const yNext = col + dCol * (t + 1);
      addWindow(target, t, xNext - w, xNext + w, yNext - w, yNext + w, 1);
    }
  }
  return { input: cropAndCap(input, frames), target: cropAndCap(target, frames) };
}

/** Clips of [T, 1, 40, 40]: input frame t and target frame t = the clean frame t + 1 (or Model B's split, see splitAt). */
export function movingSquares(config: MovingSquaresConfig = {}): ClipDataset {
  const split = config.split ?? 'train';
  const frames = config.frames ?? 15;
  const noise = config.noise ?? true;
  const contentSeed = split === 'test' ? TEST_SPLIT_SEED : config.seed ?? 0;
  if (!Number.isInteger(frames) || frames < 1) throw new Error(`movingSquares: frames must be a positive integer, got ${frames}`);
  const { splitAt } = config;
  if (splitAt !== undefined && !(Number.isInteger(splitAt) && splitAt >= 1 && splitAt < frames)) {
    throw new Error(`movingSquares: splitAt must be an integer in [1, ${frames - 1}], got ${splitAt}`);
  }
  const read = (index: number): ClipPair => {
    const gen = generatorFor(contentSeed, STREAM.content, split === 'test' ? 1 : 0, index);
    const pair = renderSquares(drawSquares(gen), frames, noise, gen);
    return splitAt === undefined ? pair : splitClip(pair.target, splitAt);
  };
  return new ClipDataset('movingSquares', config.size ?? (split === 'test' ? 200 : 1000), read, config, split);
}
