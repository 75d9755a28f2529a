// The residual blocks of the video VQ-VAE (the reference's vq_vae0 EncoderBlock and DecoderBlock, DALL-E dVAE
// style): out = id_path(x) + post_gain · res_path(x), with post_gain = 1 / n_layers², id_path a 1x1 conv when the
// width changes (else identity), and res_path four pre-activated convs through a bottleneck of n_out / 4 channels.
// Encoder blocks use kernels 3-3-3-1, decoder blocks 1-3-3-3. No activation follows the sum.

import type { Tensor } from '../../tensor/tensor.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { Identity } from '../../nn/containers.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { ReLU } from '../../nn/layers/activation.js';
import { NamedSequential } from './named-sequential.js';

type KernelPattern = readonly [number, number, number, number];

abstract class ResidualBlock extends Module implements TensorModule {
  readonly idPath: TensorModule;
  readonly resPath: NamedSequential;
  readonly postGain: number;

  protected constructor(
    readonly nIn: number,
    readonly nOut: number,
    nLayers: number,
    kernels: KernelPattern,
  ) {
    super();
    if (nOut % 4 !== 0) throw new Error(`${this.typeName}: nOut must be a multiple of 4, got ${nOut}`);
    const hidden = nOut / 4;
    this.postGain = 1 / nLayers ** 2;
    this.idPath = this.registerModule('id_path', nIn !== nOut ? new Conv2d(nIn, nOut, 1) : new Identity());
    const widths = [nIn, hidden, hidden, hidden, nOut];
    this.resPath = this.registerModule(
      'res_path',
      new NamedSequential(
        kernels.flatMap((k, i) => [
          [`relu_${i + 1}`, new ReLU()] as const,
          [`conv_${i + 1}`, new Conv2d(widths[i], widths[i + 1], k, { padding: (k - 1) / 2 })] as const,
        ]),
      ),
    );
  }

  forward(x: Tensor): Tensor {
    return this.idPath.forward(x).add(this.resPath.forward(x).mul(this.postGain));
  }
}

/** EncoderBlock(n_in, n_out, n_layers): res_path kernels 3, 3, 3, 1. */
export class EncoderBlock extends ResidualBlock {
  constructor(nIn: number, nOut: number, nLayers: number) {
    super(nIn, nOut, nLayers, [3, 3, 3, 1]);
  }
}

/** DecoderBlock(n_in, n_out, n_layers): res_path kernels 1, 3, 3, 3. */
export class DecoderBlock extends ResidualBlock {
  constructor(nIn: number, nOut: number, nLayers: number) {
    super(nIn, nOut, nLayers, [1, 3, 3, 3]);
  }
}
