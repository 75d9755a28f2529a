// Bad input to the optimizers, clipping and schedulers: each error names the optimizer (or function) and the
// argument at fault.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lrScheduler, optim, tensor, type Tensor } from '../../src/index.js';

const p = (): Tensor => tensor([1, 2], { dtype: 'float64', requiresGrad: true });

test('negative lr is rejected by every optimizer, naming it', () => {
  const cases: [string, () => unknown][] = [
    ['SGD', () => new optim.SGD([p()], { lr: -1 })],
    ['Adam', () => new optim.Adam([p()], { lr: -1 })],
    ['AdamW', () => new optim.AdamW([p()], { lr: -1 })],
    ['RMSprop', () => new optim.RMSprop([p()], { lr: -1 })],
    ['Adadelta', () => new optim.Adadelta([p()], { lr: -1 })],
    ['Adagrad', () => new optim.Adagrad([p()], { lr: -1 })],
  ];
  for (const [name, make] of cases) assert.throws(make, new RegExp(`^Error: ${name}: invalid lr -1 \\(expected >= 0\\)`));
});

test('a group override is validated too', () => {
  assert.throws(() => new optim.SGD([{ params: [p()], lr: -0.5 }], { lr: 0.1 }), /SGD: invalid lr -0.5/);
});

test('betas outside [0, 1) are rejected by Adam and AdamW', () => {
  assert.throws(() => new optim.Adam([p()], { betas: [1, 0.999] }), /Adam: invalid betas\[0\] 1 \(expected 0 <= betas\[0\] < 1\)/);
  assert.throws(() => new optim.AdamW([p()], { betas: [0.9, -0.1] }), /AdamW: invalid betas\[1\] -0.1/);
});

test('other hyperparameters out of range', () => {
  assert.throws(() => new optim.SGD([p()], { lr: 0.1, nesterov: true }), /SGD: nesterov requires momentum > 0 and dampening 0/);
  assert.throws(() => new optim.SGD([p()], { lr: 0.1, momentum: -0.9 }), /SGD: invalid momentum -0.9/);
  assert.throws(() => new optim.Adam([p()], { eps: -1e-8 }), /Adam: invalid eps/);
  assert.throws(() => new optim.RMSprop([p()], { alpha: -1 }), /RMSprop: invalid alpha -1/);
  assert.throws(() => new optim.Adadelta([p()], { rho: 1.5 }), /Adadelta: invalid rho 1.5 \(expected 0 <= rho <= 1\)/);
  assert.throws(() => new optim.Adagrad([p()], { lrDecay: -1 }), /Adagrad: invalid lrDecay -1/);
  assert.throws(() => new optim.Adagrad([p()], { weightDecay: -1 }), /Adagrad: invalid weightDecay -1/);
});

test('parameters: empty, non-float, non-leaf, repeated, or mixed with groups', () => {
  assert.throws(() => new optim.Adam([]), /Adam: got an empty parameter list/);
  assert.throws(() => new optim.SGD([tensor([1, 2], { dtype: 'int32' })], { lr: 0.1 }), /SGD: parameter 0 of group 0 \(shape \[2\]\) has dtype int32; only floating-point tensors can be optimized/);
  assert.throws(() => new optim.RMSprop([p().mul(2)]), /RMSprop: parameter 0 of group 0 \(shape \[2\]\) is not a leaf tensor/);
  const q = p();
  assert.throws(() => new optim.Adagrad([{ params: [q] }, { params: [q] }]), /Adagrad: parameter 0 of group 1 \(shape \[2\]\) appears more than once/);
  const mixed: (Tensor | optim.ParamGroupSpec<optim.AdamOptions>)[] = [p(), { params: [p()] }];
  assert.throws(() => new optim.Adam(mixed as Tensor[]), /Adam: params must be all tensors or all parameter groups/);
});

test('clipping and scheduler arguments', () => {
  assert.throws(() => optim.clipGradNorm([p()], 1, 0), /clipGradNorm: normType must be positive or Infinity, got 0/);
  assert.throws(() => optim.clipGradValue([p()], -1), /clipGradValue: clipValue must be >= 0, got -1/);
  const opt = new optim.SGD([p()], { lr: 0.1 });
  assert.throws(() => new lrScheduler.StepLR(opt, { stepSize: 0 }), /StepLR: stepSize must be a positive integer, got 0/);
  assert.throws(() => new lrScheduler.CosineAnnealingLR(opt, { tMax: 0 }), /CosineAnnealingLR: tMax must be positive/);
  assert.throws(() => new lrScheduler.LinearLR(opt, { startFactor: 2 }), /LinearLR: startFactor must be in \(0, 1\], got 2/);
  assert.throws(() => new lrScheduler.ReduceLROnPlateau(opt, { factor: 1 }), /ReduceLROnPlateau: factor must be < 1, got 1/);
  assert.throws(() => new lrScheduler.ReduceLROnPlateau(opt, { minLr: [0, 0] }), /ReduceLROnPlateau: expected 1 minLr values \(one per group\), got 2/);
});
