// Derived seeds: every random draw of the data pipeline comes from a Generator seeded by hashing the user's seed
// with where it is used (which stream, which epoch, which clip), so a clip or an augmentation depends only on
// those numbers and not on the order clips are read in, and a fixed test split never moves.

import { Generator } from '../tensor/random.js';

/** The seed the test split of every generated dataset is drawn from, whatever the user's seed. */
export const TEST_SPLIT_SEED = 20_240_601;

/** Stream tags, so clip content, shuffling and augmentation never share draws. */
export const STREAM = { content: 1, shuffle: 2, augment: 3, holdout: 4 } as const;

/** A 32-bit hash of a list of numbers (each reduced to 32 bits), murmur3's finaliser between parts. */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    if (!Number.isFinite(part)) throw new Error(`mixSeed: seed parts must be finite numbers, got ${part}`);
    h = Math.imul(h ^ (Math.floor(part) >>> 0), 0x9e3779b1) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A fresh Generator for one use, seeded by mixSeed(parts). */
export const generatorFor = (...parts: readonly number[]): Generator => new Generator(mixSeed(...parts));

/** A permutation of 0..n-1 by Fisher–Yates with the generator's draws. */
export function permutation(n: number, gen: Generator): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = gen.integer(0, i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
