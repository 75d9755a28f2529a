// ConvLSTM in Keras mode against a Keras implementation: tfjs-layers' convLstm2d (Keras 2 semantics: gates i,f,c,o,
// hard_sigmoid clip(0.2 x + 0.5, 0, 1) by default, channels_last), its weights carried over by name through
// convLSTMStateDictFromKeras. tfjs computes in float32, so the comparison is float32 vs float64.

import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { nn, tensor } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';

interface Variant {
  readonly padding: 'same' | 'valid';
  readonly recurrentActivation: 'hardSigmoid' | 'sigmoid';
}

async function compareWithTfjs(variant: Variant): Promise<void> {
  await tf.setBackend('cpu');
  const [b, t, h, w, cin, filters] = [2, 3, 6, 5, 2, 3];
  const layer = tfl.layers.convLstm2d({
    filters, kernelSize: 3, padding: variant.padding, returnSequences: true, recurrentActivation: variant.recurrentActivation,
    // tfjs's orthogonal initializer fails under tfjs-core without the chained ops; the weights are read back anyway.
    recurrentInitializer: 'glorotUniform', biasInitializer: tfl.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 3 }),
  });
  const x = tf.randomUniform([b, t, h, w, cin], -1, 1, 'float32', 5);
  const expected = layer.apply(x) as tf.Tensor;
  const weights = Object.fromEntries(layer.weights.map((v) => [v.name, tensor(Float64Array.from(v.read().dataSync()), { shape: v.shape.map(Number), dtype: 'float64' })]));
  const ours = new nn.ConvLSTM(cin, filters, 3, {
    ...nn.kerasConvLSTM2DOptions, padding: variant.padding, returnSequences: true,
    recurrentActivation: variant.recurrentActivation === 'hardSigmoid' ? 'hard_sigmoid' : 'sigmoid',
  }).to('float64');
  ours.loadStateDict(nn.convLSTMStateDictFromKeras(weights, 'cells.0.'));
  const input = tensor(Float64Array.from(x.dataSync()), { shape: [b, t, h, w, cin], dtype: 'float64' }).permute(0, 1, 4, 2, 3);
  const output = ours.forward(input).output.permute(0, 1, 3, 4, 2).contiguous();
  assertClose(output.dataSync(), expected.dataSync(), TOL.float32VsFloat64, `ConvLSTM vs tfjs convLstm2d (${variant.padding}, ${variant.recurrentActivation})`);
}

describe('ConvLSTM (Keras mode) vs tfjs-layers convLstm2d', () => {
  test('same padding, hard_sigmoid (Keras 2 default)', () => compareWithTfjs({ padding: 'same', recurrentActivation: 'hardSigmoid' }));
  test('valid padding, sigmoid', () => compareWithTfjs({ padding: 'valid', recurrentActivation: 'sigmoid' }));
});
