// IAM4VP's spatial decoder: N_S ConvSC layers with the encoder's strides reversed (stride 2 = conv to 4x channels
// then PixelShuffle(2)), a top-left crop to the skip's size, concatenation with the encoder's first-layer skip,
// the last ConvSC (2S -> S) and a 1x1 readout to the frame's channels.

import type { Tensor } from '../../tensor/tensor.js';
import { cat } from '../../ops/cat.js';
import { formatShape } from '../../tensor/shape.js';
import { Module } from '../../nn/module.js';
import { Sequential } from '../../nn/containers.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { ConvSC } from './conv-sc.js';
import { encoderStrides } from './config.js';

/** Decoder(C_hid, C_out, N_S): latents [N, C_hid, H', W'] and skip enc1 [N, C_hid, H, W] -> [N, C_out, H, W]. */
export class Decoder extends Module {
  readonly dec: Sequential;
  readonly readout: Conv2d;

  constructor(hidChannels: number, outChannels: number, nS: number) {
    super();
    const strides = encoderStrides(nS).reverse();
    const layers = strides.map((s, i) => new ConvSC(i === strides.length - 1 ? 2 * hidChannels : hidChannels, hidChannels, s, true));
    this.dec = this.registerModule('dec', new Sequential(...layers));
    this.readout = this.registerModule('readout', new Conv2d(hidChannels, outChannels, 1));
  }

  forward(hid: Tensor, enc1: Tensor): Tensor {
    let y = hid;
    for (let i = 0; i < this.dec.length - 1; i++) y = this.dec.at(i).forward(y);
    const [h, w] = enc1.shape.slice(2);
    if (y.shape[2] < h || y.shape[3] < w) {
      throw new Error(`Decoder: upsampled latents ${formatShape(y.shape)} are smaller than the skip ${formatShape(enc1.shape)}`);
    }
    if (y.shape[2] !== h) y = y.slice(2, 0, h);
    if (y.shape[3] !== w) y = y.slice(3, 0, w);
    return this.readout.forward(this.dec.at(-1).forward(cat([y, enc1], 1)));
  }
}
