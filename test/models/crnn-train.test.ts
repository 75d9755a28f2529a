// A short training run of the ConvGRU U-Net on cpu: Adam on teacher-forced next-frame MSE over clips of 2x2
// squares moving one pixel per frame (8x8, the student's protocol in miniature); the loss on the training batch
// must fall well below its starting value.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualSeed, noGrad, optim } from '../../src/index.js';
import { AutoregressiveUNet } from '../../src/models/index.js';
import { movingSquareClip } from './crnn-helpers.js';

test('AutoregressiveUNet: 40 Adam steps on moving squares lower the next-frame MSE', () => {
  manualSeed(51);
  const model = new AutoregressiveUNet({ channels: [1, 4, 8] });
  const clip = movingSquareClip(5, 4, 8, 52);
  const inputs = clip.narrow(0, 0, 4);
  const targets = clip.narrow(0, 1, 4);
  const loss = () => model.rollout(inputs).outputs.sub(targets).square().mean();
  const opt = new optim.Adam(model.parameters(), { lr: 1e-2 });
  const before = noGrad(() => loss().item());
  for (let step = 0; step < 40; step++) {
    opt.zeroGrad();
    loss().backward();
    opt.step();
  }
  const after = noGrad(() => loss().item());
  assert.ok(after < 0.5 * before, `loss ${before.toFixed(4)} -> ${after.toFixed(4)}`);
});
