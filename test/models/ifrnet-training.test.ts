// A short IFRVP-style training run on cpu: a gray IFRNet_T miniature learns to extrapolate frame t+1 of squares
// moving at constant speed from frames t-1 and t (Adam, its MSE objective, one fixed batch), and ends well below
// both its starting loss and the copy-the-last-frame baseline.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { optim } from '../../src/index.js';
import { mseLoss } from '../../src/nn/losses/regression.js';
import { IFRNet, ifrnetLoss } from '../../src/models/ifrnet/index.js';
import { MINIATURES, movingSquares } from './ifrnet-helpers.js';

test('IFRNet_T miniature: 20 Adam steps on moving squares halve the MSE and beat copying the last frame', () => {
  const model = new IFRNet({ ...MINIATURES.thirds, inChannels: 1 });
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });
  const [previous, current, next] = movingSquares(4, 1, 16, 16, 5);
  const losses: number[] = [];
  for (let step = 0; step < 20; step++) {
    optimizer.zeroGrad();
    const { total } = ifrnetLoss(model, { img0: previous, img1: current, target: next });
    total.backward();
    optimizer.step();
    losses.push(total.item());
  }
  const first = losses[0];
  const last = losses[losses.length - 1];
  const copyLast = mseLoss(current, next).item();
  assert.ok(losses.every(Number.isFinite), `losses are finite: ${losses.join(', ')}`);
  assert.ok(last < 0.5 * first, `loss ${first} -> ${last} should at least halve`);
  assert.ok(last < 0.5 * copyLast, `loss ${last} should be under half the copy-last-frame MSE ${copyLast}`);
});
