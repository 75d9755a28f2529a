// Forward values of every op family pinned to hand-worked cases (test/ops/forward-cases.ts) on the cpu backend,
// in float64 and float32, plus properties a value table cannot express (signed zeros, rows summing to 1).
// The webgpu subset runs in forward-values-webgpu.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fg from '../../src/index.js';
import { tensor } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { FAMILIES, checkCase, maker, type FloatType } from './forward-cases.js';

for (const dtype of ['float64', 'float32'] as const satisfies readonly FloatType[]) {
  for (const [family, cases] of Object.entries(FAMILIES)) {
    test(`forward values [cpu ${dtype}] ${family}`, async (t) => {
      const m = maker('cpu', dtype);
      for (const c of cases) await t.test(c.name, () => checkCase(c, m));
    });
  }
}

test('forward values [cpu] signed zeros: round(-0.5) is -0, sign(0) is +0, neg(0) is -0', () => {
  const r = tensor([-0.5, 0.5, -0.25], { dtype: 'float64' }).round().dataSync();
  assert.ok(Object.is(r[0], -0), `round(-0.5) = ${r[0]}, expected -0`);
  assert.ok(Object.is(r[1], 0), `round(0.5) = ${r[1]}, expected +0`);
  assert.ok(Object.is(r[2], -0), `round(-0.25) = ${r[2]}, expected -0`);
  const s = tensor([0], { dtype: 'float64' }).sign().dataSync();
  assert.ok(Object.is(s[0], 0), `sign(0) = ${s[0]}, expected +0`);
  const n = tensor([0], { dtype: 'float32' }).neg().dataSync();
  assert.ok(Object.is(n[0], -0), `neg(0) = ${n[0]}, expected -0`);
});

test('forward values [cpu] sigmoid and tanh stay finite for infinite inputs', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const x = tensor([Infinity, -Infinity, 88.8, -88.8], { dtype });
    assertClose(x.sigmoid().dataSync(), [1, 0, 1, 0], TOL.handWorked, `sigmoid ${dtype}`);
    assertClose(x.tanh().dataSync(), [1, -1, 1, -1], TOL.handWorked, `tanh ${dtype}`);
  }
});

test('forward values [cpu] softmax rows sum to 1 and logSoftmax exponentiates to them', () => {
  const x = tensor(
    [
      [3.2, -1.5, 0.25, 7],
      [-50, -51, -49.5, -50.25],
      [300, 0, -300, 299],
    ],
    { dtype: 'float64' },
  );
  const sm = x.softmax(-1);
  assertClose(sm.sum({ dim: -1 }).dataSync(), [1, 1, 1], TOL.handWorked, 'softmax row sums');
  assert.ok(Array.from(sm.dataSync()).every((v) => v >= 0 && v <= 1), 'softmax values lie in [0, 1]');
  assertClose(x.logSoftmax(1).exp().dataSync(), sm.dataSync(), TOL.handWorked, 'exp(logSoftmax) vs softmax');
  const cols = x.softmax(0).sum({ dim: 0 }).dataSync();
  assertClose(cols, [1, 1, 1, 1], TOL.handWorked, 'softmax over dim 0 column sums');
});

test('forward values [cpu] logsumexp over all dims of a 2-d tensor, and of an all +inf slice', () => {
  const x = tensor([[0, 0], [0, 0]], { dtype: 'float64' });
  assertClose(x.logsumexp([0, 1]).dataSync(), [Math.log(4)], TOL.handWorked, 'logsumexp over [0, 1]');
  assert.deepEqual(x.logsumexp([0, 1]).shape, []);
  const inf = tensor([Infinity, Infinity], { dtype: 'float64' }).logsumexp(0).item();
  assert.equal(inf, Infinity);
});

test("forward values [cpu] to('float64') widens float32 exactly; clone owns new storage", () => {
  const x = tensor([0.1, -2.5], { dtype: 'float32' });
  const y = x.to('float64');
  assert.equal(y.dtype, 'float64');
  assert.deepEqual(Array.from(y.dataSync()), Array.from(new Float32Array([0.1, -2.5])));
  assert.equal(x.to('float32'), x, "to(same dtype) returns the tensor itself");
  const c = x.clone();
  assert.notEqual(c.dataId, x.dataId, 'clone shares storage with its input');
  assert.deepEqual(Array.from(c.dataSync()), Array.from(x.dataSync()));
});

test('forward values [cpu] reshape and view share storage; squeeze/unsqueeze round-trip', () => {
  const x = fg.arange(0, 6, 1, { dtype: 'float32' });
  assert.equal(x.reshape(2, 3).dataId, x.dataId);
  assert.equal(x.view(3, -1).dataId, x.dataId);
  const y = x.reshape(1, 6).unsqueeze(2).squeeze();
  assert.deepEqual(y.shape, [6]);
  assert.deepEqual(Array.from(y.dataSync()), [0, 1, 2, 3, 4, 5]);
});

test('forward values [cpu] functional and method forms agree', () => {
  const a = tensor([[1, -2], [3, 0.5]], { dtype: 'float64' });
  const b = tensor([2, 4], { dtype: 'float64' });
  assert.deepEqual(Array.from(fg.add(a, b).dataSync()), Array.from(a.add(b).dataSync()));
  assert.deepEqual(Array.from(fg.matmul(a, b).dataSync()), Array.from(a.matmul(b).dataSync()));
  assert.deepEqual(Array.from(fg.sum(a, { dim: 1 }).dataSync()), Array.from(a.sum({ dim: 1 }).dataSync()));
  assert.deepEqual(Array.from(fg.pad(a, [1, 0], { mode: 'replicate' }).dataSync()), Array.from(a.pad([1, 0], 'replicate').dataSync()));
});
