// Encoder1 of the video VQ-VAE: the stacked frames [B, d·c, H, W] through two 7x7 convs (d·c -> 4N -> N, a ReLU
// between, none after), G groups of residual EncoderBlocks (each but the last followed by a 2x2 max-pool), then
// ReLU and a 1x1 conv to the latent width D. Children are named as the reference's `blocks` Sequential.

import type { Tensor } from '../../tensor/tensor.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { ReLU } from '../../nn/layers/activation.js';
import { MaxPool2d } from '../../nn/layers/resample.js';
import { type VqVaeConfig, encoderGroups } from './config.js';
import { EncoderBlock } from './blocks.js';
import { NamedSequential } from './named-sequential.js';

/** [B, sequenceLength·inputChannels, H, W] -> latent z [B, nInit, H / 2^(G-1), W / 2^(G-1)]. */
export class Encoder1 extends Module implements TensorModule {
  readonly blocks: NamedSequential;

  constructor(c: VqVaeConfig) {
    super();
    const n = c.nHid;
    const nLayers = c.groupCount * c.nBlkPerGroup;
    const groups = encoderGroups(c);
    const children: [string, TensorModule][] = [
      ['input', new NamedSequential([
        ['conv_1', new Conv2d(c.inputChannels * c.sequenceLength, 4 * n, 7, { padding: 3 })],
        ['relu', new ReLU()],
        ['conv_2', new Conv2d(4 * n, n, 7, { padding: 3 })],
      ])],
    ];
    groups.forEach((g, i) => {
      const layers: [string, TensorModule][] = Array.from({ length: c.nBlkPerGroup }, (_, b) => [
        `block_${b + 1}`,
        new EncoderBlock(b === 0 ? g.in : g.out, g.out, nLayers),
      ]);
      if (c.downsample && i < groups.length - 1) layers.push(['pool', new MaxPool2d(2)]);
      children.push([`spatial_${i + 1}`, new NamedSequential(layers)]);
    });
    children.push(['output', new NamedSequential([['relu', new ReLU()], ['conv', new Conv2d(c.groupCount * n, c.nInit, 1)]])]);
    this.blocks = this.registerModule('blocks', new NamedSequential(children));
  }

  forward(x: Tensor): Tensor {
    return this.blocks.forward(x);
  }
}
