// IFRNet's shared feature-pyramid encoder (spec §3): level i is convrelu(c_{i-1} -> c_i, stride 2) then
// convrelu(c_i -> c_i), registered as `pyramid{i}` so keys read `encoder.pyramid1.0.0.weight` as in the reference.

import type { Tensor } from '../../tensor/tensor.js';
import { Sequential } from '../../nn/containers.js';
import { Module } from '../../nn/module.js';
import { convrelu } from './blocks.js';

export class IfrnetEncoder extends Module {
  readonly pyramids: Sequential[];

  /** widths = [c1, ..., cL]; the first conv is `firstKernelSize` x `firstKernelSize` with "same"-style padding. */
  constructor(inChannels: number, widths: readonly number[], firstKernelSize: number) {
    super();
    this.pyramids = widths.map((c, i) => {
      const previous = i === 0 ? inChannels : widths[i - 1];
      const k = i === 0 ? firstKernelSize : 3;
      return this.registerModule(`pyramid${i + 1}`, new Sequential(convrelu(previous, c, k, 2, (k - 1) / 2), convrelu(c, c)));
    });
  }

  /** The features f1..fL of one image, finest first; fi is at 1 / 2^i of the input size. */
  forward(image: Tensor): Tensor[] {
    const features: Tensor[] = [];
    let x = image;
    for (const pyramid of this.pyramids) {
      x = pyramid.forward(x);
      features.push(x);
    }
    return features;
  }
}
