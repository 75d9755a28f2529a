// RVD's noise schedule and samplers. The twelve buffers equal the reference's (float32) bit for bit at N = 1600 and
// N = 20, and the schedule has the spec's end points. As a test of the schedule arithmetic, with a denoiser that
// returns the true noise of the target residual both the ancestral and the strided sampler reproduce the target,
// up to the rounding of the float32 buffers. The strided sampler with S = N and eta = 1 is the ancestral one.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, type Tensor, tensor } from '../../src/index.js';
import { RVD } from '../../src/models/index.js';
import { SCHEDULE_BUFFERS, type NoiseSource, cosineBetas, diffusionSchedule, stridedTimesteps } from '../../src/models/rvd/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { entry, loadFixture, seedParameters, seeded } from './crnn-helpers.js';
import { TINY } from './rvd-helpers.js';

describe('cosine schedule', () => {
  test('the twelve buffers equal the reference\'s at N = 1600 and N = 20', async () => {
    const file = await loadFixture('rvd_small.safetensors');
    for (const [n, prefix] of [[1600, 'schedule1600/'], [20, 'weight/']] as const) {
      const ours = diffusionSchedule(cosineBetas(n));
      for (const name of SCHEDULE_BUFFERS) assertClose(ours[name], entry(file, `${prefix}${name}`).dataSync(), TOL.exact, `${name} at N = ${n}`);
    }
  });

  test('end points: the last beta is clipped to 0.999, abar_prev starts at 1, coef1_0 = 1 and coef2_0 = 0', () => {
    const s = diffusionSchedule(cosineBetas(1600));
    assert.equal(s.betas.length, 1600);
    assert.equal(s.betas[1599], Math.fround(0.999));
    assert.equal(s.alphas_cumprod_prev[0], 1);
    assert.equal(s.posterior_mean_coef1[0], 1);
    assert.equal(s.posterior_mean_coef2[0], 0);
    assert.equal(s.posterior_log_variance_clipped[0], Math.fround(Math.log(1e-20)));
  });

  test('strided steps are evenly spaced from 0 to N - 1', () => {
    assert.deepEqual(stridedTimesteps(1600, 5), [0, 400, 800, 1199, 1599]);
    assert.deepEqual(stridedTimesteps(4, 4), [0, 1, 2, 3]);
    assert.deepEqual(stridedTimesteps(10, 1), [9]);
    assert.throws(() => stridedTimesteps(10, 11), /steps must be an integer in \[1, 10\]/);
  });
});

/** Successive seeded normal draws in float64 on cpu: the same sequence for every source made with `seed`. */
function noiseSource(seed: number): NoiseSource {
  const gen = new Generator(seed);
  return (shape) => tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)).map(() => gen.normal()), { shape, dtype: 'float64' });
}

describe('samplers with a denoiser returning the true noise reproduce the target', () => {
  const model = new RVD({ ...TINY, timesteps: 1600 }).to('float64');
  const target = seeded([2, 1, 4, 4], 61).mul(1.5);
  const s = model.schedule;
  const oracle = (y: Tensor, n: number): Tensor => y.sub(target.mul(s.sqrt_alphas_cumprod[n])).div(s.sqrt_one_minus_alphas_cumprod[n]);

  test('ancestral (N = 1600 steps)', async () => {
    const y = model.sampleResidual(target.shape, oracle, { noise: noiseSource(62) });
    assertClose(await y.data(), await target.data(), TOL.diffusionOracle64, 'ancestral sample vs target');
  });

  for (const [steps, eta] of [[50, 0], [7, 0.5]] as const) {
    test(`strided (S = ${steps}, eta = ${eta})`, async () => {
      const y = model.sampleResidual(target.shape, oracle, { sampler: 'strided', steps, eta, noise: noiseSource(63) });
      assertClose(await y.data(), await target.data(), TOL.diffusionOracle64, 'strided sample vs target');
    });
  }

  test('a generated frame mu + sigma y, with the true noise of a target frame, is that frame', async () => {
    const frames = seeded([1, 2, 1, 4, 4], 64);
    const { mu, sigma } = model.scan(frames.squeeze(0));
    const frame = target.mul(0.5).clamp(-1, 1);
    const residual = frame.sub(mu).div(sigma);
    const y = model.sampleResidual(residual.shape, (x, n) => x.sub(residual.mul(s.sqrt_alphas_cumprod[n])).div(s.sqrt_one_minus_alphas_cumprod[n]), { noise: noiseSource(65) });
    assertClose(await y.mul(sigma).add(mu).data(), await frame.data(), TOL.diffusionOracle64, 'generated frame vs target');
  });
});

test('strided with S = N and eta = 1 equals ancestral given the same noise (a real denoiser, clamping active)', async () => {
  const model = new RVD({ ...TINY, timesteps: 20 }).to('float64');
  seedParameters(model, 66);
  const { context } = model.scan(seeded([2, 1, 4, 4], 67));
  const denoise = (y: Tensor, n: number): Tensor => model.denoiseFn.forward(y, tensor([n, n], { dtype: 'int32' }), context).mul(3);
  const ancestral = model.sampleResidual([2, 1, 4, 4], denoise, { noise: noiseSource(68) });
  const strided = model.sampleResidual([2, 1, 4, 4], denoise, { sampler: 'strided', steps: 20, eta: 1, noise: noiseSource(68) });
  assertClose(await strided.data(), await ancestral.data(), TOL.samplerEquivalence64, 'strided (S = N, eta = 1) vs ancestral');
});
