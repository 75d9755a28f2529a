// Shared pieces of the IAM4VP tests: miniature configurations, seeded parameter values at a scale where every
// path of the model matters (the reference's init leaves mask_token at 0 and the layer scales at 1e-6), and a
// fixed-weight scalar loss.

import { Generator, type Tensor, noGrad, randn, tensor } from '../../src/index.js';
import type { IAM4VP, Iam4vpConfig } from '../../src/models/index.js';

/** Forward shapes and gradient coverage: the full N_S = 4 structure at 16x20 (latent 4x5), D = 24. */
export const SMALL: Iam4vpConfig = { shapeIn: [3, 2, 16, 20], cLatent: 8, nS: 4, nT: 3 };

/** Gradient checks and backend parity: 5x6 frames (latent 3x3, decoder crops 6x6 to 5x6), D = 8. */
export const TINY: Iam4vpConfig = { shapeIn: [2, 1, 5, 6], cLatent: 4, nS: 2, nT: 2 };

/**
 * Overwrites every parameter, as fixtures/make_iam4vp_fixtures.py does: weights ~ N(0, 1/fan_in), mask_token
 * ~ N(0, 0.25), norm weights and gamma ~ 1 + N(0, 0.01), other vectors ~ N(0, 0.01).
 */
export function seedParameters(model: IAM4VP, seed: number): void {
  const gen = new Generator(seed);
  noGrad(() => {
    for (const [name, p] of model.namedParameters()) {
      const noise = randn(p.shape, { dtype: p.dtype, backend: p.backend, generator: gen });
      let value: Tensor;
      if (name === 'mask_token') value = noise.mul(0.5);
      else if (p.rank >= 2) value = noise.div(Math.sqrt(p.size / p.shape[0]));
      else if (name.endsWith('norm.weight') || name.endsWith('gamma')) value = noise.mul(0.1).add(1);
      else value = noise.mul(0.1);
      p.replaceData_(value);
    }
  });
}

/** Seeded values in [-1, 1) as a float64 array (made into tensors on any backend by the caller). */
export function seededValues(size: number, seed: number): Float64Array {
  const gen = new Generator(seed);
  return new Float64Array(size).map(() => gen.uniform() * 2 - 1);
}

/** sum(output * w) with w seeded by `seed`, on the output's backend and dtype. */
export function weightedSum(output: Tensor, seed: number): Tensor {
  const w = tensor(seededValues(output.size, seed), { shape: output.shape, dtype: output.dtype, backend: output.backend });
  return output.mul(w).sum();
}
