// The typed configuration of residual video diffusion (buggyyang/RVD at 309fbe0; crnn-diffusion.md §1, §5-7): the
// widths of the denoiser, the context network and the mean predictor, and the diffusion process's settings, with
// the reference's Moving-MNIST 64x64 values as defaults and the spec's compact 32x32 configuration.

/** What the denoiser predicts: the noise (the reference's default) or the clean residual. */
export type PredMode = 'noise' | 'pred_true';
/** The training loss on the denoiser's output. */
export type LossType = 'l1' | 'l2';

export interface RvdConfig {
  /** Frame channels (default 1, Moving MNIST). */
  readonly channels: number;
  /** Base width of the denoiser Unet (default 48, the reference's 64x64 setting). */
  readonly dim: number;
  /** Width multipliers per denoiser / CondNet level (default [1, 2, 4, 8]); the first must be 1. */
  readonly dimMults: readonly number[];
  /** Width multipliers per HistoryNet level (default [1, 2, 2, 4]); the first must be 1. */
  readonly historyMults: readonly number[];
  /** CondNet width = int(contextDimFactor * dim) (default 1). */
  readonly contextDimFactor: number;
  /** HistoryNet width = int(transformDimFactor * dim) (default 1). */
  readonly transformDimFactor: number;
  /** Diffusion steps N of the cosine schedule (default 1600, every released config). */
  readonly timesteps: number;
  /** Denoiser target (default 'noise'). */
  readonly predMode: PredMode;
  /** Training loss (default 'l1'). */
  readonly lossType: LossType;
  /** Clamp the reconstructed x0 to [-2, 2] while sampling (the reference's clip_noise, default true). */
  readonly clipDenoised: boolean;
}

/** RVD-MM64, the reference's 64x64 setting: 37,607,570 parameters for one channel. */
export const RVD_DEFAULT_CONFIG: RvdConfig = {
  channels: 1,
  dim: 48,
  dimMults: [1, 2, 4, 8],
  historyMults: [1, 2, 2, 4],
  contextDimFactor: 1,
  transformDimFactor: 1,
  timesteps: 1600,
  predMode: 'noise',
  lossType: 'l1',
  clipDenoised: true,
};

/** RVD-MM32, the spec's compact configuration for 32x32 Moving MNIST (§7, our choice): 5,413,858 parameters. */
export const RVD_MM32_CONFIG: RvdConfig = { ...RVD_DEFAULT_CONFIG, dim: 32, dimMults: [1, 2, 4], historyMults: [1, 2, 4] };

/** Fills in defaults and checks every field; throws naming the field. */
export function resolveRvdConfig(config: Partial<RvdConfig> = {}): RvdConfig {
  const c: RvdConfig = { ...RVD_DEFAULT_CONFIG, ...config };
  const positive = (name: string, v: number): void => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`RvdConfig: ${name} must be a positive integer, got ${v}`);
  };
  positive('channels', c.channels);
  positive('dim', c.dim);
  positive('timesteps', c.timesteps);
  for (const [name, mults] of [['dimMults', c.dimMults], ['historyMults', c.historyMults]] as const) {
    if (mults.length < 2 || mults[0] !== 1) throw new Error(`RvdConfig: ${name} needs at least 2 levels and a first multiplier of 1, got [${mults.join(', ')}]`);
    mults.forEach((m, i) => positive(`${name}[${i}]`, m));
  }
  for (const [name, factor] of [['contextDimFactor', c.contextDimFactor], ['transformDimFactor', c.transformDimFactor]] as const) {
    if (!(factor > 0) || Math.trunc(factor * c.dim) < 1) throw new Error(`RvdConfig: ${name} must give a width of at least 1, got ${factor}`);
  }
  c.dimMults.forEach((m, i) => {
    if (Math.trunc(c.dim * m * c.contextDimFactor) !== Math.trunc(c.contextDimFactor * c.dim) * m) {
      throw new Error(`RvdConfig: contextDimFactor ${c.contextDimFactor} gives CondNet level ${i} a width the denoiser does not expect`);
    }
  });
  const widths = [
    ...c.dimMults.map((m) => c.dim * m),
    ...c.dimMults.map((m) => Math.trunc(c.contextDimFactor * c.dim) * m),
    ...c.historyMults.map((m) => Math.trunc(c.transformDimFactor * c.dim) * m),
  ];
  const bad = widths.find((w) => w % 8 !== 0);
  if (bad !== undefined) throw new Error(`RvdConfig: every width must be a multiple of 8 (GroupNorm(8)), got ${bad}`);
  return c;
}

/** [channels, w m_1, w m_2, ...] and the consecutive (in, out) pairs, as the reference's `dims` and `in_out`. */
export function levelWidths(channels: number, width: number, mults: readonly number[]): [number, number][] {
  const dims = [channels, ...mults.map((m) => width * m)];
  return dims.slice(1).map((d, i) => [dims[i], d]);
}
