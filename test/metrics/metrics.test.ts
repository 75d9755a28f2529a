// The metrics against hand-computed values: MSE and MAE per frame (mean and the literature's sum), PSNR of a
// known MSE, SSIM of identical images (1), of constant images (closed form) and of a small textured case checked
// against a direct float64 loop, the per-step curve, the copy-last-frame baseline, and the shape errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Tensor, tensor } from '../../src/index.js';
import { copyLastFrame, gaussianWindow, mae, maeFrames, meanPerStep, mse, mseFrames, psnr, psnrFrames, ssim, ssimFrames } from '../../src/metrics/index.js';
import { TOL, assertClose } from '../support/tolerances.js';

const filled = (shape: number[], value: (i: number) => number, dtype: 'float32' | 'float64' = 'float32'): Tensor =>
  tensor(Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => value(i)), { shape, dtype, backend: 'cpu' });

test('MSE and MAE per frame, mean and sum over the pixels', async () => {
  // Two frames of 1x2x2: frame 0 errors (0.5, -0.5, 0.25, 0), frame 1 errors all 1.
  const target = filled([1, 2, 1, 2, 2], () => 0);
  const pred = tensor([0.5, -0.5, 0.25, 0, 1, 1, 1, 1], { shape: [1, 2, 1, 2, 2], backend: 'cpu' });
  assertClose(Array.from(mseFrames(pred, target).dataSync()), [0.5625 / 4, 1], TOL.exact, 'mse per frame');
  assertClose(Array.from(mseFrames(pred, target, { reduction: 'sum' }).dataSync()), [0.5625, 4], TOL.exact, 'sum of squares per frame');
  assertClose(Array.from(maeFrames(pred, target).dataSync()), [1.25 / 4, 1], TOL.exact, 'mae per frame');
  assertClose([await mse(pred, target)], [(0.5625 / 4 + 1) / 2], TOL.exact, 'mse');
  assertClose([await mae(pred, target, { reduction: 'sum' })], [(1.25 + 4) / 2], TOL.exact, 'mae sum');
  assert.deepEqual(mseFrames(pred, target).shape, [1, 2]);
});

test('meanPerStep averages [B, T] scores over the batch', async () => {
  const scores = tensor([[1, 2, 3], [3, 4, 5]], { backend: 'cpu' });
  assert.deepEqual(await meanPerStep(scores), [2, 3, 4]);
  await assert.rejects(() => meanPerStep(tensor([1, 2], { backend: 'cpu' })), /expected per-frame scores of shape \[B, T\], got \[2\]/);
});

test('PSNR of a known MSE: 0.1 everywhere is MSE 0.01, 20 dB; identical frames give +Infinity', async () => {
  const target = filled([2, 1, 3, 3], () => 0.5);
  const pred = filled([2, 1, 3, 3], () => 0.6, 'float64');
  assertClose([await psnr(pred, target.to('float64'))], [20], TOL.handComputed64, 'psnr');
  assertClose([await psnr(pred.mul(255), target.to('float64').mul(255), { dataRange: 255 })], [20], TOL.handComputed64, 'psnr on 0..255');
  assert.deepEqual(Array.from(psnrFrames(target, target).dataSync()), [Infinity, Infinity]);
});

test('SSIM of identical images is 1; of constants a and b it is (2ab + C1) / (a^2 + b^2 + C1)', async () => {
  const x = filled([1, 2, 3, 16, 16], (i) => (Math.sin(i * 0.37) + 1) / 2);
  assertClose([await ssim(x, x)], [1], TOL.float32VsFloat64, 'ssim(x, x)');
  const c1 = 0.01 ** 2;
  const [a, b] = [0.5, 0.25];
  const got = ssimFrames(filled([1, 11, 11], () => a, 'float64'), filled([1, 11, 11], () => b, 'float64'));
  assertClose(Array.from(got.dataSync()), [(2 * a * b + c1) / (a * a + b * b + c1)], TOL.handComputed64, 'ssim of constants');
});

/** SSIM by the definition: for each valid 11x11 window, Gaussian-weighted means, variances and covariance. */
function referenceSsim(x: number[][], y: number[][]): number {
  const g = Array.from({ length: 11 }, (_, i) => Math.exp(-((i - 5) ** 2) / (2 * 1.5 * 1.5)));
  const total = g.reduce((s, v) => s + v, 0) ** 2;
  const [c1, c2] = [0.01 ** 2, 0.03 ** 2];
  let sum = 0;
  let count = 0;
  for (let top = 0; top + 11 <= x.length; top++) {
    for (let left = 0; left + 11 <= x[0].length; left++) {
      let [mx, my, sxx, syy, sxy] = [0, 0, 0, 0, 0];
      for (let i = 0; i < 11; i++) {
        for (let j = 0; j < 11; j++) {
          const w = (g[i] * g[j]) / total;
          const [u, v] = [x[top + i][left + j], y[top + i][left + j]];
          [mx, my, sxx, syy, sxy] = [mx + w * u, my + w * v, sxx + w * u * u, syy + w * v * v, sxy + w * u * v];
        }
      }
      const [vx, vy, cxy] = [sxx - mx * mx, syy - my * my, sxy - mx * my];
      sum += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  }
  return sum / count;
}

test('SSIM of a textured 12x13 pair matches the definition computed directly', () => {
  const x = Array.from({ length: 12 }, (_, r) => Array.from({ length: 13 }, (_, q) => ((r * 7 + q * 3) % 10) / 10));
  const y = x.map((row, r) => row.map((v, q) => Math.min(1, v * 0.8 + ((r + q) % 3) * 0.05)));
  const got = ssimFrames(tensor(x, { dtype: 'float64', backend: 'cpu' }).reshape([1, 12, 13]), tensor(y, { dtype: 'float64', backend: 'cpu' }).reshape([1, 12, 13]));
  assertClose(Array.from(got.dataSync()), [referenceSsim(x, y)], TOL.metricFloat64, 'ssim vs direct definition');
  const g = gaussianWindow(11, 1.5);
  assertClose([g.reduce((s, v) => s + v, 0), g[5] / g[4]], [1, Math.exp(1 / 4.5)], TOL.handComputed64, 'gaussian window');
});

test('copy-last-frame baseline repeats frame T - 1 and scores 0 on a static clip', async () => {
  const input = filled([2, 3, 1, 4, 4], (i) => Math.floor(i / 16));
  const baseline = copyLastFrame(input, 5);
  assert.deepEqual(baseline.shape, [2, 5, 1, 4, 4]);
  const values = baseline.dataSync();
  for (let b = 0; b < 2; b++) for (let t = 0; t < 5; t++) assert.equal(values[(b * 5 + t) * 16], b * 3 + 2);
  const still = filled([1, 4, 1, 4, 4], () => 0.3);
  assert.equal(await mse(copyLastFrame(still, 2), still.narrow(1, 0, 2)), 0);
});

test('mismatched or malformed inputs throw naming the metric', () => {
  const a = filled([1, 2, 1, 12, 12], () => 0);
  assert.throws(() => mseFrames(a, filled([1, 2, 1, 12, 11], () => 0)), /mseFrames: prediction \[1, 2, 1, 12, 12\] and target \[1, 2, 1, 12, 11\] differ in shape/);
  assert.throws(() => ssimFrames(filled([1, 8, 20], () => 0), filled([1, 8, 20], () => 0)), /ssimFrames: frames of 8x20 are smaller than the 11x11 window/);
  assert.throws(() => maeFrames(filled([4, 4], () => 0), filled([4, 4], () => 0)), /rank >= 3/);
  assert.throws(() => copyLastFrame(filled([2, 1, 4, 4], () => 0), 1), /copyLastFrame: input must be \[B, T, C, H, W\]/);
  assert.throws(() => mseFrames(a, a, { reduction: 'max' as 'sum' }), /reduction must be 'mean' or 'sum'/);
});
