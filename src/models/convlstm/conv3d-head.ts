// The stacked model's readout, Keras Conv3D(filters, k x k x k, padding='same') over (T, H, W) of a
// [B, T, C, H, W] sequence: a Conv3d on the [B, C, T, H, W] view, permuted back. 'same' zero-pads time on both
// sides, so output frame t sees the hidden states at t - 1, t and t + 1: the Keras example's temporal leak
// (convlstm.md section 5), reproduced by default. 'causal' pads k - 1 on the past side of T only, so frame t sees
// t - k + 1 ... t: a deviation from the Keras model, offered for honest next-frame training.

import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { Conv3d } from '../../nn/layers/conv.js';

/** 'same': Keras's padding (leaks frame t + 1 into output t); 'causal': past-only padding in time. */
export type HeadPadding = 'same' | 'causal';

export class TemporalConv3d extends Conv3d {
  constructor(inChannels: number, outChannels: number, kernelSize: number, readonly timePadding: HeadPadding) {
    if (!Number.isInteger(kernelSize) || kernelSize < 1 || kernelSize % 2 !== 1) {
      throw new Error(`TemporalConv3d: kernelSize must be a positive odd integer, got ${kernelSize}`);
    }
    const half = (kernelSize - 1) / 2;
    super(inChannels, outChannels, kernelSize, {
      padding: timePadding === 'same' ? 'same' : [[kernelSize - 1, 0], [half, half], [half, half]],
    });
  }

  /** x [B, T, inChannels, H, W] -> [B, T, outChannels, H, W]. */
  override forward(x: Tensor): Tensor {
    if (x.rank !== 5 || x.shape[2] !== this.inChannels) {
      throw new Error(`TemporalConv3d: expected [B, T, ${this.inChannels}, H, W], got ${formatShape(x.shape)}`);
    }
    return super.forward(x.permute(0, 2, 1, 3, 4)).permute(0, 2, 1, 3, 4);
  }

  override extraRepr(): string {
    return `${super.extraRepr()}, timePadding=${this.timePadding}`;
  }
}
