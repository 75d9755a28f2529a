// The student's ResBlock (Resblock.py in KaiTyrusNelson/VideoPrediction): Conv3x3 -> ReLU -> BN -> Conv3x3 -> BN,
// plus a 1x1 projection of the input, with no activation after the sum. Keys Fw.{0,2,3,4}.* and lin_proj.*.

import type { Tensor } from '../../tensor/tensor.js';
import { Sequential } from '../../nn/containers.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { BatchNorm2d } from '../../nn/layers/batch-norm.js';
import { ReLU } from '../../nn/layers/activation.js';

export class ResBlock extends Module implements TensorModule {
  readonly fw: Sequential;
  readonly linProj: Conv2d;

  constructor(readonly inChannels: number, readonly outChannels: number) {
    super();
    this.fw = this.registerModule('Fw', new Sequential(
      new Conv2d(inChannels, outChannels, 3, { padding: 1 }),
      new ReLU(),
      new BatchNorm2d(outChannels),
      new Conv2d(outChannels, outChannels, 3, { padding: 1 }),
      new BatchNorm2d(outChannels),
    ));
    this.linProj = this.registerModule('lin_proj', new Conv2d(inChannels, outChannels, 1));
  }

  /** x [B, inChannels, H, W] -> [B, outChannels, H, W]. */
  forward(x: Tensor): Tensor {
    return this.fw.forward(x).add(this.linProj.forward(x));
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}`;
  }
}
