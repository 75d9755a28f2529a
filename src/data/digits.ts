// The digit images Moving MNIST composites, injected by the caller (src/node/mnist-digits.ts reads the `mnist`
// package's JSON in Node; a browser can fetch them), and the fixed partition of those images into the digits the
// train split draws from and the held-out digits of the test split.

import type { Split } from './clip-dataset.js';

export interface DigitImages {
  /** Number of images. */
  readonly count: number;
  /** Images are side x side (28 for MNIST). */
  readonly side: number;
  /** count * side * side values in [0, 1], image-major, row-major. */
  readonly pixels: Float32Array;
  /** Optional class of each image (0..9). */
  readonly labels?: Uint8Array;
}

/** One image in ten (index % 10 === 9) is held out for the test split; the train split uses the other nine. */
export const TEST_DIGIT_EVERY = 10;

/** Checks the source's sizes; throws naming what is inconsistent. */
export function checkDigits(digits: DigitImages): void {
  const { count, side, pixels, labels } = digits;
  if (!Number.isInteger(side) || side < 1) throw new Error(`digits: side must be a positive integer, got ${side}`);
  if (!Number.isInteger(count) || count < TEST_DIGIT_EVERY) throw new Error(`digits: need at least ${TEST_DIGIT_EVERY} images (one is held out per ${TEST_DIGIT_EVERY}), got ${count}`);
  if (pixels.length !== count * side * side) throw new Error(`digits: ${count} images of ${side}x${side} need ${count * side * side} pixels, got ${pixels.length}`);
  if (labels && labels.length !== count) throw new Error(`digits: ${count} images but ${labels.length} labels`);
}

/** Indices of the images a split may use. */
export function digitIndices(digits: DigitImages, split: Split): number[] {
  const held = (i: number): boolean => i % TEST_DIGIT_EVERY === TEST_DIGIT_EVERY - 1;
  return Array.from({ length: digits.count }, (_, i) => i).filter((i) => held(i) === (split === 'test'));
}
