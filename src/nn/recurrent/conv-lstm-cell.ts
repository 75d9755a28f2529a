// ConvLSTMCell: an LSTM step whose projections are 2-d convolutions, in Keras ConvLSTM2D's structure (the seed
// models are Keras): one conv over x with the bias (input_conv, [4F, Cin, kh, kw]) and one over h without a bias
// and always 'same' padded (recurrent_conv, [4F, F, kh, kw]); no peepholes. With σ the recurrent activation and
// act the activation (tanh):
//   i = σ(zi), f = σ(zf), o = σ(zo), c' = f c + i act(zg), h' = o act(c')
// where z = input_conv(x) + recurrent_conv(h) is split into four gate blocks along the channels in `gateOrder`;
// the gate arithmetic is the fused lstmCell op (src/ops/lstm-cell.ts). The two convs run as one (see gates()).
// Keras layout and names: see keras-conv-lstm.ts; kerasConvLSTM2DOptions gives the Keras 2 behaviour.

import { noGrad } from '../../autograd/grad-mode.js';
import { tensor } from '../../tensor/creation.js';
import { cat } from '../../ops/cat.js';
import { conv2d } from '../../ops/spatial/conv.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type LstmActivation, type LstmGateOrder, type LstmRecurrentActivation, lstmCell } from '../../ops/lstm-cell.js';
import type { SpatialArg } from '../../ops/spatial/params.js';
import { orthogonal_, xavierUniform_, zeros_ } from '../init.js';
import { Conv2d } from '../layers/conv.js';
import { Module } from '../module.js';
import { checkInput, checkState } from './checks.js';
import type { RecurrentOutput } from './rnn-cells.js';
import { zeroState } from './rnn-steps.js';

/** 'hard_sigmoid' is Keras 2's clip(0.2 x + 0.5, 0, 1) (ConvLSTM2D's default before TF 2.16), not PyTorch's. */
export type RecurrentActivation = LstmRecurrentActivation;
export type CellActivation = LstmActivation;
/**
 * The gate blocks' order along the 4F channels: 'ifgo' is Keras's i, f, c, o (and PyTorch nn.LSTM's i, f, g, o);
 * 'ifog' is the i, f, o, g split of the common PyTorch ConvLSTM cells (ndrplz/ConvLSTM_pytorch, RVD).
 */
export type ConvLSTMGateOrder = LstmGateOrder;

export interface ConvLSTMCellOptions {
  /** Padding of the input conv (default 'same'); the recurrent conv is always 'same'. */
  readonly padding?: 'same' | 'valid';
  /** Learn the per-gate bias (default true). */
  readonly bias?: boolean;
  /** σ of the i, f, o gates (default 'sigmoid'; Keras 2: 'hard_sigmoid'). */
  readonly recurrentActivation?: RecurrentActivation;
  /** act of the candidate and of the output (default 'tanh', as Keras and PyTorch). */
  readonly activation?: CellActivation;
  /** Gate block order (default 'ifgo'). */
  readonly gateOrder?: ConvLSTMGateOrder;
  /**
   * 'pytorch' (default): Conv2d's default init. 'keras': kernel glorot_uniform (fans over the whole 4-gate
   * tensor), recurrent kernel orthogonal, bias zeros.
   */
  readonly init?: 'pytorch' | 'keras';
  /** Initialise the bias to zeros with the forget block at 1 (Keras's unit_forget_bias; default false). */
  readonly unitForgetBias?: boolean;
}

/** Keras 2 (tf.keras < 2.16) ConvLSTM2D defaults: hard_sigmoid, tanh, gates i,f,c,o, Keras init, unit_forget_bias. */
export const kerasConvLSTM2DOptions: ConvLSTMCellOptions = {
  padding: 'same',
  bias: true,
  recurrentActivation: 'hard_sigmoid',
  activation: 'tanh',
  gateOrder: 'ifgo',
  init: 'keras',
  unitForgetBias: true,
};

/** The state of one ConvLSTM layer, h and c each [batch, hiddenChannels, height, width]. */
export interface ConvLSTMState {
  readonly h: Tensor;
  readonly c: Tensor;
}

export class ConvLSTMCell extends Module {
  readonly input_conv: Conv2d;
  readonly recurrent_conv: Conv2d;
  readonly kernelSize: number[];
  readonly gateOrder: ConvLSTMGateOrder;
  readonly recurrentActivation: RecurrentActivation;
  readonly activation: CellActivation;

  constructor(
    readonly inChannels: number,
    readonly hiddenChannels: number,
    kernelSize: SpatialArg,
    options: ConvLSTMCellOptions = {},
  ) {
    super();
    if (!Number.isInteger(inChannels) || !Number.isInteger(hiddenChannels) || inChannels < 1 || hiddenChannels < 1) {
      throw new Error(`ConvLSTMCell: channels must be positive integers, got inChannels=${inChannels}, hiddenChannels=${hiddenChannels}`);
    }
    this.gateOrder = options.gateOrder ?? 'ifgo';
    this.recurrentActivation = options.recurrentActivation ?? 'sigmoid';
    this.activation = options.activation ?? 'tanh';
    const gates = 4 * hiddenChannels;
    this.input_conv = this.registerModule('input_conv', new Conv2d(inChannels, gates, kernelSize, { padding: options.padding ?? 'same', bias: options.bias ?? true }));
    this.recurrent_conv = this.registerModule('recurrent_conv', new Conv2d(hiddenChannels, gates, kernelSize, { padding: 'same', bias: false }));
    this.kernelSize = this.input_conv.kernelSize;
    if (options.init === 'keras') {
      xavierUniform_(this.input_conv.weight);
      orthogonal_(this.recurrent_conv.weight);
      if (this.input_conv.bias) zeros_(this.input_conv.bias);
    }
    const bias = this.input_conv.bias;
    if (options.unitForgetBias && bias) {
      const values = new Float64Array(gates);
      values.fill(1, hiddenChannels, 2 * hiddenChannels);
      noGrad(() => bias.replaceData_(tensor(values, { dtype: bias.dtype, backend: bias.backend })));
    }
  }

  /** One step: x [batch, inChannels, height, width]; a missing state is zeros. Output h' (also in the state). */
  forward(x: Tensor, state?: ConvLSTMState): RecurrentOutput<ConvLSTMState> {
    checkInput('ConvLSTMCell', x, [4], 1, this.inChannels, '[batch, inChannels, height, width]');
    const [height, width] = x.shape.slice(2);
    const same = this.input_conv.padding === 'same';
    const [kh, kw] = this.kernelSize;
    const shape = [x.shape[0], this.hiddenChannels, ...(same ? [height, width] : [height - kh + 1, width - kw + 1])];
    if (state) {
      checkState('ConvLSTMCell', 'h', state.h, shape, x);
      checkState('ConvLSTMCell', 'c', state.c, shape, x);
    }
    // Without a state h is zero and the recurrent conv adds nothing.
    const gates = state ? this.gates(x, state.h, same) : this.input_conv.forward(x);
    const c = state?.c ?? zeroState(shape, x);
    const next = lstmCell(gates, c, { recurrentActivation: this.recurrentActivation, activation: this.activation, gateOrder: this.gateOrder });
    return { output: next.h, state: next };
  }

  /**
   * input_conv(x) + recurrent_conv(h). When both are 'same' padded they are one conv of [x, h] with the two
   * weights side by side: one GEMM over the summed depth and no separate sum.
   */
  private gates(x: Tensor, h: Tensor, same: boolean): Tensor {
    if (!same) return this.input_conv.forward(x).add(this.recurrent_conv.forward(h));
    const weight = cat([this.input_conv.weight, this.recurrent_conv.weight], 1);
    return conv2d(cat([x, h], 1), weight, this.input_conv.bias ?? undefined, { padding: 'same' });
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.hiddenChannels}, kernelSize=[${this.kernelSize}], padding=${JSON.stringify(this.input_conv.padding)}, ` +
      `recurrentActivation=${this.recurrentActivation}, activation=${this.activation}, gateOrder=${this.gateOrder}`;
  }
}
