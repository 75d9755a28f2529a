// IAM4VP's spatial encoder, also used (with its own weights) as the learned prior (LP), since the reference's
// Encoder and LearnedPrior classes hold the same code: N_S ConvSC layers with strides [1, 2, 1, 2, ...]. The encoder
// maps the B*T history frames to latents and keeps the first layer's full-resolution output as the decoder's skip;
// the LP maps each earlier prediction into a future slot.

import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../../nn/module.js';
import { Sequential } from '../../nn/containers.js';
import { ConvSC } from './conv-sc.js';
import { encoderStrides } from './config.js';

/** Encoder(C_in, C_hid, N_S): [N, C_in, H, W] -> [latent [N, C_hid, H', W'], skip enc1 [N, C_hid, H, W]]. */
export class Encoder extends Module {
  readonly enc: Sequential;

  constructor(inChannels: number, hidChannels: number, nS: number) {
    super();
    const strides = encoderStrides(nS);
    this.enc = this.registerModule(
      'enc',
      new Sequential(...strides.map((s, i) => new ConvSC(i === 0 ? inChannels : hidChannels, hidChannels, s))),
    );
  }

  forward(x: Tensor): [latent: Tensor, enc1: Tensor] {
    const enc1 = this.enc.at(0).forward(x);
    let latent = enc1;
    for (let i = 1; i < this.enc.length; i++) latent = this.enc.at(i).forward(latent);
    return [latent, enc1];
  }
}
