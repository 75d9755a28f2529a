// The epoch loop shared by every dataset: batch counts, the last partial batch, seeded shuffling, the
// test split's fixed order, the backend option and the errors for impossible configurations.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClipDataset, type LoaderOptions, emptyClip, mixSeed, permutation } from '../../src/data/index.js';
import { Generator } from '../../src/index.js';
import { epochBatches, sameValues } from './collect.js';

/** Example i is a 1-frame input and target filled with i. */
function numbered(length: number, options: LoaderOptions, split: 'train' | 'test' = 'train'): ClipDataset {
  const read = (i: number) => {
    const clip = emptyClip(1, 1, 2, 2);
    clip.data.fill(i);
    return { input: clip, target: clip };
  };
  return new ClipDataset('numbered', length, read, options, split);
}

test('batches cover the epoch once; the last batch may be partial unless dropLast', async () => {
  const all = await epochBatches(numbered(10, { batchSize: 4, backend: 'cpu' }));
  assert.deepEqual(all.map((b) => b.inputShape[0]), [4, 4, 2]);
  assert.deepEqual(all.flatMap((b) => b.indices).sort((a, b) => a - b), [...Array(10).keys()]);
  for (const b of all) b.indices.forEach((i, k) => assert.equal(b.input[k * 4], i));
  const dropped = await epochBatches(numbered(10, { batchSize: 4, dropLast: true, backend: 'cpu' }));
  assert.deepEqual(dropped.map((b) => b.inputShape[0]), [4, 4]);
  assert.deepEqual(all[0].inputShape, [4, 1, 1, 2, 2]);
});

test('train order is a seeded shuffle, new each epoch; test order is sequential', async () => {
  const ds = numbered(12, { batchSize: 3, seed: 5 });
  const again = numbered(12, { batchSize: 3, seed: 5 });
  assert.deepEqual(ds.order(0), again.order(0));
  assert.notDeepEqual(ds.order(0), ds.order(1));
  assert.notDeepEqual(ds.order(0), numbered(12, { batchSize: 3, seed: 6 }).order(0));
  assert.deepEqual([...ds.order(3)].sort((a, b) => a - b), [...Array(12).keys()]);
  assert.deepEqual(numbered(12, { batchSize: 3 }, 'test').order(4), [...Array(12).keys()]);
  assert.deepEqual(numbered(12, { batchSize: 3, shuffle: false }).order(2), [...Array(12).keys()]);
});

test('permutation and mixSeed are deterministic functions of their inputs', () => {
  assert.deepEqual(permutation(20, new Generator(3)), permutation(20, new Generator(3)));
  assert.equal(mixSeed(1, 2, 3), mixSeed(1, 2, 3));
  assert.notEqual(mixSeed(1, 2, 3), mixSeed(1, 3, 2));
  assert.ok(sameValues([...permutation(7, new Generator(0))].sort(), [0, 1, 2, 3, 4, 5, 6]));
});

test('impossible configurations throw naming the problem', async () => {
  assert.throws(() => numbered(3, { batchSize: 4 }), /batchSize 4 is larger than the dataset \(3 examples\)/);
  assert.throws(() => numbered(3, { batchSize: 0 }), /batchSize must be a positive integer/);
  assert.throws(() => numbered(0, {}), /at least one example/);
  await assert.rejects(() => numbered(3, { batchSize: 1 }).example(3), /example 3 is outside \[0, 3\)/);
  const mixed = new ClipDataset('mixed', 2, (i) => ({ input: emptyClip(1, 1, 2 + i, 2), target: emptyClip(1, 1, 2, 2) }), { batchSize: 2, shuffle: false }, 'train');
  await assert.rejects(() => epochBatches(mixed), /mixed: example 1 has input shape \[1, 1, 3, 2\], but example 0 has \[1, 1, 2, 2\]/);
});
