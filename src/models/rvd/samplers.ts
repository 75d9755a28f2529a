// Reverse-diffusion samplers of the scaled residual y (crnn-diffusion.md §6.3), written over the schedule and a
// denoiser callback so they are testable with any denoiser (an oracle that returns the true noise included):
//   ancestral: the reference's p_sample_loop, N denoiser calls, n = N-1 .. 0:
//     x0 = sqrt(1/abar_n) y - sqrt(1/abar_n - 1) eps (clamped to [-2, 2]), y = coef1_n x0 + coef2_n y + (n > 0) e^(logvar_n / 2) z
//   strided: a DDIM-style sampler (Song et al. 2021; our addition, not in the reference) over S evenly spaced steps
//     tau_{S-1} = N-1 > ... > tau_0 = 0: with a = abar_tau, a' = abar_tau' (a' = 1 after tau_0),
//     eps' = (sqrt(1/a) y - x0) / sqrt(1/a - 1) (consistent with the clamped x0),
//     sigma = eta sqrt((1 - a') / (1 - a)) sqrt(1 - a / a'), y = sqrt(a') x0 + sqrt(1 - a' - sigma^2) eps' + sigma z.
//   With S = N and eta = 1 it is the ancestral sampler; eta = 0 (the default) is deterministic given the first y.

import type { Tensor } from '../../tensor/tensor.js';
import type { PredMode } from './config.js';
import type { DiffusionSchedule } from './schedule.js';

/** Draws standard normal noise of a shape (on the model's backend and dtype). */
export type NoiseSource = (shape: readonly number[]) => Tensor;
/** The denoiser at step n: its raw output (the noise, or the clean residual in 'pred_true' mode) for y. */
export type Denoiser = (y: Tensor, n: number) => Tensor;

export interface SamplerSettings {
  readonly schedule: DiffusionSchedule;
  readonly predMode: PredMode;
  /** Clamp the reconstructed x0 to [-2, 2]. */
  readonly clipDenoised: boolean;
}

export interface StridedOptions {
  /** Denoiser calls S, 1..N (default 50). */
  readonly steps?: number;
  /** Noise scale: 0 deterministic DDIM (default), 1 the ancestral variance. */
  readonly eta?: number;
}

/** The reconstruction x0 from y at step n and the denoiser's output, clamped if asked. */
function predictX0(settings: SamplerSettings, y: Tensor, n: number, out: Tensor): Tensor {
  const s = settings.schedule;
  const x0 = settings.predMode === 'noise' ? y.mul(s.sqrt_recip_alphas_cumprod[n]).sub(out.mul(s.sqrt_recipm1_alphas_cumprod[n])) : out;
  return settings.clipDenoised ? x0.clamp(-2, 2) : x0;
}

/** The reference's ancestral sampler; noise is drawn for the start and for n = N-1 .. 1 (none at n = 0). */
export function ancestralSample(settings: SamplerSettings, shape: readonly number[], denoise: Denoiser, noise: NoiseSource): Tensor {
  const s = settings.schedule;
  let y = noise(shape);
  for (let n = s.betas.length - 1; n >= 0; n--) {
    const x0 = predictX0(settings, y, n, denoise(y, n));
    const mean = x0.mul(s.posterior_mean_coef1[n]).add(y.mul(s.posterior_mean_coef2[n]));
    // The reference computes this scale from its float32 buffer in float32.
    y = n > 0 ? mean.add(noise(shape).mul(Math.fround(Math.exp(0.5 * s.posterior_log_variance_clipped[n])))) : mean;
  }
  return y;
}

/** The S steps of the strided sampler, ascending: round(i (N - 1) / (S - 1)) for i = 0..S-1 ([N-1] when S = 1). */
export function stridedTimesteps(timesteps: number, steps: number): number[] {
  if (!Number.isInteger(steps) || steps < 1 || steps > timesteps) throw new Error(`stridedTimesteps: steps must be an integer in [1, ${timesteps}], got ${steps}`);
  if (steps === 1) return [timesteps - 1];
  return Array.from({ length: steps }, (_, i) => Math.round((i * (timesteps - 1)) / (steps - 1)));
}

/** The strided (DDIM-style) sampler; noise is drawn for the start and for each step with sigma > 0. */
export function stridedSample(settings: SamplerSettings, shape: readonly number[], denoise: Denoiser, noise: NoiseSource, options: StridedOptions = {}): Tensor {
  const s = settings.schedule;
  const eta = options.eta ?? 0;
  if (!(eta >= 0)) throw new Error(`stridedSample: eta must be >= 0, got ${eta}`);
  const taus = stridedTimesteps(s.betas.length, options.steps ?? Math.min(50, s.betas.length));
  let y = noise(shape);
  for (let k = taus.length - 1; k >= 0; k--) {
    const n = taus[k];
    const x0 = predictX0(settings, y, n, denoise(y, n));
    const eps = y.mul(s.sqrt_recip_alphas_cumprod[n]).sub(x0).div(s.sqrt_recipm1_alphas_cumprod[n]);
    const a = s.alphas_cumprod[n];
    const aPrev = k > 0 ? s.alphas_cumprod[taus[k - 1]] : 1;
    const sigma = eta * Math.sqrt(((1 - aPrev) / (1 - a)) * (1 - a / aPrev));
    y = x0.mul(Math.sqrt(aPrev)).add(eps.mul(Math.sqrt(Math.max(1 - aPrev - sigma * sigma, 0))));
    if (sigma > 0) y = y.add(noise(shape).mul(sigma));
  }
  return y;
}
