// batchNorm beyond the generic records: hand-worked values, gradients and running-statistic updates, agreement
// with the composition of separate ops it replaces (forward, the backward kernels, and the gradient written with
// ops that a recorded backward uses), webgpu at sizes where every workgroup loops over its channel, and its
// input errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fg from '../../src/index.js';
import type { DType, Tensor } from '../../src/index.js';
import { checkCrossBackend } from '../support/cross-backend.js';
import { checkProperty, shapeArb, valuesArb } from '../support/property.js';
import { TOL, assertClose, type Tolerance } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

/** x [N, C, ...spatial], normalised as BatchNormNd computed it with separate ops before the fused op. */
function composed(x: Tensor, mean: Tensor | null, variance: Tensor | null, weight: Tensor | null, bias: Tensor | null, eps: number): Tensor {
  const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const view = x.shape.map((d, i) => (i === 1 ? d : 1));
  const m = mean ?? x.mean({ dim: dims });
  const v = variance ?? x.sub(m.reshape(view)).square().mean({ dim: dims });
  let y = x.sub(m.reshape(view)).mul(v.add(eps).rsqrt().reshape(view));
  if (weight) y = y.mul(weight.reshape(view));
  if (bias) y = y.add(bias.reshape(view));
  return y;
}

/** x [2, 2, 2]: channel 0 holds 1, 1, 1, 5 (mean 2, variance 3), channel 1 holds 13, 9, 9, 9 (mean 10, variance 3). */
const HAND_X = [1, 1, 13, 9, 1, 5, 9, 9];

test('batchNorm: hand-worked training value, gradients and running-statistic update', () => {
  // eps 1 makes var + eps = 4 in both channels, so x̂ = (x - mean) / 2: channel 0 -0.5, -0.5, -0.5, 1.5 and channel 1
  // 1.5, -0.5, -0.5, -0.5; y = x̂ weight + bias with weight [2, -1] and bias [0.5, 1].
  for (const dtype of ['float64', 'float32'] as const) {
    const x = fg.tensor(HAND_X, { shape: [2, 2, 2], dtype, requiresGrad: true });
    const weight = fg.tensor([2, -1], { dtype, requiresGrad: true });
    const bias = fg.tensor([0.5, 1], { dtype, requiresGrad: true });
    const runningMean = fg.zeros([2], { dtype });
    const runningVar = fg.ones([2], { dtype });
    const y = fg.batchNorm(x, runningMean, runningVar, { weight, bias, training: true, momentum: 0.5, eps: 1 });
    assertClose(y.dataSync(), [-0.5, -0.5, -0.5, 1.5, -0.5, 3.5, 1.5, 1.5], TOL.handWorked, `${dtype} y`);
    // The unbiased variance is 3 * 4/3 = 4: running mean 0.5 * [2, 10], running variance 0.5 * 1 + 0.5 * 4.
    assertClose(runningMean.dataSync(), [1, 5], TOL.handWorked, `${dtype} running mean`);
    assertClose(runningVar.dataSync(), [2.5, 2.5], TOL.handWorked, `${dtype} running variance`);
    // dy = 1 at channel 0's first value, 1 everywhere in channel 1. Channel 0: weight / 2 = 1, Σ dy = 1,
    // Σ dy x̂ = -0.5, so dx = dy - 1/4 + x̂ / 8; channel 1: dy is constant, so dx = 0.
    const dy = fg.tensor([1, 0, 1, 1, 0, 0, 1, 1], { shape: [2, 2, 2], dtype });
    y.backward(dy);
    assertClose(x.grad!.dataSync(), [0.6875, -0.3125, 0, 0, -0.3125, -0.0625, 0, 0], TOL.handWorked, `${dtype} d x`);
    assertClose(weight.grad!.dataSync(), [-0.5, 0], TOL.handWorked, `${dtype} d weight`);
    assertClose(bias.grad!.dataSync(), [1, 4], TOL.handWorked, `${dtype} d bias`);
  }
});

test('batchNorm: hand-worked eval value and gradients with the running statistics', () => {
  // Running mean [1, 5] and variance [3, 15] with eps 1: invstd [1/2, 1/4]; channel 1's x - 5 is 8, 4, 4, 4.
  const x = fg.tensor(HAND_X, { shape: [2, 2, 2], dtype: 'float64', requiresGrad: true });
  const weight = fg.tensor([2, -1], { dtype: 'float64', requiresGrad: true });
  const bias = fg.tensor([0.5, 1], { dtype: 'float64', requiresGrad: true });
  const runningMean = fg.tensor([1, 5], { dtype: 'float64' });
  const runningVar = fg.tensor([3, 15], { dtype: 'float64' });
  const y = fg.batchNorm(x, runningMean, runningVar, { weight, bias, eps: 1 });
  assertClose(y.dataSync(), [0.5, 0.5, -1, 0, 0.5, 4.5, 0, 0], TOL.handWorked, 'y');
  y.sum().backward();
  assertClose(x.grad!.dataSync(), [1, 1, -0.25, -0.25, 1, 1, -0.25, -0.25], TOL.handWorked, 'd x');
  // Σ x̂: channel 0 (0 + 0 + 0 + 4) / 2 = 2, channel 1 (8 + 4 + 4 + 4) / 4 = 5.
  assertClose(weight.grad!.dataSync(), [2, 5], TOL.handWorked, 'd weight');
  assertClose(bias.grad!.dataSync(), [4, 4], TOL.handWorked, 'd bias');
  assertClose(runningMean.dataSync(), [1, 5], TOL.exact, 'eval leaves the running mean');
});

test('batchNorm: a 0-d momentum tensor updates the running statistics as the same number does', () => {
  const x = fg.tensor(HAND_X, { shape: [2, 2, 2], dtype: 'float64' });
  const stats = (momentum: number | Tensor): number[][] => {
    const [mean, variance] = [fg.tensor([1, -1], { dtype: 'float64' }), fg.tensor([2, 3], { dtype: 'float64' })];
    fg.batchNorm(x, mean, variance, { training: true, momentum });
    return [Array.from(mean.dataSync()), Array.from(variance.dataSync())];
  };
  const byTensor = stats(fg.tensor(0.25, { dtype: 'float64' }));
  stats(0.25).forEach((expected, k) => assertClose(byTensor[k], expected, TOL.exact, `running ${k === 0 ? 'mean' : 'variance'}`));
  assertClose(stats(0.25)[0], [0.75 + 0.5, -0.75 + 2.5], TOL.handComputed64, 'running mean 0.75 old + 0.25 batch');
});

test('batchNorm: an eval graph keeps the running statistics it normalised with when the buffers update in place', () => {
  const x = fg.tensor(HAND_X, { shape: [2, 2, 2], dtype: 'float64' });
  const weight = fg.tensor([2, -1], { dtype: 'float64', requiresGrad: true });
  const runningMean = fg.tensor([1, 5], { dtype: 'float64' });
  const runningVar = fg.tensor([3, 15], { dtype: 'float64' });
  const y = fg.batchNorm(x, runningMean, runningVar, { weight, eps: 1 });
  fg.batchNorm(x, runningMean, runningVar, { training: true, momentum: 1 });
  y.sum().backward();
  assertClose(weight.grad!.dataSync(), [2, 5], TOL.handWorked, 'd weight from the statistics of the forward');
});

interface Drawn {
  readonly shape: number[];
  readonly x: number[];
  readonly channel: number[][];
  readonly training: boolean;
  readonly affine: boolean;
}

/** x [N, C, ...spatial] (at least 2 values per channel, offset so the mean is not 0) and four [C] value sets. */
const caseArb: fc.Arbitrary<Drawn> = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 }).chain((r) => shapeArb(r, 1, 4)), fc.boolean(), fc.boolean())
  .filter(([n, , spatial]) => n * spatial.reduce((a, b) => a * b, 1) > 1)
  .chain(([n, channels, spatial, training, affine]) => {
    const shape = [n, channels, ...spatial];
    const size = shape.reduce((a, b) => a * b, 1);
    return fc
      .tuple(valuesArb(size, 3), fc.array(valuesArb(channels, 1), { minLength: 4, maxLength: 4 }))
      .map(([x, channel]) => ({ shape, x: x.map((v) => v + 1), channel, training, affine }));
  });

/** The output and the gradients of sum(0.7 out) w.r.t. x, weight and bias (when affine). */
function run(k: Drawn, dtype: DType, how: 'fused' | 'composed' | 'fused createGraph'): number[][] {
  const x = fg.tensor(Float64Array.from(k.x), { shape: k.shape, dtype, requiresGrad: true });
  const [weight, bias, runningMean, runningVarRaw] = k.channel.map((v) => fg.tensor(Float64Array.from(v), { dtype }));
  const runningVar = runningVarRaw.add(1.5);
  const affine = k.affine ? [weight.add(1).requiresGrad_(), bias.requiresGrad_()] : [null, null];
  const eps = 1e-3;
  const y =
    how === 'composed'
      ? composed(x, k.training ? null : runningMean, k.training ? null : runningVar, affine[0], affine[1], eps)
      : fg.batchNorm(x, k.training ? null : runningMean, k.training ? null : runningVar, { weight: affine[0], bias: affine[1], training: k.training, eps });
  const leaves = [x, ...affine.filter((t): t is Tensor => t !== null)];
  const grads = fg.grad(y, leaves, { gradOutputs: [y.onesLike().mul(0.7)], createGraph: how === 'fused createGraph' });
  return [y, ...grads].map((t) => Array.from(t.dataSync()));
}

function assertRunsClose(actual: number[][], expected: number[][], tol: Tolerance, what: string): void {
  actual.forEach((a, k) => assertClose(a, expected[k], tol, `${what}: ${['y', 'd x', 'd weight', 'd bias'][k]}`));
}

test('batchNorm equals the composition of separate ops (float64 within reordering; float32 within rounding)', () => {
  checkProperty(
    fc.property(caseArb, (k) => {
      const fused = run(k, 'float64', 'fused');
      assertRunsClose(fused, run(k, 'float64', 'composed'), TOL.reorderedSum64, 'float64 fused vs composed');
      assertRunsClose(run(k, 'float32', 'fused'), fused, TOL.float32VsFloat64, 'float32 fused vs float64');
    }),
    40,
  );
});

test('batchNorm: the gradient written with ops (recorded backward) equals the backward kernels', () => {
  checkProperty(
    fc.property(caseArb, (k) => {
      assertRunsClose(run(k, 'float64', 'fused createGraph'), run(k, 'float64', 'fused'), TOL.reorderedSum64, 'createGraph vs kernel gradient');
    }),
    25,
  );
});

test('batchNorm without a graph returns a plain tensor and leaves nothing else allocated', () => {
  const x = fg.randn([2, 3, 4, 4]);
  const [weight, bias, runningMean, runningVar] = [fg.randn([3]), fg.randn([3]), fg.zeros([3]), fg.ones([3])];
  for (const training of [true, false]) {
    const before = fg.getBackend('cpu').memory().liveBuffers;
    const y = fg.noGrad(() => fg.batchNorm(x, runningMean, runningVar, { weight, bias, training }));
    assert.equal(y.requiresGrad, false);
    assert.equal(fg.getBackend('cpu').memory().liveBuffers - before, 1, `training ${training}`);
  }
});

test('batchNorm [webgpu float32 vs cpu float64]: channels longer than a workgroup, with and without affine, training and eval', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  // 3 x 10 x 12 = 360 values per channel: each of a workgroup's 256 invocations visits one or two; mean about 5.
  const shape = [3, 4, 10, 12];
  const size = shape.reduce((a, b) => a * b, 1);
  const x = { shape, values: Array.from({ length: size }, (_, i) => 5 + Math.sin(i * 0.37) * (1 + (i % 7) / 3)) };
  const channel = (f: (c: number) => number) => ({ shape: [4], values: [0, 1, 2, 3].map(f) });
  const [weight, bias] = [channel((c) => 1 + 0.3 * c), channel((c) => 0.5 - 0.2 * c)];
  const [runningMean, runningVar] = [channel((c) => 4.5 + 0.2 * c), { ...channel((c) => 1.5 + 0.1 * c), requiresGrad: false }];
  await checkCrossBackend((xs, w, b) => fg.batchNorm(xs, null, null, { weight: w, bias: b, training: true }), [x, weight, bias], TOL.webgpuVsFloat64, 'training affine');
  await checkCrossBackend((xs) => fg.batchNorm(xs, null, null, { training: true }), [x], TOL.webgpuVsFloat64, 'training');
  await checkCrossBackend(
    (xs, w, b, m, v) => fg.batchNorm(xs, m, v, { weight: w, bias: b }),
    [x, weight, bias, { ...runningMean, requiresGrad: false }, runningVar],
    TOL.webgpuVsFloat64,
    'eval affine',
  );
});

test('errors: batchNorm names the op and the offending shapes, dtypes or modes', () => {
  const f32 = (shape: number[]) => fg.zeros(shape, { dtype: 'float32' });
  const x = f32([2, 3, 4]);
  assert.throws(() => fg.batchNorm(f32([4]), null, null, { training: true }), /^Error: batchNorm: input must be \[N, C, \.\.\.spatial\] with C >= 1, got \[4\]/);
  assert.throws(() => fg.batchNorm(f32([2, 0, 4]), null, null, { training: true }), /batchNorm: input must be \[N, C, \.\.\.spatial\] with C >= 1, got \[2, 0, 4\]/);
  assert.throws(() => fg.batchNorm(fg.zeros([2, 3], { dtype: 'int32' }), null, null, { training: true }), /batchNorm: expected a floating-point tensor, got int32 of shape \[2, 3\]/);
  assert.throws(() => fg.batchNorm(x, null, null, { weight: f32([4]), training: true }), /batchNorm: weight has shape \[4\], expected \[3\] for input \[2, 3, 4\]/);
  assert.throws(() => fg.batchNorm(x, null, null, { bias: fg.zeros([3], { dtype: 'float64' }), training: true }), /batchNorm: dtype mismatch, input float32 \[2, 3, 4\] vs bias float64 \[3\]/);
  assert.throws(() => fg.batchNorm(x, f32([3]), f32([2])), /batchNorm: runningVar has shape \[2\], expected \[3\] for input \[2, 3, 4\]/);
  assert.throws(() => fg.batchNorm(x, f32([3]), null, { training: true }), /batchNorm: runningMean and runningVar must be given together/);
  assert.throws(() => fg.batchNorm(x, null, null), /batchNorm: eval mode \(training false\) needs runningMean and runningVar, input \[2, 3, 4\]/);
  assert.throws(() => fg.batchNorm(f32([1, 3]), null, null, { training: true }), /batchNorm: expected more than 1 value per channel when training, got input \[1, 3\]/);
  assert.throws(() => fg.batchNorm(x, f32([3]).requiresGrad_(), f32([3])), /batchNorm: runningMean and runningVar are statistics, not differentiable inputs; pass them detached/);
  assert.throws(
    () => fg.batchNorm(x, f32([3]), f32([3]), { training: true, momentum: fg.zeros([1], { dtype: 'float32' }) }),
    /batchNorm: momentum must be a number or a 0-d float32 tensor, got float32 \[1\]/,
  );
});
