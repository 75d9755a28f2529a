// The Keras weight-name mapping of the ConvLSTM zoo models without tfjs: a framegrad model's own weights written
// out under Keras names and layouts (standalone Keras's 1-based numbering, tf.Variable ':0' suffixes, an outer
// model scope) convert back to the same state dict; unknown layers, wrong layer counts and ambiguous numbering
// are rejected naming the problem.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Tensor } from '../../src/index.js';
import {
  ConvLSTMEncoderDecoder, ConvLSTMNextFrame, type KerasWeight, type KerasWeights, convLSTMEncoderDecoderStateDictFromKeras, convLSTMNextFrameStateDictFromKeras,
} from '../../src/models/convlstm/index.js';
import { TOL, assertClose } from '../support/tolerances.js';

/** A [Cout, Cin, ...spatial] weight in Keras's [...spatial, Cin, Cout] layout. */
const kerasKernel = (w: Tensor): KerasWeight => {
  const d = w.rank - 2;
  const k = w.permute(...Array.from({ length: d }, (_, i) => i + 2), 1, 0).contiguous();
  return { shape: [...k.shape], values: k.dataSync() };
};
const vector = (t: Tensor): KerasWeight => ({ shape: [...t.shape], values: t.dataSync() });

function lstmWeights(out: Record<string, KerasWeight>, state: Record<string, Tensor>, from: string, to: string): void {
  out[`${to}/kernel:0`] = kerasKernel(state[`${from}input_conv.weight`]);
  out[`${to}/recurrent_kernel:0`] = kerasKernel(state[`${from}recurrent_conv.weight`]);
  out[`${to}/bias:0`] = vector(state[`${from}input_conv.bias`]);
}

function normWeights(out: Record<string, KerasWeight>, state: Record<string, Tensor>, from: string, to: string): void {
  for (const [k, f] of [['gamma', 'weight'], ['beta', 'bias'], ['moving_mean', 'running_mean'], ['moving_variance', 'running_var']]) {
    out[`${to}/${k}:0`] = vector(state[`${from}${f}`]);
  }
}

function assertSameState(actual: Record<string, Tensor>, expected: Record<string, Tensor>): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [k, t] of Object.entries(expected)) {
    assert.deepEqual(actual[k].shape, t.shape, k);
    assertClose(actual[k].dataSync(), t.dataSync(), TOL.exact, k);
  }
}

test('stacked model: standalone-Keras names (conv_lst_m2d_1 ... with a scope) round-trip', () => {
  const model = new ConvLSTMNextFrame({ filters: 3, numLayers: 3 });
  const state = model.stateDict();
  const keras: Record<string, KerasWeight> = {};
  // listed out of order on purpose: the suffix, not the record order, decides
  for (const l of [2, 0, 1]) {
    lstmWeights(keras, state, `convlstm.${l}.`, `sequential_1/conv_lst_m2d_${l + 1}`);
    normWeights(keras, state, `norm.${l}.`, `sequential_1/batch_normalization_${l + 1}`);
  }
  keras['sequential_1/conv3d_1/kernel:0'] = kerasKernel(state['head.weight']);
  keras['sequential_1/conv3d_1/bias:0'] = vector(state['head.bias']);
  assertSameState(convLSTMNextFrameStateDictFromKeras(keras), state);
});

test("encoder-decoder: tf.keras names (encoder's layers first) round-trip", () => {
  const model = new ConvLSTMEncoderDecoder({ units: [3, 2], kernelSizes: [3, 3] });
  const state = model.stateDict();
  const keras: Record<string, KerasWeight> = {};
  lstmWeights(keras, state, 'encoder.cells.0.', 'encoder/conv_lst_m2d');
  lstmWeights(keras, state, 'encoder.cells.1.', 'encoder/conv_lst_m2d_1');
  normWeights(keras, state, 'encoder.norm.0.', 'encoder/batch_normalization');
  lstmWeights(keras, state, 'decoder.cells.0.', 'decoder/conv_lst_m2d_2');
  lstmWeights(keras, state, 'decoder.cells.1.', 'decoder/conv_lst_m2d_3');
  normWeights(keras, state, 'decoder.norm.0.', 'decoder/batch_normalization_1');
  normWeights(keras, state, 'decoder.norm.1.', 'decoder/batch_normalization_2');
  keras['decoder/conv2d/kernel:0'] = kerasKernel(state['decoder.head.weight']);
  keras['decoder/conv2d/bias:0'] = vector(state['decoder.head.bias']);
  assertSameState(convLSTMEncoderDecoderStateDictFromKeras(keras), state);
});

test('bad records are rejected naming the problem', () => {
  const v = { shape: [1], values: [0] };
  const one: KerasWeights = { 'dense/kernel:0': v };
  assert.throws(() => convLSTMNextFrameStateDictFromKeras(one), /layer 'dense' is not a conv_lst_m2d/);
  assert.throws(() => convLSTMNextFrameStateDictFromKeras({ 'a/conv3d/bias': v, 'b/conv3d/bias': v }), /same number; their order is ambiguous/);
  assert.throws(() => convLSTMNextFrameStateDictFromKeras({ 'conv3d/bias': v, 'conv3d_1/bias': v }), /expected 1 conv3d layers/);
});
