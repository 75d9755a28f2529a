// Reverse-mode autograd semantics: .grad accumulation, retainGraph and graph freeing, noGrad/enableGrad, detach,
// explicit output gradients, broadcast reduction, shared inputs, higher-order gradients against closed forms,
// deep graphs, and which tensors get .grad.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, enableGrad, grad, isGradEnabled, noGrad, softmax, tensor } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';

const f64 = (values: number[] | number[][], requiresGrad = true): Tensor => tensor(values, { dtype: 'float64', requiresGrad });
const values = (t: Tensor | null): number[] => {
  assert.ok(t, 'expected a gradient tensor');
  return Array.from(t.dataSync());
};

test('autograd: gradients accumulate into .grad across two backward calls', () => {
  const x = f64([1, 2, 3]);
  x.mul(2).sum().backward();
  assert.deepEqual(values(x.grad), [2, 2, 2]);
  x.mul(x).sum().backward();
  assert.deepEqual(values(x.grad), [4, 6, 8]);
  assert.equal(x.grad!.requiresGrad, false, 'an accumulated .grad is not itself part of a graph');
  x.grad = null;
  x.mul(3).sum().backward();
  assert.deepEqual(values(x.grad), [3, 3, 3], 'clearing .grad restarts accumulation');
});

test('autograd: retainGraph keeps the graph for a second backward; without it the graph is freed', () => {
  const x = f64([1, -2]);
  const y = x.mul(x).sum();
  y.backward(undefined, { retainGraph: true });
  assert.deepEqual(values(x.grad), [2, -4]);
  y.backward();
  assert.deepEqual(values(x.grad), [4, -8]);
  assert.throws(() => y.backward(), /backward: trying to backward through the graph of 'sum' a second time/);
});

test('autograd: the graph is freed after backward, also for shared subgraphs', () => {
  const x = f64([0.5]);
  const h = x.exp();
  const a = h.mul(2).sum();
  const b = h.mul(3).sum();
  a.backward();
  // b's own nodes are intact, but h's node was released by a's backward.
  assert.throws(() => b.backward(), /backward: trying to backward through the graph of 'exp' a second time/);
});

test('autograd: noGrad records no graph and its outputs do not require grad', () => {
  const x = f64([1, 2]);
  assert.equal(isGradEnabled(), true);
  const y = noGrad(() => {
    assert.equal(isGradEnabled(), false);
    return x.mul(2).exp().sum();
  });
  assert.equal(isGradEnabled(), true, 'noGrad restores the mode');
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
  assert.throws(() => y.backward(), /does not require grad/);
  assert.throws(() => noGrad(() => { throw new Error('boom'); }), /boom/);
  assert.equal(isGradEnabled(), true, 'noGrad restores the mode after an exception');
});

test('autograd: enableGrad inside noGrad records again', () => {
  const x = f64([1, 2]);
  const [inner, outer] = noGrad(() => {
    const on = enableGrad(() => {
      assert.equal(isGradEnabled(), true);
      return x.mul(3).sum();
    });
    assert.equal(isGradEnabled(), false);
    return [on, x.mul(3).sum()];
  });
  assert.equal(inner.requiresGrad, true);
  assert.notEqual(inner.gradFn, null);
  assert.equal(outer.requiresGrad, false);
  inner.backward();
  assert.deepEqual(values(x.grad), [3, 3]);
});

test('autograd: detach() cuts the graph and shares values', () => {
  const x = f64([1, 2, 3]);
  const y = x.mul(2);
  const d = y.detach();
  assert.equal(d.requiresGrad, false);
  assert.equal(d.isLeaf, true);
  assert.equal(d.dataId, y.dataId, 'detach shares storage');
  assert.deepEqual(values(d), [2, 4, 6]);
  // z = d * x: with d constant, dz/dx = d.
  d.mul(x).sum().backward();
  assert.deepEqual(values(x.grad), [2, 4, 6]);
});

test('autograd: requiresGrad is a settable property', () => {
  const x = tensor([1, 2], { dtype: 'float64' });
  assert.equal(x.requiresGrad, false);
  assert.equal(x.mul(2).requiresGrad, false);
  x.requiresGrad = true;
  const y = x.mul(3).sum();
  assert.equal(y.requiresGrad, true);
  y.backward();
  assert.deepEqual(values(x.grad), [3, 3]);
  x.requiresGrad = false;
  assert.equal(x.mul(3).requiresGrad, false);
  const z = tensor([1]).requiresGrad_();
  assert.equal(z.requiresGrad, true);
});

test('autograd: explicit output gradient for a non-scalar output', () => {
  const x = f64([1, 2, 3]);
  const y = x.mul(x); // dy/dx = 2x elementwise
  y.backward(tensor([1, 0.5, -2], { dtype: 'float64' }));
  assert.deepEqual(values(x.grad), [2, 2, -12]);
  const m = f64([[1, 2], [3, 4]]);
  m.matmul(tensor([[1, 0], [0, 1]], { dtype: 'float64' })).backward(tensor([[1, 2], [3, 4]], { dtype: 'float64' }));
  assert.deepEqual(values(m.grad), [1, 2, 3, 4]);
});

test('autograd: broadcasting is reduced in gradients: [3,1] + [1,4]', () => {
  const a = f64([[1], [2], [3]]);
  const b = f64([[10, 20, 30, 40]]);
  a.add(b).sum().backward();
  assert.deepEqual(a.grad!.shape, [3, 1]);
  assert.deepEqual(b.grad!.shape, [1, 4]);
  assert.deepEqual(values(a.grad), [4, 4, 4]);
  assert.deepEqual(values(b.grad), [3, 3, 3, 3]);
});

test('autograd: broadcast gradients of mul, sub, div, rank-extending and 0-d operands', () => {
  const a = f64([[1], [2], [3]]);
  const b = f64([[10, 20, 30, 40]]);
  a.mul(b).sum().backward();
  assert.deepEqual(values(a.grad), [100, 100, 100], 'd/da sum(a*b) = row sum of b');
  assert.deepEqual(values(b.grad), [6, 6, 6, 6], 'd/db sum(a*b) = column sum of a');
  const m = f64([[1, 2], [3, 4]]);
  const v = f64([2, 4]); // broadcast along a new leading dim
  m.div(v).sum().backward();
  assert.deepEqual(v.grad!.shape, [2]);
  assertClose(values(m.grad), [0.5, 0.25, 0.5, 0.25], TOL.handWorked, 'd/dm sum(m / v)');
  assertClose(values(v.grad), [-(1 + 3) / 4, -(2 + 4) / 16], TOL.handWorked, 'd/dv sum(m / v) = -sum_rows(m) / v^2');
  const s = tensor(2, { dtype: 'float64', requiresGrad: true });
  const w = f64([1, 2, 3]);
  w.sub(s).sum().backward();
  assert.deepEqual(s.grad!.shape, []);
  assert.deepEqual(values(s.grad), [-3]);
  assert.deepEqual(values(w.grad), [1, 1, 1]);
});

test('autograd: a diamond graph (x used twice) accumulates both paths', () => {
  const x = f64([1, 2]);
  const a = x.mul(2);
  const b = x.mul(3);
  a.mul(b).sum().backward(); // 6 x^2 -> 12 x
  assert.deepEqual(values(x.grad), [12, 24]);
  const y = f64([0.5, -1]);
  y.add(y).add(y.exp()).sum().backward(); // 2 + exp(y)
  assertClose(values(y.grad), [2 + Math.exp(0.5), 2 + Math.exp(-1)], TOL.handWorked, 'x + x + exp(x)');
});

test('autograd: gradients of matmul, max ties, clamp and where', () => {
  const A = f64([[1, 2, 3], [4, 5, 6]]);
  const B = f64([[1, 2], [3, 4], [5, 6]]);
  A.matmul(B).sum().backward();
  // d/dA sum(AB) = 1 B^T (each row = row sums of B); d/dB = A^T 1 (each row = column sums of A).
  assert.deepEqual(values(A.grad), [3, 7, 11, 3, 7, 11]);
  assert.deepEqual(values(B.grad), [5, 5, 7, 7, 9, 9]);
  const m = f64([1, 3, 3]);
  m.max().backward();
  assert.deepEqual(values(m.grad), [0, 0.5, 0.5], 'tied maxima share the gradient');
  const c = f64([-2, 0.5, 2]);
  c.clamp(-1, 1).sum().backward();
  assert.deepEqual(values(c.grad), [0, 1, 0]);
  const p = f64([1, 2]);
  const q = f64([3, 4]);
  p.where(tensor([1, 0], { dtype: 'float64' }), q).mul(tensor([5, 7], { dtype: 'float64' })).sum().backward();
  assert.deepEqual(values(p.grad), [5, 0]);
  assert.deepEqual(values(q.grad), [0, 7]);
});

test('autograd: gradients flow through casts and views back to the leaf dtype and shape', () => {
  const x = tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true });
  x.to('float64').reshape(4).mul(tensor([1, 2, 3, 4], { dtype: 'float64' })).sum().backward();
  assert.equal(x.grad!.dtype, 'float32');
  assert.deepEqual(x.grad!.shape, [2, 2]);
  assert.deepEqual(values(x.grad), [1, 2, 3, 4]);
  const y = f64([[1, 2, 3], [4, 5, 6]]);
  y.T.slice(0, 0, 3, 2).flip(1).sum().backward(); // rows 0 and 2 of y^T = columns 0 and 2 of y
  assert.deepEqual(values(y.grad), [1, 0, 1, 1, 0, 1]);
});

/** d/dx and d2/dx2 of sum(f(x)) via grad(..., {createGraph: true}). */
function secondDerivative(f: (x: Tensor) => Tensor, xs: number[]): { first: number[]; second: number[] } {
  const x = f64(xs);
  const [g] = grad(f(x).sum(), [x], { createGraph: true });
  assert.equal(g.requiresGrad, true, 'a createGraph gradient is differentiable');
  const [h] = grad(g.sum(), [x]);
  assert.equal(x.grad, null, 'grad() returns gradients instead of accumulating them');
  return { first: values(g), second: values(h) };
}

test('autograd: second derivatives via grad(createGraph) match closed forms', () => {
  const xs = [-1.5, -0.3, 0.4, 2];
  const cases: [string, (x: Tensor) => Tensor, (x: number) => number, (x: number) => number][] = [
    ['x^3', (x) => x.pow(3), (x) => 3 * x * x, (x) => 6 * x],
    ['x*x*x (product rule)', (x) => x.mul(x).mul(x), (x) => 3 * x * x, (x) => 6 * x],
    ['sin', (x) => x.sin(), Math.cos, (x) => -Math.sin(x)],
    ['cos', (x) => x.cos(), (x) => -Math.sin(x), (x) => -Math.cos(x)],
    ['exp', (x) => x.exp(), Math.exp, Math.exp],
    [
      'tanh',
      (x) => x.tanh(),
      (x) => 1 - Math.tanh(x) ** 2,
      (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2),
    ],
    [
      'sigmoid',
      (x) => x.sigmoid(),
      (x) => sig(x) * (1 - sig(x)),
      (x) => sig(x) * (1 - sig(x)) * (1 - 2 * sig(x)),
    ],
    ['log(x^2 + 1)', (x) => x.square().add(1).log(), (x) => (2 * x) / (x * x + 1), (x) => (2 * (1 - x * x)) / (x * x + 1) ** 2],
    ['1 / (x + 3)', (x) => x.add(3).reciprocal(), (x) => -1 / (x + 3) ** 2, (x) => 2 / (x + 3) ** 3],
  ];
  for (const [name, f, d1, d2] of cases) {
    const { first, second } = secondDerivative(f, xs);
    assertClose(first, xs.map(d1), TOL.handWorked, `d/dx ${name}`);
    assertClose(second, xs.map(d2), TOL.handWorked, `d2/dx2 ${name}`);
  }
});

function sig(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

test('autograd: mixed partials of x^2 y^3 and of x*y', () => {
  const xv = [1.5, -2];
  const yv = [0.5, 3];
  const x = f64(xv);
  const y = f64(yv);
  const [gx] = grad(x.square().mul(y.pow(3)).sum(), [x], { createGraph: true });
  assertClose(values(gx), xv.map((a, i) => 2 * a * yv[i] ** 3), TOL.handWorked, 'df/dx = 2 x y^3');
  const [gxy, gxx] = grad(gx.sum(), [y, x]);
  assertClose(values(gxy), xv.map((a, i) => 6 * a * yv[i] ** 2), TOL.handWorked, 'd2f/dydx = 6 x y^2');
  assertClose(values(gxx), yv.map((b) => 2 * b ** 3), TOL.handWorked, 'd2f/dx2 = 2 y^3');
  const p = f64([2]);
  const q = f64([5]);
  const [gp] = grad(p.mul(q).sum(), [p], { createGraph: true });
  assert.deepEqual(values(gp), [5]);
  const [gpq] = grad(gp.sum(), [q]);
  assert.deepEqual(values(gpq), [1], 'd2(xy)/dydx = 1');
});

test('autograd: second derivative of softmax matches the closed form', () => {
  const xv = [0.2, -1, 1.5];
  const x = f64(xv);
  const e0 = tensor([1, 0, 0], { dtype: 'float64' });
  // s0 = softmax(x)_0; ds0/dx_k = s0 (d_0k - s_k); d/dx_k (ds0/dx_0) = d/dx_k (s0 - s0^2) = (1 - 2 s0) s0 (d_0k - s_k).
  const [g] = grad(softmax(x, 0).mul(e0).sum(), [x], { createGraph: true });
  const ex = xv.map(Math.exp);
  const total = ex.reduce((a, b) => a + b, 0);
  const s = ex.map((v) => v / total);
  const delta = (k: number): number => (k === 0 ? 1 : 0);
  assertClose(values(g), s.map((sk, k) => s[0] * (delta(k) - sk)), TOL.handWorked, 'd softmax_0 / dx');
  const [h] = grad(g.mul(e0).sum(), [x]);
  assertClose(values(h), s.map((sk, k) => (1 - 2 * s[0]) * s[0] * (delta(k) - sk)), TOL.handWorked, 'd2 softmax_0 / dx dx_0');
});

test('autograd: backward with createGraph leaves a differentiable .grad', () => {
  const x = f64([1, 2]);
  x.pow(3).sum().backward(undefined, { createGraph: true });
  assert.equal(x.grad!.requiresGrad, true);
  const g = x.grad!;
  x.grad = null;
  g.sum().backward();
  assert.deepEqual(values(x.grad), [6, 12]);
});

test('autograd: a long chain of 10000 sequential adds does not overflow the stack, diamond chains stay linear', () => {
  const x = f64([1, 2]);
  let y = x;
  for (let i = 0; i < 10_000; i++) y = y.add(1);
  y.sum().backward();
  assert.deepEqual(values(x.grad), [1, 1]);
  // 3000 diamonds in a row: 2^3000 paths, but backward must visit each node once (linear time).
  const w = f64([0.5]);
  let z = w;
  for (let i = 0; i < 3_000; i++) z = z.add(z.mul(0));
  z.sum().backward();
  assert.deepEqual(values(w.grad), [1]);
});

test('autograd: intermediate (non-leaf) tensors do not get .grad; leaves do', () => {
  const x = f64([1, 2]);
  const c = tensor([3, 4], { dtype: 'float64' });
  const y = x.mul(2);
  const z = y.mul(c).sum();
  assert.equal(x.isLeaf, true);
  assert.equal(y.isLeaf, false);
  assert.equal(y.gradFn?.name, 'mul');
  z.backward();
  assert.equal(y.grad, null);
  assert.equal(z.grad, null);
  assert.equal(c.grad, null, 'a constant gets no gradient');
  assert.deepEqual(values(x.grad), [6, 8]);
});

test('autograd: a copy to another backend (or an int32 result) starts no graph', () => {
  const x = f64([1.5, 2.5]);
  const same = x.to('cpu');
  assert.equal(same, x, "to('cpu') on cpu is the tensor itself");
  const idx = x.argmax();
  assert.equal(idx.requiresGrad, false);
  const i = x.to('int32');
  assert.equal(i.requiresGrad, false);
  assert.equal(i.gradFn, null);
});
