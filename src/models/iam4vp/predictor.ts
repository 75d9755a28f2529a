// IAM4VP's spatio-temporal predictor: the 2T latent slots (T history, T future) stacked on channels, one
// ConvNeXt_bottle from 2TS to D = TS channels, then N_T - 1 ConvNeXt_blocks, each conditioned on the time embedding.

import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { Module } from '../../nn/module.js';
import { ModuleList } from '../../nn/containers.js';
import { ConvNeXtBlock, ConvNeXtBottle } from './convnext.js';

/** Predictor(T, C_latent, N_T): [B, 2T, S, H', W'] and time [B, S] -> [B, T, S, H', W']. */
export class Predictor extends Module {
  readonly stBlock: ModuleList<ConvNeXtBottle | ConvNeXtBlock>;

  constructor(historySteps: number, cLatent: number, nT: number) {
    super();
    const dim = historySteps * cLatent;
    const blocks = [new ConvNeXtBottle(dim, cLatent), ...Array.from({ length: nT - 1 }, () => new ConvNeXtBlock(dim, cLatent))];
    this.stBlock = this.registerModule('st_block', new ModuleList<ConvNeXtBottle | ConvNeXtBlock>(blocks));
  }

  forward(x: Tensor, timeEmb: Tensor): Tensor {
    if (x.rank !== 5) throw new Error(`Predictor: input must be [B, 2T, S, H', W'], got ${formatShape(x.shape)}`);
    const [b, slots, c, h, w] = x.shape;
    let z = x.reshape([b, slots * c, h, w]);
    for (const block of this.stBlock) z = block.forward(z, timeEmb);
    return z.reshape([b, -1, c, h, w]);
  }
}
