// clipGradNorm and clipGradValue against hand-worked values: the total norm over all gradients for p = 2, 1 and
// Infinity, PyTorch's 1e-6 in the scale's denominator, no scaling when under the limit, and clamping.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { optim, tensor, type Tensor } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';

function params(): Tensor[] {
  const a = tensor([3, -4], { dtype: 'float64', requiresGrad: true });
  const b = tensor([[12]], { dtype: 'float64', requiresGrad: true });
  const none = tensor([100], { dtype: 'float64', requiresGrad: true });
  a.grad = tensor([3, -4], { dtype: 'float64' });
  b.grad = tensor([[12]], { dtype: 'float64' });
  return [a, b, none];
}

const grads = (ps: Tensor[]): number[] => ps.flatMap((p) => (p.grad ? Array.from(p.grad.dataSync()) : []));

test('clipGradNorm (2-norm) scales by maxNorm / (total + 1e-6) and returns the total', () => {
  const ps = params();
  const total = optim.clipGradNorm(ps, 6.5);
  assertClose([total.item()], [13], TOL.handComputed64, 'total 2-norm: sqrt(9 + 16 + 144)');
  const scale = 6.5 / (13 + 1e-6);
  assertClose(grads(ps), [3 * scale, -4 * scale, 12 * scale], TOL.handComputed64, 'clipped gradients');
  assert.equal(ps[2].grad, null);
});

test('clipGradNorm with normType 1 and Infinity', () => {
  const ps = params();
  assertClose([optim.clipGradNorm(ps, 1, 1).item()], [19], TOL.handComputed64, 'total 1-norm');
  const scale = 1 / (19 + 1e-6);
  assertClose(grads(ps), [3 * scale, -4 * scale, 12 * scale], TOL.handComputed64, 'clipped by the 1-norm');
  const qs = params();
  assertClose([optim.clipGradNorm(qs, 24, Infinity).item()], [12], TOL.handComputed64, 'total inf-norm');
  assertClose(grads(qs), [3, -4, 12], TOL.exact, 'gradients under the limit are unchanged');
});

test('clipGradNorm of parameters without gradients is 0', () => {
  const p = tensor([1], { dtype: 'float64', requiresGrad: true });
  assert.equal(optim.clipGradNorm([p], 1).item(), 0);
});

test('clipGradValue clamps each element', () => {
  const ps = params();
  optim.clipGradValue(ps, 3.5);
  assertClose(grads(ps), [3, -3.5, 3.5], TOL.exact, 'clamped gradients');
});
