// The video VQ-VAE's training recipe (vqvae-video.md §5) as a typed config and a trainer: frames in [0, 1]
// normalised per RGB channel with ImageNet's mean and std, loss = MSE(reconstruction, clip) + vq_loss, and one
// Adam(lr 1e-4) kept for the whole run with ExponentialLR(0.98) stepped every 200 iterations. The reference (batch
// 24, 160,000 steps) builds a fresh Adam and scheduler on every access, which turns each update into a sign-SGD
// step of size lr and never decays the lr; this is the sane recipe the spec recommends instead, not that quirk.

import { tensor } from '../../tensor/creation.js';
import { tidy } from '../../tensor/scope.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { mseLoss } from '../../nn/losses/regression.js';
import { Adam } from '../../optim/adam.js';
import { ExponentialLR } from '../../optim/lr-scheduler/exponential-lr.js';
import type { VqVae1 } from './vqvae.js';

export interface VqVaeTrainingConfig {
  /** Adam's learning rate (default 1e-4; betas 0.9/0.999, eps 1e-8, no weight decay, amsgrad off). */
  readonly lr: number;
  /** ExponentialLR's gamma (default 0.98). */
  readonly lrGamma: number;
  /** Iterations between scheduler steps (default 200). */
  readonly lrStepEvery: number;
}

export const VQVAE_TRAINING_DEFAULTS: VqVaeTrainingConfig = { lr: 1e-4, lrGamma: 0.98, lrStepEvery: 200 };

/** ImageNet's per-channel mean and std of RGB values in [0, 1]. */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/** RGB clips [B, T, 3, H, W] with values in [0, 1] -> (x − mean[c]) / std[c], per frame, as the reference's loader. */
export function imagenetNormalize(x: Tensor): Tensor {
  if (x.rank !== 5 || x.shape[2] !== 3) throw new Error(`imagenetNormalize: expected RGB clips [B, T, 3, H, W], got ${formatShape(x.shape)}`);
  const options = { shape: [1, 1, 3, 1, 1], dtype: x.dtype, backend: x.backend };
  return x.sub(tensor(Float64Array.from(IMAGENET_MEAN), options)).div(tensor(Float64Array.from(IMAGENET_STD), options));
}

/** One iteration's losses, 0-d and detached (read them with itemAsync on webgpu). */
export interface VqVaeStepLosses {
  /** reconstruction + vq. */
  readonly loss: Tensor;
  /** MSE between the reconstruction and the input clip (mean over all elements). */
  readonly reconstruction: Tensor;
  /** The quantizer's β-weighted commitment loss. */
  readonly vq: Tensor;
  readonly perplexity: Tensor;
}

/** Trains a VqVae1 with one persistent Adam and its ExponentialLR; the EMA codebook updates itself in forward. */
export class VqVaeTrainer {
  readonly config: VqVaeTrainingConfig;
  readonly optimizer: Adam;
  readonly scheduler: ExponentialLR;
  /** Iterations taken so far. */
  iteration = 0;

  constructor(
    readonly model: VqVae1,
    config: Partial<VqVaeTrainingConfig> = {},
  ) {
    this.config = { ...VQVAE_TRAINING_DEFAULTS, ...config };
    if (!Number.isInteger(this.config.lrStepEvery) || this.config.lrStepEvery < 1) {
      throw new Error(`VqVaeTrainer: lrStepEvery must be a positive integer, got ${this.config.lrStepEvery}`);
    }
    // All parameters, as the reference passes them; the codebook and ema_w never get a gradient, so Adam skips them.
    this.optimizer = new Adam(model.parameters(), { lr: this.config.lr });
    this.scheduler = new ExponentialLR(this.optimizer, { gamma: this.config.lrGamma });
  }

  /** One iteration on normalised clips [B, T, C, H, W]: training-mode forward, backward, Adam step, lr schedule. */
  step(x: Tensor): VqVaeStepLosses {
    this.model.train();
    const losses = tidy(() => {
      const out = this.model.forward(x);
      const reconstruction = mseLoss(out.reconstruction, x);
      const loss = reconstruction.add(out.vqLoss);
      this.optimizer.zeroGrad();
      loss.backward();
      this.optimizer.step();
      this.optimizer.zeroGrad();
      return { loss: loss.detach(), reconstruction: reconstruction.detach(), vq: out.vqLoss.detach(), perplexity: out.perplexity };
    });
    this.iteration++;
    if (this.iteration % this.config.lrStepEvery === 0) this.scheduler.step();
    return losses;
  }
}
