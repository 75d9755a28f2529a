// The ConvLSTM zoo models against Keras as tfjs-layers implements it (ConvLSTM2D, BatchNormalization, Conv3D,
// Conv2D, channels_last): tfjs's parameter counts equal framegrad's Keras counts; tfjs's weights, converted by
// their Keras names with the models' documented mapping, give the same outputs in inference mode (moving
// statistics set to non-trivial values) and in training mode (batch statistics), and the same moving-statistics
// updates up to the documented unbiased-variance difference. Frames of 8x8 and 4x4 (tfjs's cpu convolutions are slow);
// the counts do not depend on the frame size.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Tensor, tensor } from '../../src/index.js';
import {
  ConvLSTMEncoderDecoder, ConvLSTMNextFrame, convLSTMEncoderDecoderStateDictFromKeras, convLSTMNextFrameStateDictFromKeras, kerasParameterCounts,
} from '../../src/models/convlstm/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { seededValues } from './iam4vp-helpers.js';
import { KerasEncoderDecoder, KerasStackedConvLSTM, countParams, fromKerasLayout, kerasWeightsOf, tfjsReady, toKerasLayout } from './convlstm-tfjs.js';

const frames = (b: number, t: number, size: number, seed: number): Tensor =>
  tensor(seededValues(b * t * size * size, seed).map((v) => Math.abs(v)), { shape: [b, t, 1, size, size], dtype: 'float32' });

describe('ConvLSTMNextFrame vs Keras (tfjs-layers)', () => {
  for (const [numLayers, activation, total, size] of [[4, 'hard_sigmoid', 407_001, 8], [3, 'sigmoid', 291_481, 4]] as const) {
    test(`${numLayers} layers, ${activation}, ${size}x${size}: count ${total}, inference and training forward, moving statistics`, async () => {
      await tfjsReady();
      const keras = new KerasStackedConvLSTM(numLayers, 40, activation === 'sigmoid' ? 'sigmoid' : 'hardSigmoid', 100 + numLayers);
      const model = new ConvLSTMNextFrame({ numLayers, recurrentActivation: activation });
      const x = frames(2, 3, size, 7);
      const inference = fromKerasLayout(keras.forward(toKerasLayout(x), false)); // builds the layers
      assert.equal(countParams(keras.layers), total);
      assert.deepEqual(kerasParameterCounts(model), { total, trainable: total - 80 * numLayers, nonTrainable: 80 * numLayers });
      model.loadStateDict(convLSTMNextFrameStateDictFromKeras(kerasWeightsOf(keras.layers)));

      model.eval();
      assertClose(model.forward(x).dataSync(), inference.dataSync(), TOL.kerasTfjsModel, 'inference output');

      const before = model.norm.at(0).runningVar!.dataSync().slice();
      model.train();
      assertClose(model.forward(x).dataSync(), fromKerasLayout(keras.forward(toKerasLayout(x), true)).dataSync(), TOL.kerasTfjsModel, 'training output');
      // tfjs updates the moving variance with the biased batch variance, framegrad with the unbiased one (n / (n - 1)):
      // framegrad's = tfjs's + (tfjs's - 0.99 old) / (n - 1), n = B * T * H * W.
      const n = 2 * 3 * size * size;
      const after = kerasWeightsOf([keras.layers[1]]);
      const tfVar = Array.from(after['batch_normalization/moving_variance'].values);
      assertClose(model.norm.at(0).runningMean!.dataSync(), after['batch_normalization/moving_mean'].values, TOL.kerasTfjsModel, 'moving mean');
      assertClose(model.norm.at(0).runningVar!.dataSync(), tfVar.map((v, i) => v + (v - 0.99 * before[i]) / (n - 1)), TOL.kerasTfjsModel, 'moving variance');
    });
  }
});

describe('ConvLSTMEncoderDecoder vs Keras (tfjs-layers)', () => {
  for (const units of [[128], [4, 3]]) {
    test(`units [${units}]: count, inference and training forecasts`, async () => {
      await tfjsReady();
      const keras = new KerasEncoderDecoder(units, 300);
      const model = new ConvLSTMEncoderDecoder({ units, kernelSizes: units.map(() => 3) });
      const x = frames(2, 3, 4, 9); // 4x4: tfjs's cpu ConvLSTM2D at 128 filters is slow
      const kx = toKerasLayout(x);
      keras.forward(kx, 1, false); // builds the layers
      assert.equal(countParams(keras.layers), kerasParameterCounts(model).total);
      if (units.length === 1) assert.deepEqual(kerasParameterCounts(model), { total: 1_190_529, trainable: 1_190_273, nonTrainable: 256 });
      model.loadStateDict(convLSTMEncoderDecoderStateDictFromKeras(kerasWeightsOf(keras.layers)));

      model.eval();
      assertClose(model.forecast(x, 2).dataSync(), fromKerasLayout(keras.forward(kx, 2, false)).dataSync(), TOL.kerasTfjsModel, 'inference forecast');
      model.train();
      assertClose(model.forward(x, 2).dataSync(), fromKerasLayout(keras.forward(kx, 2, true)).dataSync(), TOL.kerasTfjsModel, 'training forecast');
    });
  }
});
