// Shared pieces of the RVD tests: miniature configurations and the fixed draws (diffusion steps and noise) that make
// the training loss a deterministic function; seeding, fixture access and the weighted-sum loss are the CRNN tests'
// (crnn-helpers.ts).

import { type Tensor, tensor } from '../../src/index.js';
import { RVD_DEFAULT_CONFIG, type RvdConfig, type RvdLossOptions } from '../../src/models/rvd/index.js';
import { seeded } from './crnn-helpers.js';

/** Gradient checks, backend parity, sampler and training tests: 4x4 or 8x8 frames, widths 8 and 16, N = 50. */
export const TINY: RvdConfig = { ...RVD_DEFAULT_CONFIG, dim: 8, dimMults: [1, 2], historyMults: [1, 2], timesteps: 50 };

/** The reference fixture's configuration (fixtures/make_crnn_rvd_fixtures.py RVD_CONFIG). */
export const FIXTURE: RvdConfig = { ...RVD_DEFAULT_CONFIG, dim: 8, dimMults: [1, 2], historyMults: [1, 2, 2], timesteps: 20 };

/** The loss's random draws fixed: the given steps per video and seeded noise for frames 2..T-1 of `shape`. */
export function fixedDraws(
  steps: readonly number[],
  frames: number,
  shape: readonly number[],
  seed: number,
  dtype: 'float32' | 'float64' = 'float64',
  backend: 'cpu' | 'webgpu' = 'cpu',
): Required<Pick<RvdLossOptions, 'steps' | 'noise'>> {
  const noise: Tensor[] = Array.from({ length: frames - 2 }, (_, i) => seeded(shape, seed + i, dtype, backend).mul(1.5));
  return { steps: tensor(Int32Array.from(steps), { dtype: 'int32', backend }), noise };
}
