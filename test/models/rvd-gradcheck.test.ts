// RVD's training loss (L1 on the noise, the reference's) differentiated in float64 on cpu against central finite
// differences, on a miniature with seeded parameters and fixed diffusion steps and noise: w.r.t. the video (which
// reaches the loss through the denoiser's input, the residual y0 = x - mu and both recurrent networks), and w.r.t.
// sampled elements of parameters from the denoiser, CondNet and HistoryNet.

import { test } from 'node:test';
import { type Tensor } from '../../src/index.js';
import { RVD } from '../../src/models/index.js';
import { gradcheck, gradcheckParameters } from '../support/gradcheck.js';
import { seedParameters, seeded } from './crnn-helpers.js';
import { TINY, fixedDraws } from './rvd-helpers.js';

function model64(): RVD {
  const model = new RVD(TINY).to('float64');
  seedParameters(model, 81);
  return model;
}

test('RVD loss gradcheck (float64) w.r.t. a 3-frame video', () => {
  const model = model64();
  const draws = fixedDraws([33], 3, [1, 1, 4, 4], 82);
  gradcheck((video) => model.loss(video, draws), [seeded([3, 1, 1, 4, 4], 83, 'float64', 'cpu', true)]);
});

test('RVD loss parameter gradients (float64) match finite differences on sampled elements', () => {
  const model = model64();
  const video = seeded([3, 2, 1, 4, 4], 84);
  const draws = fixedDraws([7, 45], 3, [2, 1, 4, 4], 85);
  const loss = (): Tensor => model.loss(video, draws);
  const names = [
    'denoise_fn.time_mlp.1.weight', 'denoise_fn.downs.0.0.mlp.1.weight', 'denoise_fn.downs.0.2.fn.fn.to_qkv.weight', 'denoise_fn.downs.1.1.block1.block.1.weight',
    'denoise_fn.mid_attn.fn.norm.g', 'denoise_fn.ups.0.3.conv.weight', 'denoise_fn.final_conv.0.block.0.weight',
    'history_fn.downs.0.1.conv_gates.0.weight', 'history_fn.downs.1.0.res_conv.bias', 'transform_fn.downs.1.1.conv_cans.0.weight',
    'transform_fn.ups.0.1.conv.weight', 'transform_fn.mu.bias',
  ];
  gradcheckParameters(model, loss, names);
});
