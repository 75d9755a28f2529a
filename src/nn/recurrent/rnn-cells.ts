// LSTMCell and GRUCell: one step of PyTorch's LSTM/GRU with its parameter names (weight_ih [G·hidden, input],
// weight_hh [G·hidden, hidden], bias_ih, bias_hh; G = 4 gates i,f,g,o or 3 gates r,z,n) and initialisation.
// The state is explicit: forward(x, state?) returns the output and the new state; a missing state is zeros.
// Inputs are [batch, input] or unbatched [input] (then the state and outputs are unbatched too).

import { zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkInput, checkState } from './checks.js';
import { type GRUState, type LSTMState, gruStep, lstmStep, project, resetRecurrent, zeroState } from './rnn-steps.js';

export interface RNNCellOptions {
  /** Learn the biases bias_ih and bias_hh (default true). */
  readonly bias?: boolean;
}

export interface RecurrentOutput<S> {
  readonly output: Tensor;
  readonly state: S;
}

abstract class RNNCellBase extends Module {
  readonly weight_ih: Parameter;
  readonly weight_hh: Parameter;
  readonly bias_ih: Parameter | null;
  readonly bias_hh: Parameter | null;

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    gates: number,
    options: RNNCellOptions,
  ) {
    super();
    if (!Number.isInteger(inputSize) || !Number.isInteger(hiddenSize) || inputSize < 1 || hiddenSize < 1) {
      throw new Error(`${this.typeName}: sizes must be positive integers, got inputSize=${inputSize}, hiddenSize=${hiddenSize}`);
    }
    const bias = options.bias ?? true;
    this.weight_ih = this.registerParameter('weight_ih', new Parameter(zeros([gates * hiddenSize, inputSize])));
    this.weight_hh = this.registerParameter('weight_hh', new Parameter(zeros([gates * hiddenSize, hiddenSize])));
    this.bias_ih = this.registerParameter('bias_ih', bias ? new Parameter(zeros([gates * hiddenSize])) : null);
    this.bias_hh = this.registerParameter('bias_hh', bias ? new Parameter(zeros([gates * hiddenSize])) : null);
    resetRecurrent(this.parameters(), hiddenSize);
  }

  /** The input as [batch, input], checked; `batched` says whether to squeeze the outputs back. */
  protected batchOf(x: Tensor): { x2: Tensor; batched: boolean } {
    checkInput(this.typeName, x, [1, 2], x.rank - 1, this.inputSize, '[batch, inputSize] or [inputSize]');
    return x.rank === 2 ? { x2: x, batched: true } : { x2: x.unsqueeze(0), batched: false };
  }

  /** A given state as [batch, hidden] (checked), or zeros. */
  protected stateOf(name: string, s: Tensor | undefined, x: Tensor, x2: Tensor, batched: boolean): Tensor {
    const shape = [x2.shape[0], this.hiddenSize];
    if (!s) return zeroState(shape, x);
    checkState(this.typeName, name, s, batched ? shape : [this.hiddenSize], x);
    return batched ? s : s.unsqueeze(0);
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.bias_ih ? '' : ', bias=false'}`;
  }
}

export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    super(inputSize, hiddenSize, 4, options);
  }

  /** Returns the new hidden state as output and the state { h, c }. */
  forward(x: Tensor, state?: LSTMState): RecurrentOutput<LSTMState> {
    const { x2, batched } = this.batchOf(x);
    const h = this.stateOf('h', state?.h, x, x2, batched);
    const c = this.stateOf('c', state?.c, x, x2, batched);
    const next = lstmStep(project(x2, this.weight_ih, this.bias_ih), { h, c }, this.weight_hh, this.bias_hh);
    const out = batched ? next : { h: next.h.squeeze(0), c: next.c.squeeze(0) };
    return { output: out.h, state: out };
  }
}

export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    super(inputSize, hiddenSize, 3, options);
  }

  /** Returns the new hidden state as output and as the state { h }. */
  forward(x: Tensor, state?: GRUState): RecurrentOutput<GRUState> {
    const { x2, batched } = this.batchOf(x);
    const h = this.stateOf('h', state?.h, x, x2, batched);
    const next = gruStep(project(x2, this.weight_ih, this.bias_ih), h, this.weight_hh, this.bias_hh);
    const out = batched ? next : next.squeeze(0);
    return { output: out, state: { h: out } };
  }
}
