// RVD's denoiser Unet (denoise_fn; unet.py at 309fbe0, crnn-diffusion.md §5.4) with the resnet backbone: each down
// level runs ResnetBlock(a -> b, t), ResnetBlock on [x, context_i] (2b -> b, t) and x + attention, keeps x as a skip
// and downsamples (not at the last level); the middle is Resnet, attention, Resnet; each up level concatenates a
// skip, runs two ResnetBlocks and attention, and upsamples; the level-0 skip is never used, as in the reference.
// Then Block(dim -> dim) and Conv1x1(dim -> channels) give the predicted noise (or clean residual).

import type { Tensor } from '../../tensor/tensor.js';
import { cat } from '../../ops/cat.js';
import { formatShape } from '../../tensor/shape.js';
import { Identity, ModuleList, Sequential } from '../../nn/containers.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { AttentionBlock } from './attention.js';
import { Block, Downsample, ResnetBlock, Upsample } from './blocks.js';
import { levelWidths } from './config.js';
import { timeMlp } from './time-embedding.js';

/** A down (resample = Downsample or Identity) or up (resample = Upsample) level: keys 0.*, 1.*, 2.fn.*, 3.conv.*. */
export class UnetLevel extends Module {
  readonly resnet1: ResnetBlock;
  readonly resnet2: ResnetBlock;
  readonly attn: AttentionBlock;
  readonly resample: TensorModule;

  constructor(in1: number, out: number, in2: number, timeDim: number, resample: TensorModule) {
    super();
    this.resnet1 = this.registerModule('0', new ResnetBlock(in1, out, timeDim));
    this.resnet2 = this.registerModule('1', new ResnetBlock(in2, out, timeDim));
    this.attn = this.registerModule('2', new AttentionBlock(out));
    this.resample = this.registerModule('3', resample);
  }
}

export class Unet extends Module {
  readonly timeMlp: Sequential;
  readonly downs: ModuleList<UnetLevel>;
  readonly ups: ModuleList<UnetLevel>;
  readonly midBlock1: ResnetBlock;
  readonly midAttn: AttentionBlock;
  readonly midBlock2: ResnetBlock;
  readonly finalConv: Sequential;

  /** Unet(dim, context_dim_factor, dim_mults, channels), time embedding width dim; keys as the reference's. */
  constructor(readonly dim: number, readonly dimMults: readonly number[], readonly channels: number, readonly contextDimFactor = 1) {
    super();
    const inOut = levelWidths(channels, dim, dimMults);
    this.timeMlp = this.registerModule('time_mlp', timeMlp(dim));
    this.downs = this.registerModule('downs', new ModuleList(inOut.map(([a, b], i) =>
      new UnetLevel(a, b, b + Math.trunc(b * contextDimFactor), dim, i === inOut.length - 1 ? new Identity() : new Downsample(b)))));
    this.ups = this.registerModule('ups', new ModuleList(inOut.slice(1).reverse().map(([a, b]) => new UnetLevel(2 * b, a, a, dim, new Upsample(a)))));
    const mid = inOut[inOut.length - 1][1];
    this.midBlock1 = this.registerModule('mid_block1', new ResnetBlock(mid, mid, dim));
    this.midAttn = this.registerModule('mid_attn', new AttentionBlock(mid));
    this.midBlock2 = this.registerModule('mid_block2', new ResnetBlock(mid, mid, dim));
    this.finalConv = this.registerModule('final_conv', new Sequential(new Block(dim, dim), new Conv2d(dim, channels, 1)));
  }

  /**
   * y [B, channels, H, W] (H, W divisible by 2^(L-1)), the diffusion steps n [B] (int32 or float) and the context
   * (CondNet's L maps) -> [B, channels, H, W].
   */
  forward(y: Tensor, n: Tensor, context: readonly Tensor[]): Tensor {
    if (context.length !== this.downs.length) throw new Error(`Unet: got ${context.length} context maps, expected ${this.downs.length}`);
    if (y.rank !== 4 || y.shape[1] !== this.channels) throw new Error(`Unet: expected [B, ${this.channels}, H, W], got ${formatShape(y.shape)}`);
    const t = this.timeMlp.forward(n);
    const skips: Tensor[] = [];
    let x = y;
    [...this.downs].forEach((level, i) => {
      x = level.resnet1.forward(x, t);
      x = level.attn.forward(level.resnet2.forward(cat([x, context[i]], 1), t));
      skips.push(x);
      x = level.resample.forward(x);
    });
    x = this.midBlock2.forward(this.midAttn.forward(this.midBlock1.forward(x, t)), t);
    [...this.ups].forEach((level, j) => {
      x = level.resnet1.forward(cat([x, skips[skips.length - 1 - j]], 1), t);
      x = level.resample.forward(level.attn.forward(level.resnet2.forward(x, t)));
    });
    return this.finalConv.forward(x);
  }
}
