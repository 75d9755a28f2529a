// The Optimizer base's behaviour: parameters updated in place from the caller's view, parameters without a
// gradient skipped, group defaults and overrides, addParamGroup, zeroGrad, generators of parameters (as
// Module.parameters() gives them), gradients updated in place, and steps inside tidy().

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getBackend, optim, tensor, tidy, type Tensor } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { regression, trajectory } from './regression.js';

const f64 = (values: number[], requiresGrad = true): Tensor => tensor(values, { dtype: 'float64', requiresGrad });

test('step() updates the parameter object itself; aliases taken earlier keep the old values', () => {
  const p = f64([1, 2]);
  const before = p.detach();
  const opt = new optim.SGD([p], { lr: 0.5 });
  p.grad = f64([2, -2], false);
  opt.step();
  assertClose(p.dataSync(), [0, 3], TOL.exact, 'parameter after the step');
  assertClose(before.dataSync(), [1, 2], TOL.exact, 'alias taken before the step');
  assert.equal(p.requiresGrad, true);
  assert.equal(p.isLeaf, true);
});

test('parameters without a gradient are skipped and get no state', () => {
  const p = f64([1]);
  const q = f64([1]);
  const opt = new optim.Adam([p, q], { lr: 0.1 });
  p.grad = f64([1], false);
  opt.step();
  assertClose(q.dataSync(), [1], TOL.exact, 'q without a gradient');
  assert.equal(opt.state.has(q), false);
  assert.equal(opt.state.get(p)?.step, 1);
});

test('groups take the defaults unless they override them; addParamGroup adds one', () => {
  const [a, b, c] = [f64([1]), f64([1]), f64([1])];
  function* params(): Generator<Tensor> {
    yield a;
  }
  const opt = new optim.SGD([{ params: params() }, { params: [b], lr: 1, momentum: 0.5 }], { lr: 0.1, momentum: 0.9 });
  opt.addParamGroup({ params: [c], nesterov: true });
  assert.deepEqual(opt.paramGroups.map((g) => [g.lr, g.momentum, g.nesterov]), [[0.1, 0.9, false], [1, 0.5, false], [0.1, 0.9, true]]);
  for (const t of [a, b, c]) t.grad = f64([1], false);
  opt.step();
  assertClose([a.item(), b.item(), c.item()], [0.9, 0, 1 - 0.1 * 1.9], TOL.handComputed64, 'one step per group');
});

test('a generator of parameters (Module.parameters()) is accepted', () => {
  const p = f64([3]);
  function* params(): Generator<Tensor> {
    yield p;
  }
  const opt = new optim.Adagrad(params());
  assert.deepEqual(opt.paramGroups[0].params, [p]);
});

test('zeroGrad() sets gradients to null, zeroGrad(false) to zeros', () => {
  const p = f64([1, 2]);
  const opt = new optim.SGD([p], { lr: 0.1 });
  p.grad = f64([5, 5], false);
  opt.zeroGrad(false);
  assertClose(p.grad.dataSync(), [0, 0], TOL.exact, 'zeroed gradient');
  opt.zeroGrad();
  assert.equal(p.grad, null);
});

test('a scheduler-style lr change in paramGroups takes effect at the next step', () => {
  const p = f64([1]);
  const opt = new optim.SGD([p], { lr: 0.1 });
  opt.paramGroups[0].lr = 1;
  p.grad = f64([1], false);
  opt.step();
  assertClose(p.dataSync(), [0], TOL.exact, 'parameter');
});

test('zeroGrad(false) and clipping write into the existing gradient tensor', () => {
  const p = f64([1, 2]);
  const opt = new optim.SGD([p], { lr: 0.1 });
  const g = f64([5, -5], false);
  p.grad = g;
  optim.clipGradValue([p], 2);
  assert.equal(p.grad, g);
  assertClose(g.dataSync(), [2, -2], TOL.exact, 'clipped in place');
  optim.clipGradNorm([p], 1);
  assert.equal(p.grad, g);
  opt.zeroGrad(false);
  assert.equal(p.grad, g);
  assertClose(g.dataSync(), [0, 0], TOL.exact, 'zeroed in place');
});

test('training steps inside tidy() keep the state and leave the live buffer count flat [cpu]', async () => {
  const plain = regression();
  const expected = await trajectory(new optim.Adam([plain.w, plain.b], { lr: 0.1, amsgrad: true }), plain, 6);
  const r = regression();
  const opt = new optim.Adam([r.w, r.b], { lr: 0.1, amsgrad: true });
  const live = (): number => getBackend('cpu').memory().liveBuffers;
  const step = (): void =>
    tidy(() => {
      r.loss().backward();
      optim.clipGradNorm([r.w, r.b], 100);
      opt.step();
      // Cleared inside the scope, the gradients are freed with it.
      opt.zeroGrad();
    });
  const got: number[][] = [];
  let after2 = 0;
  for (let i = 0; i < 6; i++) {
    step();
    if (i === 1) after2 = live();
    got.push([...r.w.dataSync(), ...r.b.dataSync()]);
  }
  assert.equal(live(), after2);
  got.forEach((params, i) => assertClose(params, expected[i], TOL.exact, `tidy step ${i + 1}`));
});
