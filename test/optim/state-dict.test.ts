// Optimizer and scheduler state dicts: PyTorch's layout, a save after 5 steps loaded into fresh objects continues
// exactly as the uninterrupted run (which also shows a saved dict is a snapshot), moving state to the parameters'
// dtype on load, and the errors for a dict that does not fit.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lrScheduler, noGrad, optim, tensor, type Tensor } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { optimizerFor, regression, trajectory, type OptimCase, type Regression } from './regression.js';

const CONFIGS: readonly [string, OptimCase][] = [
  ['SGD', { name: 'nesterov', options: { lr: 0.05, momentum: 0.9, nesterov: true }, trajectory: [] }],
  ['SGD', { name: 'groups', options: { lr: 0.1 }, groups: [{ params: ['w'] }, { params: ['b'], options: { lr: 0.2, momentum: 0.5 } }], trajectory: [] }],
  ['Adam', { name: 'amsgrad-weight-decay', options: { lr: 0.1, amsgrad: true, weightDecay: 0.1 }, trajectory: [] }],
  ['AdamW', { name: 'default', options: { lr: 0.1 }, trajectory: [] }],
  ['RMSprop', { name: 'centered-momentum', options: { lr: 0.01, centered: true, momentum: 0.5 }, trajectory: [] }],
  ['Adadelta', { name: 'default', options: {}, trajectory: [] }],
  ['Adagrad', { name: 'lr-decay', options: { lr: 0.1, lrDecay: 0.1 }, trajectory: [] }],
];

function setValues(r: Regression, values: readonly number[]): void {
  noGrad(() => {
    r.w.replaceData_(tensor(values.slice(0, 3), { dtype: r.w.dtype, shape: [3, 1] }));
    r.b.replaceData_(tensor(values.slice(3), { dtype: r.b.dtype }));
  });
}

for (const [kind, c] of CONFIGS) {
  test(`${kind} ${c.name}: stateDict after 5 steps, loaded into a fresh optimizer, continues exactly`, async () => {
    const r = regression();
    const opt = optimizerFor(kind, c, r);
    const first = await trajectory(opt, r, 5);
    const saved = opt.stateDict();
    const uninterrupted = await trajectory(opt, r, 5);

    const fresh = regression();
    setValues(fresh, first[4]);
    const resumed = optimizerFor(kind, c, fresh);
    resumed.loadStateDict(saved);
    const continued = await trajectory(resumed, fresh, 5);
    continued.forEach((params, i) => assertClose(params, uninterrupted[i], TOL.exact, `${kind} resumed, step ${6 + i}`));
  });
}

test("Adam's stateDict has PyTorch's layout", () => {
  const r = regression();
  const opt = new optim.Adam([{ params: [r.w] }, { params: [r.b], lr: 0.5 }], { amsgrad: true });
  const before = opt.stateDict();
  assert.deepEqual(Object.keys(before.state), []);
  r.loss().backward();
  opt.step();
  const dict = opt.stateDict();
  assert.deepEqual(Object.keys(dict.state), ['0', '1']);
  assert.deepEqual(Object.keys(dict.state[1]).sort(), ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq', 'step']);
  assert.equal(dict.state[1].step, 1);
  assert.deepEqual(dict.state[0].exp_avg.shape, [3, 1]);
  assert.deepEqual(dict.param_groups.map((g) => g.params), [[0], [1]]);
  assert.deepEqual(dict.param_groups.map((g) => g.lr), [1e-3, 0.5]);
  assert.deepEqual(dict.param_groups[0].betas, [0.9, 0.999]);
});

test('Adagrad has state for every parameter before the first step, as in PyTorch', () => {
  const r = regression();
  const dict = new optim.Adagrad([r.w, r.b], { initialAccumulatorValue: 0.5 }).stateDict();
  assert.deepEqual(Object.keys(dict.state), ['0', '1']);
  assert.equal(dict.state[0].step, 0);
  assertClose(dict.state[0].sum.dataSync(), [0.5, 0.5, 0.5], TOL.exact, 'Adagrad initial sum');
});

test('loadStateDict casts state tensors to the parameters’ dtype and restores hyperparameters', async () => {
  const r = regression();
  const opt = new optim.Adam([r.w, r.b], { lr: 0.1 });
  await trajectory(opt, r, 2);
  opt.paramGroups[0].lr = 0.05;
  const saved = opt.stateDict();
  const r32 = regression('cpu', 'float32');
  const target = new optim.Adam([r32.w, r32.b]);
  target.loadStateDict(saved);
  const state = target.state.get(r32.w);
  assert.equal(state?.exp_avg.dtype, 'float32');
  assert.equal(state?.step, 2);
  assert.equal(target.paramGroups[0].lr, 0.05);
  assert.equal(target.paramGroups[0].params[0], r32.w);
});

test('loadStateDict rejects a dict with other groups, naming the optimizer', () => {
  const r = regression();
  const saved = new optim.SGD([r.w, r.b], { lr: 0.1 }).stateDict();
  const twoGroups = new optim.SGD([{ params: [r.w] }, { params: [r.b] }], { lr: 0.1 });
  assert.throws(() => twoGroups.loadStateDict(saved), /SGD\.loadStateDict: the state dict has 1 parameter groups, the optimizer has 2/);
  const smaller = new optim.SGD([r.w], { lr: 0.1 });
  assert.throws(() => smaller.loadStateDict(saved), /SGD\.loadStateDict: group 0 has 2 parameters in the state dict, 1 in the optimizer/);
});

/** Runs `steps` optimizer + scheduler steps and returns the lrs after each. */
function lrRun(opt: optim.Optimizer, p: Tensor, step: () => void, steps: number): number[][] {
  const lrs: number[][] = [];
  for (let i = 0; i < steps; i++) {
    p.grad = tensor([1], { dtype: 'float64' });
    opt.step();
    step();
    lrs.push(opt.paramGroups.map((g) => g.lr));
  }
  return lrs;
}

test('LRScheduler stateDict round trip: CosineAnnealingLR resumed after 5 steps matches the uninterrupted run', () => {
  const make = () => {
    const p = tensor([0], { dtype: 'float64', requiresGrad: true });
    const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    return { p, opt, sched: new lrScheduler.CosineAnnealingLR(opt, { tMax: 4, etaMin: 0.01 }) };
  };
  const a = make();
  lrRun(a.opt, a.p, () => a.sched.step(), 5);
  const savedOpt = a.opt.stateDict();
  const savedSched = a.sched.stateDict();
  const uninterrupted = lrRun(a.opt, a.p, () => a.sched.step(), 5);
  const b = make();
  b.opt.loadStateDict(savedOpt);
  b.sched.loadStateDict(savedSched);
  assert.deepEqual(b.sched.getLastLr(), savedSched.lastLr);
  assert.deepEqual(lrRun(b.opt, b.p, () => b.sched.step(), 5), uninterrupted);
});

test('ReduceLROnPlateau stateDict round trip', () => {
  const metrics = [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
  const make = () => {
    const p = tensor([0], { dtype: 'float64', requiresGrad: true });
    const opt = new optim.SGD([p], { lr: 0.1 });
    return { p, opt, sched: new lrScheduler.ReduceLROnPlateau(opt, { patience: 1, cooldown: 1 }) };
  };
  const a = make();
  let i = 0;
  lrRun(a.opt, a.p, () => a.sched.step(metrics[i++]), 5);
  const savedOpt = a.opt.stateDict();
  const savedSched = a.sched.stateDict();
  const uninterrupted = lrRun(a.opt, a.p, () => a.sched.step(metrics[i++]), 5);
  const b = make();
  b.opt.loadStateDict(savedOpt);
  b.sched.loadStateDict(savedSched);
  let j = 5;
  assert.deepEqual(lrRun(b.opt, b.p, () => b.sched.step(metrics[j++]), 5), uninterrupted);
});
