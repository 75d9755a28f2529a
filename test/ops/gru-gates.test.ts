// gruResetGate and gruUpdate beyond the generic records: hand-worked values and gradients, agreement with the
// composition of separate ops they replace (forward, the backward kernels, and the gradients written with ops
// that a recorded backward uses), and their input errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fg from '../../src/index.js';
import type { DType, Tensor } from '../../src/index.js';
import { checkProperty, shapeArb, valuesArb } from '../support/property.js';
import { TOL, assertClose, type Tolerance } from '../support/tolerances.js';

const LN3 = Math.log(3);

/** The GRU step's elementwise parts as separate ops, as ConvGRU computed them before the fused ops. */
const composedReset = (rPre: Tensor, h: Tensor): Tensor => rPre.sigmoid().mul(h);
const composedUpdate = (zPre: Tensor, h: Tensor, candPre: Tensor): Tensor => {
  const z = zPre.sigmoid();
  return z.neg().add(1).mul(h).add(z.mul(candPre.tanh()));
};

type Fn = (...xs: Tensor[]) => Tensor;

/** The output and the gradients of sum(0.7 out) w.r.t. every input. */
function run(fn: Fn, xs: Tensor[], createGraph = false): number[][] {
  const leaves = xs.map((t) => t.detach().requiresGrad_());
  const out = fn(...leaves);
  const grads = fg.grad(out, leaves, { gradOutputs: [out.onesLike().mul(0.7)], createGraph });
  return [out, ...grads].map((t) => Array.from(t.dataSync()));
}

function assertRunsClose(actual: number[][], expected: number[][], tol: Tolerance, what: string): void {
  actual.forEach((a, k) => assertClose(a, expected[k], tol, `${what}: ${k === 0 ? 'output' : `d input ${k - 1}`}`));
}

test('gruResetGate: hand-worked value and gradients', () => {
  // σ(ln 3) = 3/4: out = 3/4 * 2 = 1.5; d rPre = 2 * 3/16 = 0.375, d h = 0.75.
  for (const dtype of ['float64', 'float32'] as const) {
    const rPre = fg.tensor([[LN3]], { dtype, requiresGrad: true });
    const h = fg.tensor([[2]], { dtype, requiresGrad: true });
    const out = fg.gruResetGate(rPre, h);
    assertClose(out.dataSync(), [1.5], TOL.handWorked, `${dtype} out`);
    out.sum().backward();
    assertClose(rPre.grad!.dataSync(), [0.375], TOL.handWorked, `${dtype} d rPre`);
    assertClose(h.grad!.dataSync(), [0.75], TOL.handWorked, `${dtype} d h`);
  }
});

test('gruUpdate: hand-worked value and gradients', () => {
  // z = σ(-ln 3) = 1/4, t = tanh(ln 2) = 3/5, h = 2: h' = 2 + 1/4 (3/5 - 2) = 1.65;
  // d zPre = (3/5 - 2) * 3/16 = -0.2625, d h = 3/4, d candPre = 1/4 * (1 - 9/25) = 0.16.
  for (const dtype of ['float64', 'float32'] as const) {
    const zPre = fg.tensor([[-LN3]], { dtype, requiresGrad: true });
    const h = fg.tensor([[2]], { dtype, requiresGrad: true });
    const candPre = fg.tensor([[Math.LN2]], { dtype, requiresGrad: true });
    const out = fg.gruUpdate(zPre, h, candPre);
    assertClose(out.dataSync(), [1.65], TOL.handWorked, `${dtype} h'`);
    out.sum().backward();
    assertClose(zPre.grad!.dataSync(), [-0.2625], TOL.handWorked, `${dtype} d zPre`);
    assertClose(h.grad!.dataSync(), [0.75], TOL.handWorked, `${dtype} d h`);
    assertClose(candPre.grad!.dataSync(), [0.16], TOL.handWorked, `${dtype} d candPre`);
  }
});

/** Three same-shaped [N, H, ...spatial] value sets. */
const caseArb = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 }).chain((r) => shapeArb(r, 1, 4)))
  .chain(([n, hidden, spatial]) => {
    const shape = [n, hidden, ...spatial];
    const size = shape.reduce((a, b) => a * b, 1);
    return fc.tuple(valuesArb(size, 4), valuesArb(size, 2), valuesArb(size, 4)).map((values) => ({ shape, values }));
  });

function inputs(k: { shape: number[]; values: number[][] }, count: number, dtype: DType): Tensor[] {
  return k.values.slice(0, count).map((v) => fg.tensor(Float64Array.from(v), { shape: k.shape, dtype }));
}

const OPS: [string, Fn, Fn, number][] = [
  ['gruResetGate', (r, h) => fg.gruResetGate(r, h), composedReset, 2],
  ['gruUpdate', (z, h, c) => fg.gruUpdate(z, h, c), composedUpdate, 3],
];

test('gruResetGate and gruUpdate equal the composition of separate ops (float64 within reordering; float32 within rounding)', () => {
  checkProperty(
    fc.property(caseArb, (k) => {
      for (const [name, fused, composed, count] of OPS) {
        const f64 = run(fused, inputs(k, count, 'float64'));
        assertRunsClose(f64, run(composed, inputs(k, count, 'float64')), TOL.reorderedSum64, `${name} float64 fused vs composed`);
        assertRunsClose(run(fused, inputs(k, count, 'float32')), f64, TOL.float32VsFloat64, `${name} float32 fused vs float64`);
      }
    }),
    40,
  );
});

test('gruResetGate and gruUpdate: the gradients written with ops (recorded backward) equal the backward kernels', () => {
  checkProperty(
    fc.property(caseArb, (k) => {
      for (const [name, fused, , count] of OPS) {
        const kernel = run(fused, inputs(k, count, 'float64'));
        assertRunsClose(run(fused, inputs(k, count, 'float64'), true), kernel, TOL.reorderedSum64, `${name} createGraph vs kernel gradient`);
      }
    }),
    25,
  );
});

test('gruUpdate: only the inputs that require a gradient get one', () => {
  const [zPre, h, candPre] = [fg.randn([2, 3, 4]).requiresGrad_(), fg.randn([2, 3, 4]), fg.randn([2, 3, 4]).requiresGrad_()];
  fg.gruUpdate(zPre, h, candPre).sum().backward();
  assert.equal(h.grad, null);
  assert.deepEqual(zPre.grad!.shape, [2, 3, 4]);
  assert.deepEqual(candPre.grad!.shape, [2, 3, 4]);
});

test('errors: gruResetGate and gruUpdate name the op and the offending shapes or dtypes', () => {
  const f32 = (shape: number[]) => fg.zeros(shape, { dtype: 'float32' });
  assert.throws(() => fg.gruResetGate(f32([4]), f32([4])), /^Error: gruResetGate: rPre must be \[N, H, \.\.\.spatial\], got \[4\]/);
  assert.throws(() => fg.gruResetGate(f32([2, 3, 4]), f32([2, 3, 5])), /gruResetGate: h has shape \[2, 3, 5\], expected \[2, 3, 4\] as rPre/);
  assert.throws(() => fg.gruResetGate(f32([2, 3]), fg.zeros([2, 3], { dtype: 'float64' })), /gruResetGate: dtype mismatch, rPre float32 \[2, 3\] vs h float64 \[2, 3\]/);
  assert.throws(() => fg.gruUpdate(f32([2, 3]), f32([2, 3]), f32([2, 4])), /gruUpdate: candPre has shape \[2, 4\], expected \[2, 3\] as zPre/);
  assert.throws(() => fg.gruUpdate(f32([2, 3]), fg.zeros([2, 3], { dtype: 'int32' }), f32([2, 3])), /gruUpdate: expected a floating-point tensor, got int32 of shape \[2, 3\]/);
});
