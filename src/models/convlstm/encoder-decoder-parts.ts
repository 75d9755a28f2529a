// The two halves of the ConvLSTM encoder-decoder (encoder-decoder.py's Encoder and Decoder Keras models), over
// framegrad's [B, T, C, H, W] sequences and [B, C, H, W] frames:
//   encoder: L ConvLSTM2D layers over the input sequence, BatchNormalization between consecutive layers only;
//            returns every layer's final (h, c).
//   decoder: one step per call: L ConvLSTM2D layers, layer l starting from state l, each followed by a
//            BatchNormalization whose output feeds layer l + 1; the 1x1 Conv2D + sigmoid head reads the last
//            layer's pre-normalisation output. The last layer's norm therefore feeds nothing: its gamma and beta
//            get no gradient (TensorFlow warns so), but Keras still calls it with training=True and its moving
//            statistics update; it is run in training mode for that alone, and skipped in eval mode.

import type { Tensor } from '../../tensor/tensor.js';
import { ModuleList } from '../../nn/containers.js';
import { Module } from '../../nn/module.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { ConvLSTMCell, type ConvLSTMCellOptions, type ConvLSTMState } from '../../nn/recurrent/conv-lstm-cell.js';
import { runConvSequence } from '../../nn/recurrent/sequence.js';
import type { ConvLSTMEncoderDecoderConfig } from './encoder-decoder-config.js';
import { KerasBatchNorm } from './keras-batch-norm.js';

function cellsFor(config: ConvLSTMEncoderDecoderConfig, options: ConvLSTMCellOptions): ConvLSTMCell[] {
  return config.units.map((u, l) => new ConvLSTMCell(l === 0 ? config.channels : config.units[l - 1], u, config.kernelSizes[l], options));
}

function normsFor(config: ConvLSTMEncoderDecoderConfig, count: number): KerasBatchNorm[] {
  return config.units.slice(0, count).map((u) => new KerasBatchNorm(u, config.batchNormMomentum, config.batchNormEps));
}

export class ConvLSTMEncoder extends Module {
  readonly cells: ModuleList<ConvLSTMCell>;
  readonly norm: ModuleList<KerasBatchNorm>;

  constructor(config: ConvLSTMEncoderDecoderConfig, options: ConvLSTMCellOptions) {
    super();
    this.cells = this.registerModule('cells', new ModuleList(cellsFor(config, options)));
    this.norm = this.registerModule('norm', new ModuleList(normsFor(config, config.units.length - 1)));
  }

  /** x [B, T, channels, H, W] -> each layer's state after the last frame, h and c [B, units[l], H, W]. */
  forward(x: Tensor): ConvLSTMState[] {
    const states: ConvLSTMState[] = [];
    let h = x;
    [...this.cells].forEach((cell, l) => {
      const hasNext = l < this.cells.length - 1;
      const step = (frame: Tensor, s: ConvLSTMState | undefined) => cell.forward(frame, s);
      const out = runConvSequence('ConvLSTMEncoder', h, cell.inChannels, [step], undefined, hasNext);
      states.push(out.state[0]);
      if (hasNext) h = this.norm.at(l).forward(out.output);
    });
    return states;
  }
}

/** One decoder step's result: the predicted frame and the state to pass to the next step. */
export interface DecoderStep {
  readonly frame: Tensor;
  readonly state: ConvLSTMState[];
}

export class ConvLSTMDecoder extends Module {
  readonly cells: ModuleList<ConvLSTMCell>;
  readonly norm: ModuleList<KerasBatchNorm>;
  readonly head: Conv2d;

  constructor(config: ConvLSTMEncoderDecoderConfig, options: ConvLSTMCellOptions) {
    super();
    this.cells = this.registerModule('cells', new ModuleList(cellsFor(config, options)));
    this.norm = this.registerModule('norm', new ModuleList(normsFor(config, config.units.length)));
    this.head = this.registerModule('head', new Conv2d(config.units[config.units.length - 1], config.channels, 1));
  }

  /** frame [B, channels, H, W] and one state per layer -> the next frame's probabilities [B, channels, H, W]. */
  forward(frame: Tensor, state: readonly ConvLSTMState[]): DecoderStep {
    if (state.length !== this.cells.length) throw new Error(`ConvLSTMDecoder: got a state for ${state.length} layers, expected ${this.cells.length}`);
    const next: ConvLSTMState[] = [];
    let input = frame;
    let output = frame;
    [...this.cells].forEach((cell, l) => {
      const out = cell.forward(input, state[l]);
      next.push(out.state);
      output = out.output;
      const feedsNext = l < this.cells.length - 1;
      if (feedsNext || this.training) input = this.norm.at(l).forward(output);
    });
    return { frame: this.head.forward(output).sigmoid(), state: next };
  }
}
