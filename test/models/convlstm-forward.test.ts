// The ConvLSTM zoo models' forward passes at the seed configurations on small frames: output shapes and ranges
// ([B, T, 1, H, W] probabilities; the encoder-decoder's [B, steps, 1, H, W]), the autoregressive forecasts'
// shapes and that they only append (the frames they feed back are the model's own predictions), the Conv3D
// head's temporal leak under Keras's 'same' padding and its absence under 'causal', and teacher forcing.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Tensor, cat, manualSeed, tensor } from '../../src/index.js';
import { ConvLSTMEncoderDecoder, ConvLSTMNextFrame } from '../../src/models/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { seededValues } from './iam4vp-helpers.js';

const frames = (shape: number[], seed: number): Tensor =>
  tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed).map(Math.abs), { shape, dtype: 'float32' });

const inUnitInterval = (t: Tensor): boolean => Array.from(t.dataSync()).every((v) => v > 0 && v < 1);

describe('ConvLSTMNextFrame forward', () => {
  manualSeed(1);
  const model = new ConvLSTMNextFrame();

  test('seed configuration (4 x 40 filters) on 2 clips of 4 frames, 8x8: [2, 4, 1, 8, 8] probabilities', () => {
    const y = model.forward(frames([2, 4, 1, 8, 8], 1));
    assert.deepEqual(y.shape, [2, 4, 1, 8, 8]);
    assert.ok(inUnitInterval(y));
  });

  test('forecast appends the last output frame, re-running the prefix: [2, 3, 1, 8, 8]', () => {
    model.eval();
    const x = frames([2, 2, 1, 8, 8], 2);
    const out = model.forecast(x, 3);
    assert.deepEqual(out.shape, [2, 3, 1, 8, 8]);
    // step 2 is the model's next frame after the two inputs and its own first prediction
    const first = out.narrow(1, 0, 1);
    assertClose(out.narrow(1, 1, 1).contiguous().dataSync(), model.predictNext(cat([x, first], 1)).dataSync(), TOL.exact, 'fed-back step');
    model.train();
  });

  test("Keras's 'same' Conv3D head leaks frame t + 1 into output t; 'causal' does not", () => {
    const check = (headPadding: 'same' | 'causal'): boolean => {
      manualSeed(3);
      const m = new ConvLSTMNextFrame({ filters: 3, numLayers: 1, headPadding }).eval();
      const x = frames([1, 3, 1, 6, 6], 4);
      const changed = cat([x.narrow(1, 0, 2), x.narrow(1, 2, 1).add(1)], 1);
      const a = m.forward(x).narrow(1, 1, 1).contiguous().dataSync();
      const b = m.forward(changed).narrow(1, 1, 1).contiguous().dataSync();
      return a.some((v, i) => v !== b[i]);
    };
    assert.equal(check('same'), true);
    assert.equal(check('causal'), false);
  });

  test('eval mode uses the moving statistics, training mode the batch statistics', () => {
    const m = new ConvLSTMNextFrame({ filters: 3, numLayers: 1 });
    const x = frames([1, 2, 1, 5, 5], 5);
    const train = m.forward(x).dataSync();
    const evaluated = m.eval().forward(x).dataSync();
    assert.ok(train.some((v, i) => Math.abs(v - evaluated[i]) > 1e-3));
    assert.equal(m.norm.at(0).numBatchesTracked!.item(), 1);
  });
});

describe('ConvLSTMEncoderDecoder forward', () => {
  manualSeed(2);
  const model = new ConvLSTMEncoderDecoder();

  test('seed configuration (128 filters): 4 frames of 6x6 (3 encoded) -> 3 predicted frames', () => {
    const y = model.forward(frames([1, 4, 1, 6, 6], 6), 3);
    assert.deepEqual(y.shape, [1, 3, 1, 6, 6]);
    assert.ok(inUnitInterval(y));
  });

  test('forecast feeds predictions back; teacher forcing feeds the given frames', () => {
    const m = new ConvLSTMEncoderDecoder({ units: [4, 3], kernelSizes: [3, 3] }).eval();
    const x = frames([2, 3, 1, 5, 5], 7);
    const auto = m.forecast(x, 3);
    assert.deepEqual(auto.shape, [2, 3, 1, 5, 5]);
    // teacher-forcing with the model's own predictions reproduces the autoregressive rollout
    assertClose(m.forward(x, 3, auto.narrow(1, 0, 2)).dataSync(), auto.dataSync(), TOL.exact, 'self-teacher');
    const forced = m.forward(x, 3, frames([2, 2, 1, 5, 5], 8)).dataSync();
    const a = auto.dataSync();
    assert.ok(forced.some((v, i) => v !== a[i]));
    assertClose(forced.slice(0, 25), a.slice(0, 25), TOL.exact, 'first step needs no teacher');
  });
});
