// ConvSC, the spatial convolution unit of IAM4VP's encoder, learned prior and decoder (SimVP's BasicConv2d):
// a 3x3 conv (stride 1, stride 2, or stride 1 then PixelShuffle(2) to upsample), a channels-first LayerNorm with
// eps 1e-6, then SiLU. Keys follow the reference: `conv.conv.weight` (or `conv.conv.0.weight` when upsampling) and
// `conv.norm.weight`.

import type { Tensor } from '../../tensor/tensor.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { Sequential } from '../../nn/containers.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { LayerNorm } from '../../nn/layers/norm.js';
import { PixelShuffle } from '../../nn/layers/resample.js';
import { SiLU } from '../../nn/layers/activation.js';
import { constant_, truncNormal_ } from '../../nn/init.js';

/** Conv (or conv + PixelShuffle) -> channel LayerNorm -> SiLU; the reference's BasicConv2d with act_norm=True. */
export class BasicConv2d extends Module implements TensorModule {
  readonly conv: TensorModule;
  readonly norm: LayerNorm;
  readonly act: SiLU;

  constructor(inChannels: number, outChannels: number, stride: 1 | 2, transpose: boolean) {
    super();
    const conv = new Conv2d(inChannels, transpose ? 4 * outChannels : outChannels, 3, { stride: transpose ? 1 : stride, padding: 1 });
    // The reference re-initialises every conv here: timm's trunc_normal_(std=0.02), bounds +-2 absolute; bias 0.
    truncNormal_(conv.weight, 0, 0.02, -2, 2);
    if (conv.bias) constant_(conv.bias, 0);
    this.conv = this.registerModule('conv', transpose ? new Sequential(conv, new PixelShuffle(2)) : conv);
    this.norm = this.registerModule('norm', new LayerNorm(outChannels, { eps: 1e-6, dataFormat: 'channels_first' }));
    this.act = this.registerModule('act', new SiLU());
  }

  forward(x: Tensor): Tensor {
    return this.act.forward(this.norm.forward(this.conv.forward(x)));
  }
}

/** ConvSC(C_in, C_out, stride, transpose): at stride 1 `transpose` is ignored, as in the reference. */
export class ConvSC extends Module implements TensorModule {
  readonly conv: BasicConv2d;

  constructor(inChannels: number, outChannels: number, stride: 1 | 2, transpose = false) {
    super();
    this.conv = this.registerModule('conv', new BasicConv2d(inChannels, outChannels, stride, stride === 2 && transpose));
  }

  forward(x: Tensor): Tensor {
    return this.conv.forward(x);
  }
}
