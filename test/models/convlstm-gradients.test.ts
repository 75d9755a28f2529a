// Gradients of the ConvLSTM zoo models in training mode (batch-norm batch statistics): one backward reaches every
// parameter with a non-zero gradient (except the encoder-decoder's last decoder norm, whose output feeds nothing,
// as in TensorFlow), and float64 gradients match central finite differences on miniatures (2 hidden channels,
// 4x4 frames, T = 2) w.r.t. the input and sampled elements of parameters from every part.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { nn } from '../../src/index.js';
import { ConvLSTMEncoderDecoder, ConvLSTMNextFrame } from '../../src/models/index.js';
import { gradcheck, gradcheckParameters } from '../support/gradcheck.js';
import { weightedSum } from './iam4vp-helpers.js';
import { frames, seedParameters } from './convlstm-helpers.js';

function assertGradients(model: nn.Module, withoutGradient: readonly string[]): void {
  for (const [name, p] of model.namedParameters()) {
    if (withoutGradient.includes(name)) {
      assert.equal(p.grad, null, `${name} feeds nothing and gets no gradient`);
      continue;
    }
    assert.ok(p.grad, `${name} has a gradient`);
    assert.ok(Array.from(p.grad.dataSync()).some((v) => v !== 0), `${name}'s gradient is not all zero`);
  }
}

/** d loss / d p at the first, middle and last element of each named parameter vs central differences. */

describe('ConvLSTMNextFrame gradients', () => {
  test('one backward reaches every parameter', () => {
    const model = new ConvLSTMNextFrame({ filters: 3, numLayers: 2 });
    weightedSum(model.forward(frames([2, 3, 1, 6, 6], 1)), 2).backward();
    assertGradients(model, []);
  });

  const mini = (): ConvLSTMNextFrame => {
    const model = new ConvLSTMNextFrame({ filters: 2, numLayers: 2 }).to('float64');
    seedParameters(model, 3);
    return model;
  };

  test('gradcheck (float64) w.r.t. the input', () => {
    const model = mini();
    gradcheck((x) => model.forward(x), [frames([2, 2, 1, 4, 4], 4, 'float64', 'cpu', true)]);
  });

  test('parameter gradients (float64) match finite differences', () => {
    const model = mini();
    const x = frames([2, 2, 1, 4, 4], 5, 'float64');
    gradcheckParameters(model, () => weightedSum(model.forward(x), 6), [
      'convlstm.0.input_conv.weight', 'convlstm.0.input_conv.bias', 'convlstm.1.recurrent_conv.weight', 'norm.0.weight', 'norm.1.bias', 'head.weight', 'head.bias',
    ]);
  });
});

describe('ConvLSTMEncoderDecoder gradients', () => {
  test('one backward reaches every parameter but the last decoder norm (its output feeds nothing)', () => {
    const model = new ConvLSTMEncoderDecoder({ units: [3, 2], kernelSizes: [3, 3] });
    weightedSum(model.forward(frames([2, 3, 1, 6, 6], 7), 2, frames([2, 1, 1, 6, 6], 8)), 9).backward();
    assertGradients(model, ['decoder.norm.1.weight', 'decoder.norm.1.bias']);
  });

  const mini = (): ConvLSTMEncoderDecoder => {
    const model = new ConvLSTMEncoderDecoder({ units: [2, 2], kernelSizes: [3, 3] }).to('float64');
    seedParameters(model, 10);
    return model;
  };

  test('gradcheck (float64) w.r.t. the input and the teacher frames', () => {
    const model = mini();
    gradcheck((x, teacher) => model.forward(x, 2, teacher), [frames([2, 2, 1, 4, 4], 11, 'float64', 'cpu', true), frames([2, 1, 1, 4, 4], 12, 'float64', 'cpu', true)]);
  });

  test('parameter gradients (float64) match finite differences', () => {
    const model = mini();
    const x = frames([2, 3, 1, 4, 4], 13, 'float64');
    gradcheckParameters(model, () => weightedSum(model.forward(x, 2), 14), [
      'encoder.cells.0.input_conv.weight', 'encoder.cells.1.recurrent_conv.weight', 'encoder.norm.0.weight', 'decoder.cells.0.input_conv.bias',
      'decoder.cells.1.input_conv.weight', 'decoder.norm.0.bias', 'decoder.head.weight',
    ]);
  });
});
