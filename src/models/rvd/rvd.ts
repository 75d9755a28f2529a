// Residual video diffusion (RVD; buggyyang/RVD's GaussianDiffusion at 309fbe0, crnn-diffusion.md §6): the mean
// predictor HistoryNet (transform_fn), the context network CondNet (history_fn) and the denoiser Unet (denoise_fn),
// with the cosine schedule's twelve buffers. A frame is generated as x = mu + sigma y, where y is drawn by reverse
// diffusion conditioned on the context of the frames before it. State-dict keys are the reference's.

import type { Tensor } from '../../tensor/tensor.js';
import { full, randint, randn, tensor } from '../../tensor/creation.js';
import { defaultGenerator, type Generator } from '../../tensor/random.js';
import { formatShape } from '../../tensor/shape.js';
import { stack } from '../../ops/cat.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { Module } from '../../nn/module.js';
import type { GRUState } from '../../nn/recurrent/rnn-steps.js';
import { type RvdConfig, resolveRvdConfig } from './config.js';
import { CondNet } from './cond-net.js';
import { HistoryNet } from './history-net.js';
import { Unet } from './unet.js';
import { type DiffusionSchedule, type ScheduleBuffer, SCHEDULE_BUFFERS, cosineBetas, diffusionSchedule } from './schedule.js';
import { type Denoiser, type NoiseSource, type SamplerSettings, type StridedOptions, ancestralSample, stridedSample } from './samplers.js';

/** The recurrent state of both networks after a frame, and what they predict for the next one. */
export interface RvdScan {
  /** CondNet's context maps, one per denoiser level. */
  readonly context: Tensor[];
  /** HistoryNet's mean prediction of the next frame [B, C, H, W] and its scale (ones). */
  readonly mu: Tensor;
  readonly sigma: Tensor;
  readonly condStates: GRUState[];
  readonly historyStates: GRUState[];
}

export interface RvdLossOptions {
  /** The diffusion step of each video [B] (int32); default drawn uniformly from 0..N-1, one per video. */
  readonly steps?: Tensor;
  /** The noise for frames 2..T-1, each [B, C, H, W]; default drawn from N(0, 1). */
  readonly noise?: readonly Tensor[];
  /** Generator for the default draws (default the global one). */
  readonly generator?: Generator;
}

export interface RvdSampleOptions extends StridedOptions {
  /** 'ancestral' (default): the reference's N-step sampler. 'strided': the faster DDIM-style option (S steps). */
  readonly sampler?: 'ancestral' | 'strided';
  /** Where the sampler's Gaussian noise comes from (default randn from `generator`). */
  readonly noise?: NoiseSource;
  readonly generator?: Generator;
}

export class RVD extends Module {
  readonly config: RvdConfig;
  readonly denoiseFn: Unet;
  readonly historyFn: CondNet;
  readonly transformFn: HistoryNet;
  /** The schedule as float32 values (equal to the buffers), read as scalars while sampling. */
  readonly schedule: DiffusionSchedule;

  constructor(config: Partial<RvdConfig> = {}) {
    super();
    this.config = resolveRvdConfig(config);
    const c = this.config;
    this.denoiseFn = this.registerModule('denoise_fn', new Unet(c.dim, c.dimMults, c.channels, c.contextDimFactor));
    this.historyFn = this.registerModule('history_fn', new CondNet(Math.trunc(c.contextDimFactor * c.dim), c.dimMults, c.channels));
    this.transformFn = this.registerModule('transform_fn', new HistoryNet(Math.trunc(c.transformDimFactor * c.dim), c.historyMults, c.channels));
    this.schedule = diffusionSchedule(cosineBetas(c.timesteps));
    for (const name of SCHEDULE_BUFFERS) this.registerBuffer(name, tensor(this.schedule[name], { dtype: 'float32' }));
  }

  /** One of the schedule's buffers (in the model's dtype and backend). */
  scheduleBuffer(name: ScheduleBuffer): Tensor {
    const b = this.getBuffer(name);
    if (!b) throw new Error(`RVD: buffer '${name}' is missing`);
    return b;
  }

  /** Advances both recurrent networks by one frame x [B, C, H, W] (states undefined: the start of a video). */
  scan(x: Tensor, previous?: Pick<RvdScan, 'condStates' | 'historyStates'>): RvdScan {
    const { context, states: condStates } = this.historyFn.forward(x, previous?.condStates);
    const { mu, sigma, states: historyStates } = this.transformFn.forward(x, previous?.historyStates);
    return { context, mu, sigma, condStates, historyStates };
  }

  /**
   * The training loss of a video [T, B, C, H, W] (time-major, values in [-1, 1], T >= 3): one diffusion step n per
   * video; for each frame i >= 2 the residual y0 = (x_i - mu) / sigma, mu and the context coming from frames < i
   * (teacher forcing), is noised to y_n = sqrt(abar_n) y0 + sqrt(1 - abar_n) eps and the denoiser's output is
   * compared with eps (or y0) by L1 or MSE; the mean over frames 2..T-1. Gradients reach all three networks.
   */
  loss(video: Tensor, options: RvdLossOptions = {}): Tensor {
    this.checkFrames('loss', video, 3);
    const [frames, batch] = video.shape;
    const generator = options.generator ?? defaultGenerator;
    const steps = options.steps ?? randint(0, this.config.timesteps, [batch], { generator, backend: video.backend });
    if (steps.rank !== 1 || steps.shape[0] !== batch || steps.dtype !== 'int32') throw new Error(`RVD.loss: steps must be int32 [${batch}], got ${steps.dtype} ${formatShape(steps.shape)}`);
    if (options.noise && options.noise.length !== frames - 2) throw new Error(`RVD.loss: got noise for ${options.noise.length} frames, expected ${frames - 2}`);
    const x = video.split(1, 0).map((f) => f.squeeze(0));
    const at = (name: ScheduleBuffer): Tensor => this.scheduleBuffer(name).indexSelect(0, steps).reshape([batch, 1, 1, 1]);
    let total: Tensor | null = null;
    let state: RvdScan | undefined;
    for (let i = 0; i < frames; i++) {
      if (state && i >= 2) {
        const y0 = x[i].sub(state.mu).div(state.sigma);
        const eps = options.noise?.[i - 2] ?? randn(y0.shape, { dtype: y0.dtype, backend: y0.backend, generator });
        const noisy = y0.mul(at('sqrt_alphas_cumprod')).add(eps.mul(at('sqrt_one_minus_alphas_cumprod')));
        const diff = this.denoiseFn.forward(noisy, steps, state.context).sub(this.config.predMode === 'noise' ? eps : y0);
        const frameLoss = this.config.lossType === 'l1' ? diff.abs().mean() : diff.square().mean();
        total = total ? total.add(frameLoss) : frameLoss;
      }
      if (i < frames - 1) state = this.scan(x[i], state);
    }
    if (!total) throw new Error('RVD.loss: no frame was scored');
    return total.div(frames - 2);
  }

  /**
   * Generates `count` frames after the context frames [k, B, C, H, W] (k >= 1), without gradients: each new frame
   * is x = mu + sigma y with y sampled by reverse diffusion, then fed back (clamped to [-1, 1]) into both
   * networks. Returns the context and generated frames [k + count, B, C, H, W]; generated frames are not clamped.
   */
  sample(initFrames: Tensor, count: number, options: RvdSampleOptions = {}): Tensor {
    this.checkFrames('sample', initFrames, 1);
    if (!Number.isInteger(count) || count < 0) throw new Error(`RVD.sample: count must be a non-negative integer, got ${count}`);
    return noGrad(() => {
      const video = initFrames.split(1, 0).map((f) => f.squeeze(0));
      let state = this.scan(video[0]);
      for (const frame of video.slice(1)) state = this.scan(frame, state);
      for (let k = 0; k < count; k++) {
        const { context, mu, sigma } = state;
        const batch = mu.shape[0];
        const denoise: Denoiser = (y, n) => this.denoiseFn.forward(y, full([batch], n, { dtype: 'int32', backend: y.backend }), context);
        const frame = this.sampleResidual(mu.shape, denoise, options).mul(sigma).add(mu);
        video.push(frame);
        if (k < count - 1) state = this.scan(frame.clamp(-1, 1), state);
      }
      return stack(video, 0);
    });
  }

  /** Draws a residual of `shape` with the chosen sampler and denoiser (an oracle, in tests). */
  sampleResidual(shape: readonly number[], denoise: Denoiser, options: RvdSampleOptions = {}): Tensor {
    const { dtype, backend } = this.scheduleBuffer('betas');
    const generator = options.generator ?? defaultGenerator;
    const noise = options.noise ?? ((s: readonly number[]) => randn(s, { dtype, backend, generator }));
    const settings: SamplerSettings = { schedule: this.schedule, predMode: this.config.predMode, clipDenoised: this.config.clipDenoised };
    return options.sampler === 'strided' ? stridedSample(settings, shape, denoise, noise, options) : ancestralSample(settings, shape, denoise, noise);
  }

  /** Throws unless frames is [T >= minFrames, B, C, H, W] with H and W divisible by every network's scale. */
  private checkFrames(op: string, frames: Tensor, minFrames: number): void {
    const c = this.config;
    const scale = 2 ** (Math.max(c.dimMults.length, c.historyMults.length) - 1);
    if (frames.rank !== 5 || frames.shape[0] < minFrames || frames.shape[2] !== c.channels || frames.shape[3] % scale !== 0 || frames.shape[4] % scale !== 0) {
      throw new Error(`RVD.${op}: expected [T >= ${minFrames}, B, ${c.channels}, H, W] with H and W divisible by ${scale}, got ${formatShape(frames.shape)}`);
    }
  }
}
