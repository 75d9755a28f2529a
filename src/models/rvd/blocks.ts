// RVD's convolutional building blocks (modules/network_components.py at 309fbe0; crnn-diffusion.md §5.1), with the
// reference's child names so state-dict keys match:
//   Block(a -> b): Conv3x3 -> GroupNorm(8) -> LeakyReLU(0.2)                       keys block.{0,1}.*
//   ResnetBlock(a -> b, tdim?): Block1, + Linear(LeakyReLU(t)) per channel, Block2, + skip (1x1 conv if a != b)
//                                                                                   keys mlp.1.*, block1.*, block2.*, res_conv.*
//   Downsample(c): Conv3x3 stride 2 pad 1; Upsample(c): ConvTranspose 4x4 stride 2 pad 1      keys conv.*

import type { Tensor } from '../../tensor/tensor.js';
import { Identity, Sequential } from '../../nn/containers.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { Conv2d, ConvTranspose2d } from '../../nn/layers/conv.js';
import { GroupNorm } from '../../nn/layers/norm.js';
import { LeakyReLU } from '../../nn/layers/activation.js';
import { Linear } from '../../nn/layers/linear.js';

/** GroupNorm's group count in every RVD block. */
export const GROUPS = 8;

export class Block extends Module implements TensorModule {
  readonly block: Sequential;

  constructor(inChannels: number, outChannels: number) {
    super();
    this.block = this.registerModule('block', new Sequential(
      new Conv2d(inChannels, outChannels, 3, { padding: 1 }),
      new GroupNorm(GROUPS, outChannels),
      new LeakyReLU(0.2),
    ));
  }

  forward(x: Tensor): Tensor {
    return this.block.forward(x);
  }
}

export class ResnetBlock extends Module {
  /** LeakyReLU(0.2) -> Linear(timeDim -> out), present only with a time embedding. */
  readonly mlp: Sequential | null;
  readonly block1: Block;
  readonly block2: Block;
  readonly resConv: TensorModule;

  /** timeDim: width of the time embedding this block reads, or null for none (CondNet, HistoryNet). */
  constructor(readonly inChannels: number, readonly outChannels: number, timeDim: number | null = null) {
    super();
    this.mlp = this.registerModule('mlp', timeDim === null ? null : new Sequential(new LeakyReLU(0.2), new Linear(timeDim, outChannels)));
    this.block1 = this.registerModule('block1', new Block(inChannels, outChannels));
    this.block2 = this.registerModule('block2', new Block(outChannels, outChannels));
    this.resConv = this.registerModule('res_conv', inChannels !== outChannels ? new Conv2d(inChannels, outChannels, 1) : new Identity());
  }

  /** x [B, in, H, W] and, for a block built with a time embedding, t [B, timeDim] -> [B, out, H, W]. */
  forward(x: Tensor, t?: Tensor): Tensor {
    let h = this.block1.forward(x);
    if (this.mlp) {
      if (!t) throw new Error('ResnetBlock: this block was built with a time embedding; pass t');
      h = h.add(this.mlp.forward(t).reshape([t.shape[0], this.outChannels, 1, 1]));
    }
    return this.block2.forward(h).add(this.resConv.forward(x));
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}${this.mlp ? ', time' : ''}`;
  }
}

/** Halves the resolution (ceil for odd sides): Conv2d(c, c, 3, stride 2, padding 1). */
export class Downsample extends Module implements TensorModule {
  readonly conv: Conv2d;

  constructor(channels: number) {
    super();
    this.conv = this.registerModule('conv', new Conv2d(channels, channels, 3, { stride: 2, padding: 1 }));
  }

  forward(x: Tensor): Tensor {
    return this.conv.forward(x);
  }
}

/** Doubles the resolution: ConvTranspose2d(c, c, 4, stride 2, padding 1). */
export class Upsample extends Module implements TensorModule {
  readonly conv: ConvTranspose2d;

  constructor(channels: number) {
    super();
    this.conv = this.registerModule('conv', new ConvTranspose2d(channels, channels, 4, { stride: 2, padding: 1 }));
  }

  forward(x: Tensor): Tensor {
    return this.conv.forward(x);
  }
}
