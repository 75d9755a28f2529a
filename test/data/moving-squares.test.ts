// Moving squares as the Keras example makes them: shapes, values, seeded determinism and the fixed test split,
// the shifted-target convention, and the motion of each square (one pixel per frame per axis, no bouncing).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Clip, type Square, concatFrames, drawSquares, movingSquares, renderSquares } from '../../src/data/index.js';
import { Generator } from '../../src/index.js';
import { firstBatch, sameValues } from './collect.js';

const FRAME = 40 * 40;

test('batches are [B, T, 1, 40, 40]; targets are 0/1, noisy inputs stay in [-0.2, 1]', async () => {
  const batch = await firstBatch(movingSquares({ batchSize: 6, size: 12, backend: 'cpu' }));
  assert.deepEqual(batch.inputShape, [6, 15, 1, 40, 40]);
  assert.deepEqual(batch.targetShape, [6, 15, 1, 40, 40]);
  assert.ok(batch.target.every((v) => v === 0 || v === 1));
  assert.ok(batch.input.every((v) => v >= -0.2 - 1e-6 && v <= 1));
  assert.ok(batch.input.some((v) => v > 0 && v < 1), 'noise rings leave values strictly between 0 and 1');
  const clean = await firstBatch(movingSquares({ batchSize: 2, size: 2, frames: 20, noise: false, backend: 'cpu' }));
  assert.deepEqual(clean.inputShape, [2, 20, 1, 40, 40]);
  assert.ok(clean.input.every((v) => v === 0 || v === 1));
});

test('same seed gives identical batches, another seed different ones; the test split ignores the seed', async () => {
  const make = (seed: number, split: 'train' | 'test' = 'train') => firstBatch(movingSquares({ seed, split, size: 8, batchSize: 4, backend: 'cpu' }));
  const [a, b, c] = await Promise.all([make(1), make(1), make(2)]);
  assert.ok(sameValues(a.input, b.input) && sameValues(a.target, b.target));
  assert.ok(!sameValues(a.input, c.input));
  const [t1, t2] = await Promise.all([make(1, 'test'), make(2, 'test')]);
  assert.ok(sameValues(t1.input, t2.input));
  assert.deepEqual(t1.indices, [0, 1, 2, 3]);
});

test('clean movies: target frame t is input frame t + 1', async () => {
  const ds = movingSquares({ noise: false, frames: 20, size: 4, batchSize: 4, backend: 'cpu' });
  for (let i = 0; i < 4; i++) {
    const { input, target } = await ds.example(i);
    for (let t = 0; t + 1 < 20; t++) assert.ok(sameValues(target.data.subarray(t * FRAME, (t + 1) * FRAME), input.data.subarray((t + 1) * FRAME, (t + 2) * FRAME)), `clip ${i} frame ${t}`);
  }
});

test("Model B's layout splits the clean shifted movie into 10 input and 10 target frames", async () => {
  const pairs = movingSquares({ frames: 20, size: 3, batchSize: 1, backend: 'cpu' });
  const split = movingSquares({ frames: 20, splitAt: 10, size: 3, batchSize: 1, backend: 'cpu' });
  for (let i = 0; i < 3; i++) {
    const [{ target: movie }, { input, target }] = [await pairs.example(i), await split.example(i)];
    assert.deepEqual([input.frames, target.frames], [10, 10]);
    assert.ok(sameValues(concatFrames(input, target).data, movie.data));
  }
  assert.throws(() => movingSquares({ frames: 20, splitAt: 20 }), /movingSquares: splitAt must be an integer in \[1, 19\], got 20/);
});

/** Bounding box of the non-zero pixels of frame t, or null when the frame is empty. */
function box(clip: Clip, t: number): { top: number; left: number; bottom: number; right: number } | null {
  let [top, left, bottom, right] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let r = 0; r < clip.height; r++) {
    for (let q = 0; q < clip.width; q++) {
      if (clip.data[(t * clip.height + r) * clip.width + q] === 0) continue;
      [top, left, bottom, right] = [Math.min(top, r), Math.min(left, q), Math.max(bottom, r), Math.max(right, q)];
    }
  }
  return top === Infinity ? null : { top, left, bottom, right };
}

test('a square keeps its size and moves one pixel per frame per axis until it leaves the crop (no bouncing)', () => {
  const square: Square = { row: 45, col: 48, dRow: -1, dCol: 1, half: 3 };
  const { input, target } = renderSquares([square], 15, false, new Generator(0));
  for (let t = 0; t < 15; t++) {
    const [row, col] = [square.row + square.dRow * t - 20, square.col + square.dCol * t - 20];
    const b = box(input, t);
    const right = Math.min(col + square.half, 40) - 1;
    assert.deepEqual(b, { top: row - 3, left: col - 3, bottom: row + 2, right }, `frame ${t}`);
    if (t < 14) assert.deepEqual(box(target, t), box(input, t + 1), `target frame ${t} is input frame ${t + 1}`);
  }
  // Columns 48 + t run into the crop edge (60) and are cut off, never reflected: only one column is left at t = 14.
  assert.deepEqual([box(input, 14)?.left, box(input, 14)?.right], [39, 39]);
});

test('drawn squares follow Keras ranges and every target pixel lies in some square at t + 1', () => {
  const gen = new Generator(9);
  for (let k = 0; k < 20; k++) {
    const squares = drawSquares(gen);
    assert.ok(squares.length >= 3 && squares.length <= 7);
    for (const s of squares) {
      assert.ok(s.row >= 20 && s.row < 60 && s.col >= 20 && s.col < 60 && [2, 3].includes(s.half));
      assert.ok([-1, 0, 1].includes(s.dRow) && [-1, 0, 1].includes(s.dCol));
    }
    const { target } = renderSquares(squares, 10, true, gen);
    for (let t = 0; t < 10; t++) {
      for (let r = 0; r < 40; r++) {
        for (let q = 0; q < 40; q++) {
          const inside = squares.some((s) => {
            const [x, y] = [s.row + s.dRow * (t + 1) - 20, s.col + s.dCol * (t + 1) - 20];
            return r >= x - s.half && r < x + s.half && q >= y - s.half && q < y + s.half;
          });
          assert.equal(target.data[(t * 40 + r) * 40 + q], inside ? 1 : 0);
        }
      }
    }
  }
});
