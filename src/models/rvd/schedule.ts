// The cosine noise schedule of RVD (utils.cosine_beta_schedule and GaussianDiffusion.__init__ at 309fbe0;
// crnn-diffusion.md §6.1): betas from abar(n) = f(n) / f(0), f(n) = cos^2(((n / N) + s) / (1 + s) pi / 2), clipped to
// [0, 0.999], and the twelve arrays the reference registers as buffers, computed in float64 and stored in float32
// as the reference stores them.

/** The reference's buffer names, in its registration order. */
export const SCHEDULE_BUFFERS = [
  'betas',
  'alphas_cumprod',
  'alphas_cumprod_prev',
  'sqrt_alphas_cumprod',
  'sqrt_one_minus_alphas_cumprod',
  'log_one_minus_alphas_cumprod',
  'sqrt_recip_alphas_cumprod',
  'sqrt_recipm1_alphas_cumprod',
  'posterior_variance',
  'posterior_log_variance_clipped',
  'posterior_mean_coef1',
  'posterior_mean_coef2',
] as const;

export type ScheduleBuffer = (typeof SCHEDULE_BUFFERS)[number];

/** Each buffer's N float32 values, indexed by the diffusion step 0..N-1. */
export type DiffusionSchedule = Readonly<Record<ScheduleBuffer, Float32Array>>;

/** cosine_beta_schedule(N, s): the grid numpy.linspace(0, N + 1, N + 1) gives, divided by N + 1, is n / N. */
export function cosineBetas(timesteps: number, s = 0.008): Float64Array {
  const steps = timesteps + 1;
  const delta = steps / (steps - 1);
  const f = Float64Array.from({ length: steps }, (_, i) => {
    const x = i === steps - 1 ? steps : i * delta;
    return Math.cos(((x / steps + s) / (1 + s)) * Math.PI * 0.5) ** 2;
  });
  const abar = f.map((v) => v / f[0]);
  return Float64Array.from({ length: timesteps }, (_, i) => Math.min(Math.max(1 - abar[i + 1] / abar[i], 0), 0.999));
}

/** The twelve buffers for the given betas (the cosine schedule by default). */
export function diffusionSchedule(betas: Float64Array): DiffusionSchedule {
  const n = betas.length;
  const alphas = betas.map((b) => 1 - b);
  const abar = new Float64Array(n);
  alphas.reduce((acc, a, i) => (abar[i] = acc * a), 1);
  const prev = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1 : abar[i - 1]));
  const each = (fn: (i: number) => number): Float32Array => Float32Array.from({ length: n }, (_, i) => fn(i));
  const posterior = (i: number): number => (betas[i] * (1 - prev[i])) / (1 - abar[i]);
  return {
    betas: each((i) => betas[i]),
    alphas_cumprod: each((i) => abar[i]),
    alphas_cumprod_prev: each((i) => prev[i]),
    sqrt_alphas_cumprod: each((i) => Math.sqrt(abar[i])),
    sqrt_one_minus_alphas_cumprod: each((i) => Math.sqrt(1 - abar[i])),
    log_one_minus_alphas_cumprod: each((i) => Math.log(1 - abar[i])),
    sqrt_recip_alphas_cumprod: each((i) => Math.sqrt(1 / abar[i])),
    sqrt_recipm1_alphas_cumprod: each((i) => Math.sqrt(1 / abar[i] - 1)),
    posterior_variance: each(posterior),
    posterior_log_variance_clipped: each((i) => Math.log(Math.max(posterior(i), 1e-20))),
    posterior_mean_coef1: each((i) => (betas[i] * Math.sqrt(prev[i])) / (1 - abar[i])),
    posterior_mean_coef2: each((i) => ((1 - prev[i]) * Math.sqrt(alphas[i])) / (1 - abar[i])),
  };
}
