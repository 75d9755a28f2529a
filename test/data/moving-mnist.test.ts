// Moving MNIST: shapes and ranges on the real `mnist` digits, seeded determinism, fresh training videos per
// epoch and a fixed test set, the train/test digit partition, max compositing, and the bouncing physics (a digit
// stays inside the canvas and turns around only at a wall).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Clip, type DigitImages, bouncingTrajectory, movingMnist, renderMovingMnist } from '../../src/data/index.js';
import { Generator, loadMnistDigits } from '../../src/index.js';
import { firstBatch, sameValues } from './collect.js';

/** 20 solid 28x28 blocks; image i has value 0.5 when i % 10 === 9 (held out for test), else 1. */
const BLOCKS: DigitImages = (() => {
  const pixels = new Float32Array(20 * 784);
  for (let i = 0; i < 20; i++) pixels.fill(i % 10 === 9 ? 0.5 : 1, i * 784, (i + 1) * 784);
  return { count: 20, side: 28, pixels };
})();

test('real MNIST digits load from the mnist package: 10,000 28x28 images in [0, 1] with labels', async () => {
  const digits = await loadMnistDigits();
  assert.equal(digits.count, 10000);
  assert.equal(digits.side, 28);
  assert.equal(digits.pixels.length, 10000 * 784);
  assert.ok(digits.pixels.every((v) => v >= 0 && v <= 1));
  assert.deepEqual([digits.labels?.[0], digits.labels?.[9999]], [0, 9]);
  const batch = await firstBatch(movingMnist({ digits, batchSize: 2, size: 4, backend: 'cpu' }));
  assert.deepEqual(batch.inputShape, [2, 10, 1, 64, 64]);
  assert.deepEqual(batch.targetShape, [2, 10, 1, 64, 64]);
  assert.ok(batch.input.every((v) => v >= 0 && v <= 1) && batch.target.some((v) => v > 0.5));
  // The ten digit files are read concurrently, so whichever fails first is named.
  await assert.rejects(() => loadMnistDigits('/nonexistent-mnist-dir'), /loadMnistDigits: cannot read '\/nonexistent-mnist-dir\/\d\.json'/);
});

test('same seed and epoch give identical videos; train videos change per epoch, the test set never does', async () => {
  const make = (seed: number, epoch: number, split: 'train' | 'test' = 'train') =>
    firstBatch(movingMnist({ digits: BLOCKS, seed, split, size: 4, batchSize: 2, shuffle: false, backend: 'cpu' }), epoch);
  const [a, b, c, e1] = await Promise.all([make(3, 0), make(3, 0), make(4, 0), make(3, 1)]);
  assert.ok(sameValues(a.input, b.input));
  assert.ok(!sameValues(a.input, c.input));
  assert.ok(!sameValues(a.input, e1.input), 'train videos are redrawn each epoch');
  const fixed = movingMnist({ digits: BLOCKS, size: 4, batchSize: 2, resample: false, backend: 'cpu' });
  assert.ok(sameValues((await fixed.example(1, 0)).input.data, (await fixed.example(1, 5)).input.data));
  const [t1, t2] = await Promise.all([make(3, 0, 'test'), make(9, 7, 'test')]);
  assert.ok(sameValues(t1.input, t2.input) && sameValues(t1.target, t2.target));
});

test('train videos use the nine-tenths of the digits, test videos the held-out tenth; overlaps take the max', async () => {
  const values = async (split: 'train' | 'test') => new Set((await firstBatch(movingMnist({ digits: BLOCKS, split, size: 8, batchSize: 8, backend: 'cpu' }))).input);
  assert.deepEqual([...(await values('train'))].sort(), [0, 1]);
  assert.deepEqual([...(await values('test'))].sort(), [0, 0.5]);
});

/** Top-left corner of the single 28x28 block in frame t. */
function corner(clip: Clip, t: number): [number, number] {
  for (let r = 0; r < clip.height; r++) {
    for (let q = 0; q < clip.width; q++) if (clip.data[(t * clip.height + r) * clip.width + q] > 0) return [r, q];
  }
  throw new Error(`frame ${t} is empty`);
}

/** True when consecutive non-zero moves along an axis change sign only across a frame at a wall (0 or range). */
function turnsOnlyAtWalls(positions: readonly number[], range: number): { ok: boolean; turns: number } {
  let last: { step: number; frame: number } | null = null;
  let turns = 0;
  for (let t = 1; t < positions.length; t++) {
    const step = positions[t] - positions[t - 1];
    if (step === 0) continue;
    if (last && Math.sign(step) !== Math.sign(last.step)) {
      turns++;
      const between = positions.slice(last.frame, t);
      if (!between.some((p) => p === 0 || p === range)) return { ok: false, turns };
    }
    last = { step, frame: t };
  }
  return { ok: true, turns };
}

test('a digit stays inside the canvas, moves about 3.6 px per frame, and reflects only at the walls', () => {
  const spec = { frames: 40, canvas: 64, digitsPerVideo: 1, stepLength: 0.1 };
  let turns = 0;
  for (let k = 0; k < 12; k++) {
    const clip = renderMovingMnist(BLOCKS, [0], spec, new Generator(100 + k));
    const rows: number[] = [];
    const cols: number[] = [];
    for (let t = 0; t < 40; t++) {
      const [r, q] = corner(clip, t);
      assert.ok(r >= 0 && q >= 0 && r + 28 <= 64 && q + 28 <= 64, `clip ${k} frame ${t} inside the canvas`);
      rows.push(r);
      cols.push(q);
      if (t > 0) assert.ok(Math.hypot(r - rows[t - 1], q - cols[t - 1]) <= 3.6 + 2, `clip ${k} frame ${t} step`);
    }
    for (const axis of [rows, cols]) {
      const result = turnsOnlyAtWalls(axis, 36);
      assert.ok(result.ok, `clip ${k}: a turn away from the walls in ${axis.join(',')}`);
      turns += result.turns;
    }
  }
  assert.ok(turns > 5, `expected several bounces in 12 clips of 40 frames, saw ${turns}`);
});

test('the rendered digit sits exactly on the drawn trajectory', () => {
  const gen = new Generator(7);
  gen.integer(0, 1); // the image pick, as renderMovingMnist draws it first
  const { rows, cols } = bouncingTrajectory(gen, 20, 36, 0.1);
  const clip = renderMovingMnist(BLOCKS, [0], { frames: 20, canvas: 64, digitsPerVideo: 1, stepLength: 0.1 }, new Generator(7));
  for (let t = 0; t < 20; t++) assert.deepEqual(corner(clip, t), [rows[t], cols[t]]);
  assert.ok(rows.every((r) => r >= 0 && r <= 36) && cols.every((c) => c >= 0 && c <= 36));
});

test('bad digit sources and splits throw naming the problem', () => {
  assert.throws(() => movingMnist({ digits: { count: 5, side: 28, pixels: new Float32Array(5 * 784) } }), /need at least 10 images/);
  assert.throws(() => movingMnist({ digits: { count: 10, side: 28, pixels: new Float32Array(10) } }), /need 7840 pixels, got 10/);
  assert.throws(() => movingMnist({ digits: BLOCKS, canvas: 20 }), /canvas 20 is smaller than the 28x28 digits/);
  assert.throws(() => movingMnist({ digits: BLOCKS, inputFrames: 20 }), /inputFrames must be in \[1, 19\]/);
});
