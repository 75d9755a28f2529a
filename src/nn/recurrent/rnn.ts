// LSTM and GRU over sequences: PyTorch's stacked nn.LSTM / nn.GRU (unidirectional, no proj_size) with its
// parameter names per layer (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_ih_l1, ...), input
// layouts and initialisation. Each layer's input projection is one matmul over all time steps; the recurrence
// then steps through time. forward(x, state?) returns { output, state } with the state as [numLayers, batch, hidden].

import { rand, zeros } from '../../tensor/creation.js';
import { stack } from '../../ops/cat.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkInput, checkState } from './checks.js';
import type { RecurrentOutput } from './rnn-cells.js';
import { type GRUState, type LSTMState, gruStep, lstmStep, project, resetRecurrent, zeroState } from './rnn-steps.js';

export interface RNNOptions {
  /** Stacked recurrent layers (default 1). */
  readonly numLayers?: number;
  /** Learn bias_ih_l* and bias_hh_l* (default true). */
  readonly bias?: boolean;
  /** Input and output as [batch, time, features] instead of [time, batch, features] (default false). */
  readonly batchFirst?: boolean;
  /** Dropout probability on each layer's output except the last, in training mode (default 0). */
  readonly dropout?: number;
}

interface LayerWeights {
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly biasIh: Parameter | null;
  readonly biasHh: Parameter | null;
}

/** The slices of x along dim, each without that dim. */
function unbind(x: Tensor, dim: number): Tensor[] {
  return x.split(1, dim).map((part) => part.squeeze(dim));
}

abstract class RNNBase extends Module {
  readonly numLayers: number;
  readonly batchFirst: boolean;
  readonly dropout: number;
  private readonly layers: LayerWeights[] = [];

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    gates: number,
    options: RNNOptions,
  ) {
    super();
    this.numLayers = options.numLayers ?? 1;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    if (!Number.isInteger(inputSize) || !Number.isInteger(hiddenSize) || inputSize < 1 || hiddenSize < 1) {
      throw new Error(`${this.typeName}: sizes must be positive integers, got inputSize=${inputSize}, hiddenSize=${hiddenSize}`);
    }
    if (!Number.isInteger(this.numLayers) || this.numLayers < 1) throw new Error(`${this.typeName}: numLayers must be a positive integer, got ${this.numLayers}`);
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new Error(`${this.typeName}: dropout must be in [0, 1], got ${this.dropout}`);
    const bias = options.bias ?? true;
    for (let l = 0; l < this.numLayers; l++) {
      const param = (name: string, shape: number[]): Parameter => this.registerParameter(`${name}_l${l}`, new Parameter(zeros(shape)));
      const weightIh = param('weight_ih', [gates * hiddenSize, l === 0 ? inputSize : hiddenSize]);
      const weightHh = param('weight_hh', [gates * hiddenSize, hiddenSize]);
      const biasIh = bias ? param('bias_ih', [gates * hiddenSize]) : this.registerParameter(`bias_ih_l${l}`, null);
      const biasHh = bias ? param('bias_hh', [gates * hiddenSize]) : this.registerParameter(`bias_hh_l${l}`, null);
      this.layers.push({ weightIh, weightHh, biasIh, biasHh });
    }
    resetRecurrent(this.parameters(), hiddenSize);
  }

  /**
   * Runs every layer over the sequence. `initial` holds each state component ([numLayers, batch, hidden],
   * unbatched [numLayers, hidden], or undefined for zeros); `step` advances one layer's components (h first)
   * by one time step. Returns the last layer's outputs and each component's final value per layer.
   */
  protected run(
    x: Tensor,
    initial: readonly { name: string; value: Tensor | undefined }[],
    step: (xProj: Tensor, state: Tensor[], layer: LayerWeights) => Tensor[],
  ): { output: Tensor; finals: Tensor[] } {
    checkInput(this.typeName, x, [2, 3], x.rank - 1, this.inputSize, this.batchFirst ? '[batch, time, inputSize] or [time, inputSize]' : '[time, batch, inputSize] or [time, inputSize]');
    const batched = x.rank === 3;
    let seq = !batched ? x.unsqueeze(1) : this.batchFirst ? x.transpose(0, 1) : x;
    const stateShape = [this.numLayers, seq.shape[1], this.hiddenSize];
    const perLayer = initial.map(({ name, value }) => {
      if (!value) return unbind(zeroState(stateShape, x), 0);
      checkState(this.typeName, name, value, batched ? stateShape : [this.numLayers, this.hiddenSize], x);
      return unbind(batched ? value : value.unsqueeze(1), 0);
    });
    const finals: Tensor[][] = initial.map(() => []);
    this.layers.forEach((layer, l) => {
      let state = perLayer.map((component) => component[l]);
      const outputs = unbind(project(seq, layer.weightIh, layer.biasIh), 0).map((xProj) => {
        state = step(xProj, state, layer);
        return state[0];
      });
      state.forEach((s, k) => finals[k].push(s));
      seq = stack(outputs, 0);
      if (l < this.numLayers - 1 && this.training && this.dropout > 0) seq = this.drop(seq);
    });
    const output = !batched ? seq.squeeze(1) : this.batchFirst ? seq.transpose(0, 1) : seq;
    return { output, finals: finals.map((f) => (batched ? stack(f, 0) : stack(f, 0).squeeze(1))) };
  }

  private drop(x: Tensor): Tensor {
    if (this.dropout === 1) return x.mul(0);
    return x.mul(rand(x.shape, { dtype: x.dtype, backend: x.backend }).ge(this.dropout)).div(1 - this.dropout);
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}, numLayers=${this.numLayers}, batchFirst=${this.batchFirst}, dropout=${this.dropout}` +
      `${this.layers[0].biasIh ? '' : ', bias=false'}`;
  }
}

export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super(inputSize, hiddenSize, 4, options);
  }

  /** Output: every step's last-layer h; state: the final { h, c } of every layer. */
  forward(x: Tensor, state?: LSTMState): RecurrentOutput<LSTMState> {
    const { output, finals } = this.run(x, [{ name: 'h', value: state?.h }, { name: 'c', value: state?.c }], (xProj, [h, c], layer) => {
      const next = lstmStep(xProj, { h, c }, layer.weightHh, layer.biasHh);
      return [next.h, next.c];
    });
    return { output, state: { h: finals[0], c: finals[1] } };
  }
}

export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super(inputSize, hiddenSize, 3, options);
  }

  /** Output: every step's last-layer h; state: the final h of every layer. */
  forward(x: Tensor, state?: GRUState): RecurrentOutput<GRUState> {
    const { output, finals } = this.run(x, [{ name: 'h', value: state?.h }], (xProj, [h], layer) => [gruStep(xProj, h, layer.weightHh, layer.biasHh)]);
    return { output, state: { h: finals[0] } };
  }
}
