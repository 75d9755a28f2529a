// Forward shapes of the CRNN models (crnn-diffusion.md §2.4 and §4), the centre crop's rounding, and which
// parameters gradients reach: from zero states the reset gates' convolutions get exactly none (r multiplies
// h = 0); from the second frame on every parameter gets a non-zero gradient.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { arange } from '../../src/index.js';
import { AutoregressiveUNet, PrintedCrnn } from '../../src/models/index.js';
import { centerCrop } from '../../src/models/crnn/index.js';
import { seedParameters, seeded, weightedSum } from './crnn-helpers.js';

describe('AutoregressiveUNet forward', () => {
  test('a 32x32 frame at the seed widths: output 1x32x32, one state per level at its resolution', () => {
    const model = new AutoregressiveUNet();
    const { output, hidden } = model.forward(seeded([2, 1, 32, 32], 1, 'float32'));
    assert.deepEqual(output.shape, [2, 1, 32, 32]);
    assert.deepEqual(hidden.map((h) => h.shape), [[2, 2, 32, 32], [2, 4, 16, 16], [2, 8, 8, 8], [2, 16, 4, 4]]);
    const next = model.forward(seeded([2, 1, 32, 32], 2, 'float32'), hidden);
    assert.deepEqual(next.output.shape, [2, 1, 32, 32]);
  });

  test('rollout over [T, B, C, H, W] returns T predictions and the last states; wrong inputs throw', () => {
    const model = new AutoregressiveUNet({ channels: [1, 2, 4] });
    const { outputs, hidden } = model.rollout(seeded([3, 2, 1, 8, 8], 3, 'float32'));
    assert.deepEqual(outputs.shape, [3, 2, 1, 8, 8]);
    assert.deepEqual(hidden.map((h) => h.shape), [[2, 2, 8, 8], [2, 4, 4, 4]]);
    assert.throws(() => model.forward(seeded([2, 3, 8, 8], 4, 'float32')), /expected a frame \[B, 1, H, W\]/);
    assert.throws(() => model.forward(seeded([2, 1, 8, 8], 4, 'float32'), hidden.slice(1)), /got 1 hidden states, expected 2/);
  });
});

test('PrintedCrnn: a 1x32x32 input gives the printed shapes and a 1x64x64 output (spec §2.4)', () => {
  const model = new PrintedCrnn();
  const x = seeded([2, 1, 32, 32], 5, 'float32');
  let y = x;
  const shapes: number[][] = [];
  for (const block of model.down) {
    const [pooled, h] = block.forward(y);
    shapes.push([...pooled.shape.slice(1)], [...h.shape.slice(1)]);
    y = pooled;
  }
  assert.deepEqual(shapes, [[2, 16, 16], [2, 32, 32], [4, 8, 8], [4, 16, 16], [8, 4, 4], [8, 8, 8], [16, 2, 2], [16, 4, 4]]);
  assert.deepEqual(model.forward(x).shape, [2, 1, 64, 64]);
});

test('centerCrop offsets are Python round((H - h) / 2), halves to even as torchvision', () => {
  const grid = arange(0, 100, 1, { dtype: 'float32' }).reshape([1, 1, 10, 10]);
  const corner = (h: number, w: number): number => centerCrop(grid, h, w).contiguous().dataSync()[0];
  assert.equal(corner(5, 5), 22); // top and left (10 - 5) / 2 = 2.5 -> 2
  assert.equal(corner(7, 10), 20); // top 1.5 -> 2, left 0
  assert.equal(corner(3, 9), 40); // top 3.5 -> 4, left 0.5 -> 0
  assert.throws(() => centerCrop(grid, 11, 2), /does not fit/);
});

describe('AutoregressiveUNet gradients', () => {
  test('from zero states exactly the reset-gate convolutions get no gradient; after two frames all do', () => {
    const model = new AutoregressiveUNet({ channels: [1, 2, 4] });
    seedParameters(model, 7);
    const frames = seeded([2, 2, 1, 8, 8], 8, 'float32');
    weightedSum(model.forward(frames.narrow(0, 0, 1).squeeze(0)).output, 9).backward();
    const zero = [...model.namedParameters()].filter(([, p]) => !p.grad || p.grad.abs().max().item() === 0).map(([n]) => n);
    assert.deepEqual(zero, ['DownSample.0.conv_gru.W_r.weight', 'DownSample.0.conv_gru.W_r.bias', 'DownSample.1.conv_gru.W_r.weight', 'DownSample.1.conv_gru.W_r.bias']);

    model.zeroGrad();
    weightedSum(model.rollout(frames).outputs, 9).backward();
    for (const [name, p] of model.namedParameters()) assert.ok(p.grad && p.grad.abs().max().item() > 0, `${name} has a non-zero gradient`);
  });

  test('PrintedCrnn: every parameter gets a non-zero gradient', () => {
    const model = new PrintedCrnn({ channels: [1, 2, 4] });
    seedParameters(model, 10);
    weightedSum(model.forward(seeded([2, 1, 8, 8], 11, 'float32')), 12).backward();
    for (const [name, p] of model.namedParameters()) assert.ok(p.grad && p.grad.abs().max().item() > 0, `${name} has a non-zero gradient`);
  });
});
