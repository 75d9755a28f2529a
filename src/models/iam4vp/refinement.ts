// IAM4VP's spatio-temporal refinement (STR): the T decoded frames of each sample stacked on channels (T*C),
// mixed by one large-kernel Attention block, and read out by a 1x1 conv to the single predicted frame.

import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../../nn/module.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { Attention } from './lka.js';

/** SpatioTemporalRefinement(C, T): [B*T, C, H, W] -> [B, C, H, W]. */
export class SpatioTemporalRefinement extends Module {
  readonly channelsIn: number;
  readonly attn: Attention;
  readonly readout: Conv2d;

  constructor(channels: number, historySteps: number) {
    super();
    this.channelsIn = channels * historySteps;
    this.attn = this.registerModule('attn', new Attention(this.channelsIn));
    this.readout = this.registerModule('readout', new Conv2d(this.channelsIn, channels, 1));
  }

  forward(x: Tensor): Tensor {
    const [, , h, w] = x.shape;
    return this.readout.forward(this.attn.forward(x.reshape([-1, this.channelsIn, h, w])));
  }
}
