// A short training run of RVD on cpu: Adam (the reference's optimiser) on the diffusion loss over 8x8 clips of
// 2x2 squares moving one pixel per frame. The loss is evaluated before and after on the same clip with the same
// fixed diffusion steps and noise (averaged over several draws), and must fall.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, manualSeed, noGrad, optim } from '../../src/index.js';
import { RVD } from '../../src/models/index.js';
import { movingSquareClip } from './crnn-helpers.js';
import { TINY, fixedDraws } from './rvd-helpers.js';

test('RVD: 25 Adam steps on moving squares lower the diffusion loss', () => {
  manualSeed(101);
  const model = new RVD(TINY);
  const clip = movingSquareClip(3, 2, 8, 102);
  const draws = [0, 1, 2].map((i) => fixedDraws([5 + 15 * i, 45 - 15 * i], 3, [2, 1, 8, 8], 103 + 10 * i, 'float32'));
  const evaluate = (): number => noGrad(() => draws.reduce((sum, d) => sum + model.loss(clip, d).item(), 0) / draws.length);
  const opt = new optim.Adam(model.parameters(), { lr: 5e-3 });
  const generator = new Generator(104);
  const before = evaluate();
  for (let step = 0; step < 25; step++) {
    opt.zeroGrad();
    model.loss(clip, { generator }).backward();
    opt.step();
  }
  const after = evaluate();
  assert.ok(after < 0.85 * before, `loss ${before.toFixed(4)} -> ${after.toFixed(4)}`);
});
