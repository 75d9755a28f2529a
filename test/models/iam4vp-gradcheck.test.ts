// IAM4VP's gradients in float64 on cpu against central finite differences, at a miniature configuration with
// every parameter seeded to a scale where all paths matter: w.r.t. the history frames and the earlier prediction
// (through the gradcheck helper), and w.r.t. a few elements of parameters from every part of the model.

import { test } from 'node:test';
import { type Tensor, tensor } from '../../src/index.js';
import { IAM4VP } from '../../src/models/index.js';
import { gradcheck, gradcheckParameters } from '../support/gradcheck.js';
import { TINY, seedParameters, seededValues, weightedSum } from './iam4vp-helpers.js';

const [steps, channels, h, w] = TINY.shapeIn;
const input = (shape: number[], seed: number, requiresGrad = false): Tensor =>
  tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad });

function model64(): IAM4VP {
  const model = new IAM4VP(TINY).to('float64');
  seedParameters(model, 11);
  return model;
}

test('IAM4VP gradcheck (float64) w.r.t. the history frames and the earlier prediction', () => {
  const model = model64();
  const t = tensor([100], { dtype: 'float64' });
  gradcheck((x, y0) => model.forward(x, [y0], t), [input([1, steps, channels, h, w], 1, true), input([1, channels, h, w], 2, true)]);
});

test('IAM4VP parameter gradients (float64) match finite differences on sampled elements', () => {
  const model = model64();
  const x = input([2, steps, channels, h, w], 3);
  const y0 = input([2, channels, h, w], 4);
  const t = tensor([100, 100], { dtype: 'float64' });
  const loss = (): Tensor => weightedSum(model.forward(x, [y0], t), 5);
  const names = [
    'mask_token', 'time_mlp.linear1.weight', 'enc.enc.0.conv.conv.weight', 'enc.enc.1.conv.norm.bias', 'lp.enc.1.conv.conv.weight',
    'hid.st_block.0.dwconv.weight', 'hid.st_block.0.gamma', 'hid.st_block.1.mlp.1.weight', 'hid.st_block.1.dwconv.conv_spatial.weight',
    'hid.st_block.1.pwconv2.weight', 'dec.dec.0.conv.conv.0.weight', 'dec.dec.1.conv.conv.weight', 'dec.readout.bias',
    'str.attn.proj_1.weight', 'str.attn.spatial_gating_unit.conv1.weight', 'str.readout.weight',
  ];
  gradcheckParameters(model, loss, names);
});
