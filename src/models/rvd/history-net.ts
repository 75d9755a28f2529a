// RVD's mean predictor HistoryNet (transform_fn; temporal_models.py at 309fbe0, crnn-diffusion.md §5.2), in the
// reference's "residual" mode: a recurrent U-Net whose down levels are ResnetBlock -> ConvGRU -> Downsample and whose
// up levels are ResnetBlock -> Upsample, giving mu = clamp(Conv3x3(dim -> channels), -1, 1) and sigma = 1.
// As in the reference, the first up level takes the bottleneck alone, later ones concatenate a skip, and the
// level-0 skip is never used.

import type { Tensor } from '../../tensor/tensor.js';
import { onesLike } from '../../tensor/creation.js';
import { cat } from '../../ops/cat.js';
import { ModuleList } from '../../nn/containers.js';
import { Module } from '../../nn/module.js';
import { Conv2d } from '../../nn/layers/conv.js';
import type { GRUState } from '../../nn/recurrent/rnn-steps.js';
import { ResnetBlock, Upsample } from './blocks.js';
import { levelWidths } from './config.js';
import { RecurrentDownLevel, type RecurrentStates } from './recurrent-level.js';

/** One up level: keys 0.* (ResnetBlock) and 1.conv.* (Upsample). */
export class HistoryUpLevel extends Module {
  readonly resnet: ResnetBlock;
  readonly upsample: Upsample;

  constructor(inChannels: number, outChannels: number) {
    super();
    this.resnet = this.registerModule('0', new ResnetBlock(inChannels, outChannels));
    this.upsample = this.registerModule('1', new Upsample(outChannels));
  }

  forward(x: Tensor): Tensor {
    return this.upsample.forward(this.resnet.forward(x));
  }
}

/** The mean prediction of the next frame, its scale (ones in residual mode) and the new GRU states. */
export interface HistoryStep {
  /** [B, channels, H, W], clamped to [-1, 1]. */
  readonly mu: Tensor;
  /** [B, channels, H, W], all ones. */
  readonly sigma: Tensor;
  readonly states: GRUState[];
}

export class HistoryNet extends Module {
  readonly downs: ModuleList<RecurrentDownLevel>;
  readonly ups: ModuleList<HistoryUpLevel>;
  readonly mu: Conv2d;

  /** HistoryNet(dim, dim_mults, channels, context_mode="residual"); keys downs.*, ups.*, mu.*. */
  constructor(readonly dim: number, readonly dimMults: readonly number[], readonly channels: number) {
    super();
    const inOut = levelWidths(channels, dim, dimMults);
    this.downs = this.registerModule('downs', new ModuleList(inOut.map(([a, b], i) => new RecurrentDownLevel(a, b, i === inOut.length - 1))));
    const ups = inOut.slice(1).reverse().map(([a, b], i) => new HistoryUpLevel(i === 0 ? b : 2 * b, a));
    this.ups = this.registerModule('ups', new ModuleList(ups));
    this.mu = this.registerModule('mu', new Conv2d(dim, channels, 3, { padding: 1 }));
  }

  /** One frame x [B, channels, H, W] (H, W divisible by 2^(L-1)) and the previous states (default zeros). */
  forward(x: Tensor, states?: RecurrentStates): HistoryStep {
    const skips: Tensor[] = [];
    const next: GRUState[] = [];
    let y = x;
    const levels = [...this.downs];
    levels.forEach((level, i) => {
      const out = level.forward(y, states?.[i]);
      if (i !== levels.length - 1) skips.push(out.h);
      next.push(out.state);
      y = out.next;
    });
    [...this.ups].forEach((up, i) => {
      y = up.forward(i === 0 ? y : cat([y, skips[skips.length - i]], 1));
    });
    const mu = this.mu.forward(y).clamp(-1, 1);
    return { mu, sigma: onesLike(mu), states: next };
  }
}
