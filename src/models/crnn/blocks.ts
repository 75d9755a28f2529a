// The two per-level blocks of the student's AutoregressiveUNET (KaiTyrusNelson/VideoPrediction, final version):
//   ResBlock_ConvGRU_Downsample: ResBlock -> ConvGRU (hidden = input width, state from the previous frame) -> the
//     new state h, which is also the U-Net skip -> MaxPool 2x2;
//   ResBlockUpsample: centre-crop the skip to x's size, concatenate [x, skip], ResBlock(2 c_in -> c_out), then
//     ConvTranspose2d(c_out, c_out, k2, s2), with no activation (the reference's unused ReLU holds no state).
// As coded, the skip has twice x's resolution when it is cropped, so only its central half is used (spec §4).

import type { Tensor } from '../../tensor/tensor.js';
import { cat } from '../../ops/cat.js';
import { Module } from '../../nn/module.js';
import { ConvTranspose2d } from '../../nn/layers/conv.js';
import { MaxPool2d } from '../../nn/layers/resample.js';
import { ConvGRUCell } from '../../nn/recurrent/conv-gru-cell.js';
import { ResBlock } from './res-block.js';
import { centerCrop } from './center-crop.js';

/** ResBlock_ConvGRU_Downsample(in, out): keys res.*, conv_gru.{W_z, W_r, W}.*. */
export class DownBlock extends Module {
  readonly res: ResBlock;
  readonly convGru: ConvGRUCell;
  readonly downsample: MaxPool2d;

  constructor(inChannels: number, outChannels: number) {
    super();
    this.res = this.registerModule('res', new ResBlock(inChannels, outChannels));
    this.convGru = this.registerModule('conv_gru', new ConvGRUCell(outChannels, outChannels, 3, { layout: 'separate' }));
    this.downsample = this.registerModule('downsample', new MaxPool2d(2, { stride: 2 }));
  }

  /** x [B, in, H, W] and the level's previous state (default zeros) -> [pooled [B, out, H/2, W/2], h [B, out, H, W]]. */
  forward(x: Tensor, hidden?: Tensor): [Tensor, Tensor] {
    const { output: h } = this.convGru.forward(this.res.forward(x), hidden ? { h: hidden } : undefined);
    return [this.downsample.forward(h), h];
  }
}

/** ResBlockUpsample(in, out): keys residual_block.*, upsample.*. */
export class UpBlock extends Module {
  readonly residualBlock: ResBlock;
  readonly upsample: ConvTranspose2d;

  constructor(inChannels: number, outChannels: number) {
    super();
    this.residualBlock = this.registerModule('residual_block', new ResBlock(2 * inChannels, outChannels));
    this.upsample = this.registerModule('upsample', new ConvTranspose2d(outChannels, outChannels, 2, { stride: 2 }));
  }

  /**
   * x [B, in, h, w] and the skip [B, in, H, W] (H >= h, W >= w) -> [B, out, 2h, 2w]. The reference crops to
   * x's height on both sides; this crops to x's height and width, the same for the square frames it was made for.
   */
  forward(x: Tensor, skip: Tensor): Tensor {
    const cropped = centerCrop(skip, x.shape[2], x.shape[3]);
    return this.upsample.forward(this.residualBlock.forward(cat([x, cropped], 1)));
  }
}
