// The ConvGRU U-Net's gradients in float64 on cpu against central finite differences, on a two-level miniature
// with seeded parameters run over two frames (so the recurrent path matters), in training mode (batch statistics):
// w.r.t. the frames, and w.r.t. sampled elements of parameters from every block kind.

import { test } from 'node:test';
import { type Tensor } from '../../src/index.js';
import { AutoregressiveUNet } from '../../src/models/index.js';
import { gradcheck, gradcheckParameters } from '../support/gradcheck.js';
import { TINY_CHANNELS, seedParameters, seeded, weightedSum } from './crnn-helpers.js';

function model64(): AutoregressiveUNet {
  const model = new AutoregressiveUNet({ channels: TINY_CHANNELS }).to('float64');
  seedParameters(model, 31);
  return model;
}

test('AutoregressiveUNet gradcheck (float64) w.r.t. two frames', () => {
  const model = model64();
  gradcheck((frames) => model.rollout(frames).outputs, [seeded([2, 2, 1, 4, 4], 32, 'float64', 'cpu', true)]);
});

test('AutoregressiveUNet parameter gradients (float64) match finite differences on sampled elements', () => {
  const model = model64();
  const frames = seeded([2, 2, 1, 4, 4], 33);
  const loss = (): Tensor => weightedSum(model.rollout(frames).outputs, 34);
  const names = [
    'DownSample.0.res.Fw.0.weight', 'DownSample.0.res.Fw.2.weight', 'DownSample.0.conv_gru.W_r.weight', 'DownSample.1.conv_gru.W_z.bias',
    'DownSample.1.conv_gru.W.weight', 'DownSample.1.res.lin_proj.weight', 'UpSample.1.residual_block.Fw.4.bias', 'UpSample.1.upsample.weight',
    'UpSample.0.residual_block.Fw.3.weight', 'UpSample.0.upsample.bias',
  ];
  gradcheckParameters(model, loss, names);
});
