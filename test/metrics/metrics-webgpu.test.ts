// The metrics and dataset batches on the webgpu backend (float32) agree with the cpu float64 reference; skipped
// with a reason where no adapter exists (fails in CI).

import { test } from 'node:test';
import { type Tensor, tensor } from '../../src/index.js';
import { movingSquares } from '../../src/data/index.js';
import { mae, mse, psnr, ssim } from '../../src/metrics/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { firstBatch } from '../data/collect.js';

function pair(backend: 'cpu' | 'webgpu', dtype: 'float32' | 'float64'): [Tensor, Tensor] {
  const shape = [2, 3, 2, 16, 16];
  const n = shape.reduce((a, b) => a * b, 1);
  const x = Float64Array.from({ length: n }, (_, i) => (Math.sin(i * 0.37) + 1) / 2);
  const y = x.map((v, i) => Math.min(1, Math.max(0, v + 0.1 * Math.cos(i * 1.3))));
  return [tensor(x, { shape, dtype, backend }), tensor(y, { shape, dtype, backend })];
}

test('webgpu: MSE, MAE, PSNR and SSIM match the cpu float64 values', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const gpu = pair('webgpu', 'float32');
  const ref = pair('cpu', 'float64');
  for (const [name, metric] of [['mse', mse], ['mae', mae], ['psnr', psnr], ['ssim', ssim]] as const) {
    assertClose([await metric(...gpu)], [await metric(...ref)], TOL.webgpuMetric, `${name} on webgpu vs cpu float64`);
  }
});

test('webgpu: a dataset batch created on webgpu holds the same values as on cpu', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const make = (backend: 'cpu' | 'webgpu') => firstBatch(movingSquares({ size: 4, batchSize: 2, seed: 3, backend }));
  const [gpu, cpu] = [await make('webgpu'), await make('cpu')];
  assertClose(gpu.input, cpu.input, TOL.exact, 'input');
  assertClose(gpu.target, cpu.target, TOL.exact, 'target');
});
