// ConvGRUCell: a GRU step whose projections are 'same'-padded 2-d convolutions over the channel concatenation
// [x, h], as in both reference cells of the CRNN/RVD spec (crnn-diffusion.md §3):
//   r = σ(Wr ⋆ [x, h]),  z = σ(Wz ⋆ [x, h]),  h' = (1 − z) h + z tanh(W ⋆ [x, r h])
// The two layouts differ only in how the convolutions are held, and so in the state-dict keys:
//   'fused' (RVD ConvGRUCell, default): conv_gates [2 hid, in + hid] giving r then z, and conv_cans [hid, in + hid];
//   'separate' (the student's ConvGRU):  W_z, W_r and W, each [hid, in + hid], registered in that order.
// Initialisation is Conv2d's default, as in both references. The elementwise arithmetic around the convolutions
// runs as the fused ops gruResetGate and gruUpdate.

import { cat } from '../../ops/cat.js';
import { gruResetGate, gruUpdate } from '../../ops/gru-gates.js';
import type { SpatialArg } from '../../ops/spatial/params.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Conv2d } from '../layers/conv.js';
import { Module } from '../module.js';
import { checkInput, checkState } from './checks.js';
import type { RecurrentOutput } from './rnn-cells.js';
import { type GRUState, zeroState } from './rnn-steps.js';

export type ConvGRULayout = 'fused' | 'separate';

export interface ConvGRUCellOptions {
  /** Learn the convolutions' biases (default true, as both references). */
  readonly bias?: boolean;
  /** How the convolutions are held and named (default 'fused', RVD's). */
  readonly layout?: ConvGRULayout;
}

/** One layer's convolutions under their reference names, in registration order, and the step they compute. */
export class ConvGRUConvs {
  readonly named: [string, Conv2d][];

  constructor(
    readonly layout: ConvGRULayout,
    inChannels: number,
    readonly hiddenChannels: number,
    kernelSize: SpatialArg,
    bias: boolean,
  ) {
    const conv = (out: number): Conv2d => new Conv2d(inChannels + hiddenChannels, out, kernelSize, { padding: 'same', bias });
    this.named = layout === 'fused'
      ? [['conv_gates', conv(2 * hiddenChannels)], ['conv_cans', conv(hiddenChannels)]]
      : [['W_z', conv(hiddenChannels)], ['W_r', conv(hiddenChannels)], ['W', conv(hiddenChannels)]];
  }

  /** h' from x and h (both [batch, channels, height, width]). */
  step(x: Tensor, h: Tensor): Tensor {
    const xh = cat([x, h], 1);
    const [rPre, zPre] = this.layout === 'fused'
      ? this.conv('conv_gates').forward(xh).chunk(2, 1)
      : [this.conv('W_r').forward(xh), this.conv('W_z').forward(xh)];
    const candPre = this.conv(this.layout === 'fused' ? 'conv_cans' : 'W').forward(cat([x, gruResetGate(rPre, h)], 1));
    return gruUpdate(zPre, h, candPre);
  }

  private conv(name: string): Conv2d {
    const found = this.named.find(([n]) => n === name);
    if (!found) throw new Error(`ConvGRU: no convolution '${name}' in layout '${this.layout}'`);
    return found[1];
  }
}

export class ConvGRUCell extends Module {
  private readonly convs: ConvGRUConvs;

  constructor(
    readonly inChannels: number,
    readonly hiddenChannels: number,
    kernelSize: SpatialArg,
    options: ConvGRUCellOptions = {},
  ) {
    super();
    if (!Number.isInteger(inChannels) || !Number.isInteger(hiddenChannels) || inChannels < 1 || hiddenChannels < 1) {
      throw new Error(`ConvGRUCell: channels must be positive integers, got inChannels=${inChannels}, hiddenChannels=${hiddenChannels}`);
    }
    this.convs = new ConvGRUConvs(options.layout ?? 'fused', inChannels, hiddenChannels, kernelSize, options.bias ?? true);
    for (const [name, conv] of this.convs.named) this.registerModule(name, conv);
  }

  /** One step: x [batch, inChannels, height, width]; a missing state is zeros. Output h' (also the state). */
  forward(x: Tensor, state?: GRUState): RecurrentOutput<GRUState> {
    return convGRUForward('ConvGRUCell', this.convs, this.inChannels, x, state);
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.hiddenChannels}, layout=${this.convs.layout}`;
  }
}

/** Checks x and the state, then steps; shared by ConvGRUCell and each layer of ConvGRU. */
export function convGRUForward(layer: string, convs: ConvGRUConvs, inChannels: number, x: Tensor, state: GRUState | undefined): RecurrentOutput<GRUState> {
  checkInput(layer, x, [4], 1, inChannels, '[batch, inChannels, height, width]');
  const shape = [x.shape[0], convs.hiddenChannels, x.shape[2], x.shape[3]];
  if (state) checkState(layer, 'h', state.h, shape, x);
  const h = convs.step(x, state?.h ?? zeroState(shape, x));
  return { output: h, state: { h } };
}
