// The synthetic satellite sequences: IAM4VP's shapes (12 history, 6 future frames of 11 channels), values in
// (0, 1), seeded determinism, and the physics: frames sample one field advected by the clip's wind.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawWeather, renderWeather, satellite, weatherAt } from '../../src/data/index.js';
import { Generator } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { firstBatch, sameValues } from './collect.js';

test('batches are [B, 12, 11, H, W] history and [B, 6, 11, H, W] future, values in (0, 1)', async () => {
  const batch = await firstBatch(satellite({ height: 16, width: 24, size: 4, batchSize: 2, backend: 'cpu' }));
  assert.deepEqual(batch.inputShape, [2, 12, 11, 16, 24]);
  assert.deepEqual(batch.targetShape, [2, 6, 11, 16, 24]);
  assert.ok([...batch.input, ...batch.target].every((v) => v > 0 && v < 1));
});

test('same seed gives identical clips, another seed different ones; the test split is fixed', async () => {
  const make = (seed: number, split: 'train' | 'test' = 'train') => firstBatch(satellite({ seed, split, height: 8, width: 8, size: 2, batchSize: 2, backend: 'cpu' }));
  const [a, b, c] = await Promise.all([make(0), make(0), make(1)]);
  assert.ok(sameValues(a.input, b.input) && sameValues(a.target, b.target));
  assert.ok(!sameValues(a.input, c.input));
  assert.ok(sameValues((await make(0, 'test')).input, (await make(5, 'test')).input));
});

test('without evolution, frame t + 1 is frame t moved by the wind (the field is advected)', () => {
  const spec = { channels: 3, height: 12, width: 16, modes: 5, maxSpeed: 1.5, evolution: 0 };
  const w = drawWeather(new Generator(4), spec);
  assert.ok(Math.hypot(w.windRow, w.windCol) <= 1.5);
  const clip = renderWeather(w, 3);
  const got: number[] = [];
  const want: number[] = [];
  for (let c = 0; c < 3; c++) {
    for (let r = 0; r < 12; r++) {
      for (let q = 0; q < 16; q++) {
        got.push(clip.data[((2 * 3 + c) * 12 + r) * 16 + q]);
        want.push(weatherAt(w, c, r - w.windRow, q - w.windCol, 1));
      }
    }
  }
  assertClose(got, want, TOL.float32VsFloat64, 'frame 2 vs frame 1 moved by the wind');
  // Periodic modes: a shift by the whole canvas changes nothing.
  assertClose([weatherAt(w, 1, 3.25, 5.5, 0)], [weatherAt(w, 1, 3.25 + 12, 5.5 - 16, 0)], TOL.handComputed64, 'periodic field');
});

test('channels are distinct but correlated bands of the same field', () => {
  const w = drawWeather(new Generator(2), { channels: 2, height: 32, width: 32, modes: 6, maxSpeed: 1, evolution: 0.05 });
  const clip = renderWeather(w, 1);
  const [a, b] = [clip.data.subarray(0, 1024), clip.data.subarray(1024, 2048)];
  const mean = (x: Float32Array) => x.reduce((s, v) => s + v, 0) / x.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < 1024; i++) [sab, saa, sbb] = [sab + (a[i] - ma) * (b[i] - mb), saa + (a[i] - ma) ** 2, sbb + (b[i] - mb) ** 2];
  const correlation = sab / Math.sqrt(saa * sbb);
  assert.ok(!sameValues(a, b));
  assert.ok(correlation > 0.5, `correlation ${correlation}`);
});

test('bad sizes throw naming the field', () => {
  assert.throws(() => satellite({ channels: 0 }), /satellite: channels must be a positive integer, got 0/);
  assert.throws(() => satellite({ modes: 0 }), /modes must be a positive integer/);
  assert.throws(() => satellite({ futureFrames: 0 }), /historyFrames and futureFrames must be positive integers/);
});
