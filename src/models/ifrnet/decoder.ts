// IFRNet's decoders (spec §2.5), each a `convblock` Sequential [convrelu, residual block(s), ConvTranspose2d(4, 2, 1)]
// as in the reference. The top decoder reads both images' coarsest features and the time plane; the others read
// the predicted intermediate feature, both inputs' features backward-warped by the current flows, and the flows.

import { cat } from '../../ops/cat.js';
import { warp } from '../../ops/spatial/grid-sample.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Sequential } from '../../nn/containers.js';
import { ConvTranspose2d } from '../../nn/layers/conv.js';
import { Module, type TensorModule } from '../../nn/module.js';
import type { IfrnetBlockConfig } from './config.js';
import { ResBlock, ResBlockElan, ResBlockThirds, convrelu } from './blocks.js';

/** convrelu(in -> width), the configured residual block(s), then ConvTranspose2d(width -> out, 4, stride 2, padding 1). */
function convblock(inChannels: number, width: number, outChannels: number, block: IfrnetBlockConfig): Sequential {
  const blocks: TensorModule[] = [];
  if (block.kind === 'side') blocks.push(new ResBlock(width, block.sideChannels));
  else if (block.kind === 'thirds') blocks.push(new ResBlockThirds(width));
  else for (let i = 0; i < block.count; i++) blocks.push(new ResBlockElan(width));
  return new Sequential(convrelu(inChannels, width), ...blocks, new ConvTranspose2d(width, outChannels, 4, { stride: 2, padding: 1 }));
}

/** The coarsest decoder: [f0_L, f1_L, embt plane] (2 cL + 1 channels) -> [dF0, dF1, next feature] at twice the size. */
export class IfrnetTopDecoder extends Module {
  readonly convblock: Sequential;

  constructor(features: number, width: number, outChannels: number, block: IfrnetBlockConfig) {
    super();
    this.convblock = this.registerModule('convblock', convblock(2 * features + 1, width, outChannels, block));
  }

  /** embt is [B, 1, 1, 1]; it is broadcast to a constant plane. */
  forward(f0: Tensor, f1: Tensor, embt: Tensor): Tensor {
    const [b, , h, w] = f0.shape;
    return this.convblock.forward(cat([f0, f1, embt.expand([b, 1, h, w])], 1));
  }
}

/** A finer decoder: [feature, warp(f0, F0), warp(f1, F1), F0, F1] (3 ck + 4 channels) -> its output at twice the size. */
export class IfrnetDecoder extends Module {
  readonly convblock: Sequential;

  constructor(features: number, width: number, outChannels: number, block: IfrnetBlockConfig) {
    super();
    this.convblock = this.registerModule('convblock', convblock(3 * features + 4, width, outChannels, block));
  }

  forward(feature: Tensor, f0: Tensor, f1: Tensor, flow0: Tensor, flow1: Tensor): Tensor {
    return this.convblock.forward(cat([feature, warp(f0, flow0), warp(f1, flow1), flow0, flow1], 1));
  }
}
