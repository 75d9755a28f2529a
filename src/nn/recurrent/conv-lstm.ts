// ConvLSTM: stacked ConvLSTMCells over [batch, time, channels, height, width] sequences, Keras ConvLSTM2D's
// behaviour per layer (state carried within one call, zeros unless given). Layer l's cell is `cells.l`, so its
// parameters are cells.l.input_conv.weight, cells.l.input_conv.bias and cells.l.recurrent_conv.weight.
// Keras works channels-last: permute its (batch, time, height, width, channels) input with permute(0, 1, 4, 2, 3).

import type { Tensor } from '../../tensor/tensor.js';
import type { SpatialArg } from '../../ops/spatial/params.js';
import { ModuleList } from '../containers.js';
import { Module } from '../module.js';
import { ConvLSTMCell, type ConvLSTMCellOptions, type ConvLSTMState } from './conv-lstm-cell.js';
import type { RecurrentOutput } from './rnn-cells.js';
import { runConvSequence } from './sequence.js';

export interface ConvLSTMOptions extends ConvLSTMCellOptions {
  /** Stacked layers, each with hiddenChannels channels (default 1). */
  readonly numLayers?: number;
  /** Output every step's last-layer h ([batch, time, hidden, H, W]) instead of the last one (default false, as Keras). */
  readonly returnSequences?: boolean;
}

export class ConvLSTM extends Module {
  readonly cells: ModuleList<ConvLSTMCell>;
  readonly returnSequences: boolean;

  constructor(
    readonly inChannels: number,
    readonly hiddenChannels: number,
    kernelSize: SpatialArg,
    options: ConvLSTMOptions = {},
  ) {
    super();
    const numLayers = options.numLayers ?? 1;
    if (!Number.isInteger(numLayers) || numLayers < 1) throw new Error(`ConvLSTM: numLayers must be a positive integer, got ${numLayers}`);
    this.returnSequences = options.returnSequences ?? false;
    const cells = Array.from({ length: numLayers }, (_, l) => new ConvLSTMCell(l === 0 ? inChannels : hiddenChannels, hiddenChannels, kernelSize, options));
    this.cells = this.registerModule('cells', new ModuleList(cells));
  }

  /** x [batch, time, inChannels, height, width]; state: one { h, c } per layer (default zeros). */
  forward(x: Tensor, state?: readonly ConvLSTMState[]): RecurrentOutput<ConvLSTMState[]> {
    const steps = [...this.cells].map((cell) => (frame: Tensor, s: ConvLSTMState | undefined) => cell.forward(frame, s));
    return runConvSequence('ConvLSTM', x, this.inChannels, steps, state, this.returnSequences);
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.hiddenChannels}, numLayers=${this.cells.length}, returnSequences=${this.returnSequences}`;
  }
}
