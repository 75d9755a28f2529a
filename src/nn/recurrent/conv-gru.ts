// ConvGRU: stacked ConvGRU layers over [batch, time, channels, height, width] sequences. Parameters are held as
// RVD's multi-layer ConvGRUCell holds them, one ModuleList per convolution name with the layer index after it
// (conv_gates.0.weight, conv_cans.0.weight, ... or, with layout 'separate', W_z.0.weight, W_r.0.weight,
// W.0.weight), so a ConvGRU with numLayers n loads RVD's ConvGRUCell(n_layer=n) state dict as is.

import type { SpatialArg } from '../../ops/spatial/params.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ModuleList } from '../containers.js';
import { Module } from '../module.js';
import { ConvGRUConvs, type ConvGRUCellOptions, convGRUForward } from './conv-gru-cell.js';
import type { RecurrentOutput } from './rnn-cells.js';
import type { GRUState } from './rnn-steps.js';
import { runConvSequence } from './sequence.js';

export interface ConvGRUOptions extends ConvGRUCellOptions {
  /** Stacked layers, each with hiddenChannels channels (default 1). */
  readonly numLayers?: number;
  /** Output every step's last-layer h ([batch, time, hidden, H, W]) instead of the last one (default false, as Keras). */
  readonly returnSequences?: boolean;
}

export class ConvGRU extends Module {
  readonly returnSequences: boolean;
  private readonly layers: ConvGRUConvs[];

  constructor(
    readonly inChannels: number,
    readonly hiddenChannels: number,
    kernelSize: SpatialArg,
    options: ConvGRUOptions = {},
  ) {
    super();
    const numLayers = options.numLayers ?? 1;
    if (!Number.isInteger(numLayers) || numLayers < 1) throw new Error(`ConvGRU: numLayers must be a positive integer, got ${numLayers}`);
    if (!Number.isInteger(inChannels) || !Number.isInteger(hiddenChannels) || inChannels < 1 || hiddenChannels < 1) {
      throw new Error(`ConvGRU: channels must be positive integers, got inChannels=${inChannels}, hiddenChannels=${hiddenChannels}`);
    }
    this.returnSequences = options.returnSequences ?? false;
    const layout = options.layout ?? 'fused';
    this.layers = Array.from({ length: numLayers }, (_, l) => new ConvGRUConvs(layout, l === 0 ? inChannels : hiddenChannels, hiddenChannels, kernelSize, options.bias ?? true));
    this.layers[0].named.forEach(([name], k) => this.registerModule(name, new ModuleList(this.layers.map((layer) => layer.named[k][1]))));
  }

  /** x [batch, time, inChannels, height, width]; state: one { h } per layer (default zeros). */
  forward(x: Tensor, state?: readonly GRUState[]): RecurrentOutput<GRUState[]> {
    const steps = this.layers.map((convs, l) => (frame: Tensor, s: GRUState | undefined) =>
      convGRUForward('ConvGRU', convs, l === 0 ? this.inChannels : this.hiddenChannels, frame, s));
    return runConvSequence('ConvGRU', x, this.inChannels, steps, state, this.returnSequences);
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.hiddenChannels}, numLayers=${this.layers.length}, layout=${this.layers[0].layout}, returnSequences=${this.returnSequences}`;
  }
}
