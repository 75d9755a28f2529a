// Where image-folder clips come from, kept abstract so src/data stays browser-ready: Node reads PNG folders
// (src/node/png-clips.ts), a browser could decode fetched images. Also the split helpers that do not touch files:
// Vimeo90K's list-file format, and a fixed-seed holdout for folders that ship without a split.

import type { Clip } from './clip.js';
import { STREAM, TEST_SPLIT_SEED, generatorFor, permutation } from './seeds.js';

export interface ClipSource {
  /** One name per clip (its folder or list entry), used in error messages. */
  readonly names: readonly string[];
  /** Decodes clip `index` to [T, C, H, W] values in [0, 1]. */
  read(index: number): Promise<Clip>;
}

/** Entries of a Vimeo90K list file (`tri_trainlist.txt`, ...): one `%05d/%04d` per line; lines of length <= 1 are skipped. */
export function parseSplitList(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => line.length > 1).map((line) => line.trim());
}

/** The clips of `source` at `indices`, in that order. */
export function subsetSource(source: ClipSource, indices: readonly number[]): ClipSource {
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= source.names.length) throw new Error(`subsetSource: index ${i} is outside [0, ${source.names.length})`);
  }
  return { names: indices.map((i) => source.names[i]), read: (i) => source.read(indices[i]) };
}

/** A fixed split of a source: `testFraction` of its clips (at least one), chosen by a fixed-seed permutation. */
export function holdoutSplit(source: ClipSource, testFraction = 0.1): { train: ClipSource; test: ClipSource } {
  const n = source.names.length;
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`holdoutSplit: testFraction must be in (0, 1), got ${testFraction}`);
  if (n < 2) throw new Error(`holdoutSplit: need at least 2 clips to split, got ${n}`);
  const order = permutation(n, generatorFor(TEST_SPLIT_SEED, STREAM.holdout, n));
  const testCount = Math.min(Math.max(1, Math.round(n * testFraction)), n - 1);
  const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b);
  return { train: subsetSource(source, sorted(order.slice(testCount))), test: subsetSource(source, sorted(order.slice(0, testCount))) };
}
