// Decoder1 of the video VQ-VAE: the quantized latent [B, D, h, w] through G groups of residual DecoderBlocks (each
// but the last followed by a nearest 2x upsampling), then ReLU, a 7x7 conv N -> 4N, ReLU and a 7x7 conv to the
// stacked frames' d·c channels, with no output activation. Children are named as the reference's `blocks`.

import type { Tensor } from '../../tensor/tensor.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { ReLU } from '../../nn/layers/activation.js';
import { Upsample } from '../../nn/layers/resample.js';
import { type VqVaeConfig, decoderGroups } from './config.js';
import { DecoderBlock } from './blocks.js';
import { NamedSequential } from './named-sequential.js';

/** [B, nInit, h, w] -> stacked frames [B, sequenceLength·outputChannels, h·2^(G-1), w·2^(G-1)]. */
export class Decoder1 extends Module implements TensorModule {
  readonly blocks: NamedSequential;

  constructor(c: VqVaeConfig) {
    super();
    const n = c.nHid;
    const nLayers = c.groupCount * c.nBlkPerGroup;
    const groups = decoderGroups(c);
    const children: [string, TensorModule][] = groups.map((g, i) => {
      const layers: [string, TensorModule][] = Array.from({ length: c.nBlkPerGroup }, (_, b) => [
        `block_${b + 1}`,
        new DecoderBlock(b === 0 ? g.in : g.out, g.out, nLayers),
      ]);
      if (c.upsample && i < groups.length - 1) layers.push(['upsample', new Upsample({ scaleFactor: 2, mode: 'nearest' })]);
      return [`spatial_${i + 1}`, new NamedSequential(layers)];
    });
    children.push(['output', new NamedSequential([
      ['relu_1', new ReLU()],
      ['conv_1', new Conv2d(n, 4 * n, 7, { padding: 3 })],
      ['relu_2', new ReLU()],
      ['conv_2', new Conv2d(4 * n, c.outputChannels * c.sequenceLength, 7, { padding: 3 })],
    ])]);
    this.blocks = this.registerModule('blocks', new NamedSequential(children));
  }

  forward(x: Tensor): Tensor {
    return this.blocks.forward(x);
  }
}
