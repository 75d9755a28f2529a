// The ConvLSTM encoder-decoder (convlstm.md Model B, encoder-decoder.py): an encoder reads the history, its final
// per-layer (h, c) initialise the decoder, which then predicts one frame per step from the previous frame (the
// ground truth under teacher forcing, its own prediction otherwise). Seed configuration: one 128-filter 3x3
// layer, 1,190,529 Keras params. Encoder and decoder do not share weights. State-dict keys (Keras names):
//   encoder.cells.<l>.input_conv.weight / .input_conv.bias / .recurrent_conv.weight  (encoder's conv_lst_m2d[_n])
//   encoder.norm.<l>.*  (BatchNormalization between encoder layers; none with one layer)
//   decoder.cells.<l>.*, decoder.norm.<l>.*  (decoder's conv_lst_m2d[_n], batch_normalization[_n])
//   decoder.head.weight / .bias  (conv2d, 1x1)
// Layout: framegrad [B, T, C, H, W] sequences, [B, C, H, W] frames (Keras: [B, T, H, W, C], [B, H, W, C]).

import type { Tensor } from '../../tensor/tensor.js';
import { stack } from '../../ops/cat.js';
import { formatShape } from '../../tensor/shape.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { Module } from '../../nn/module.js';
import { kerasConvLSTM2DOptions } from '../../nn/recurrent/conv-lstm-cell.js';
import { type ConvLSTMEncoderDecoderConfig, resolveConvLSTMEncoderDecoderConfig } from './encoder-decoder-config.js';
import { ConvLSTMDecoder, ConvLSTMEncoder } from './encoder-decoder-parts.js';

export class ConvLSTMEncoderDecoder extends Module {
  readonly config: ConvLSTMEncoderDecoderConfig;
  readonly encoder: ConvLSTMEncoder;
  readonly decoder: ConvLSTMDecoder;

  constructor(config: Partial<ConvLSTMEncoderDecoderConfig> = {}) {
    super();
    this.config = resolveConvLSTMEncoderDecoderConfig(config);
    const options = { ...kerasConvLSTM2DOptions, recurrentActivation: this.config.recurrentActivation };
    this.encoder = this.registerModule('encoder', new ConvLSTMEncoder(this.config, options));
    this.decoder = this.registerModule('decoder', new ConvLSTMDecoder(this.config, options));
  }

  /**
   * x [B, T, channels, H, W] (T >= 2) -> `steps` predicted frames [B, steps, channels, H, W]: the encoder reads
   * frames 0 ... T - 2, the decoder starts from frame T - 1 (the seed: T = 10, 9 encoded, steps = 10). With
   * `teacher` [B, >= steps - 1, channels, H, W] (the seed's training: the targets), decoder step t > 0 is fed
   * teacher frame t - 1; without it, its own previous prediction (autoregressive). The seed sums the per-step
   * binary cross-entropies and takes one optimiser step.
   */
  forward(x: Tensor, steps: number, teacher?: Tensor): Tensor {
    const { channels } = this.config;
    if (x.rank !== 5 || x.shape[1] < 2 || x.shape[2] !== channels) {
      throw new Error(`ConvLSTMEncoderDecoder: expected x [B, T >= 2, ${channels}, H, W], got ${formatShape(x.shape)}`);
    }
    if (!Number.isInteger(steps) || steps < 1) throw new Error(`ConvLSTMEncoderDecoder: steps must be a positive integer, got ${steps}`);
    const [b, t, , h, w] = x.shape;
    if (teacher && (teacher.rank !== 5 || teacher.shape[0] !== b || teacher.shape[1] < steps - 1 || teacher.shape[2] !== channels || teacher.shape[3] !== h || teacher.shape[4] !== w)) {
      throw new Error(`ConvLSTMEncoderDecoder: teacher must be [${b}, >= ${steps - 1}, ${channels}, ${h}, ${w}], got ${formatShape(teacher.shape)}`);
    }
    let state = this.encoder.forward(x.narrow(1, 0, t - 1));
    let input = x.narrow(1, t - 1, 1).squeeze(1);
    const frames: Tensor[] = [];
    for (let s = 0; s < steps; s++) {
      if (s > 0) input = teacher ? teacher.narrow(1, s - 1, 1).squeeze(1) : frames[s - 1];
      const out = this.decoder.forward(input, state);
      frames.push(out.frame);
      state = out.state;
    }
    return stack(frames, 1);
  }

  /**
   * The intended inference of the seed's predict(): encode frames 0 ... T - 2, feed frame T - 1, then feed each
   * prediction back, without gradients. (The seed's code slices the batch axis instead of time, so its encoder
   * actually sees all T frames and its first decoder call all T frames again; that quirk is not reproduced.) Put
   * the model in eval mode first for the moving statistics, as the seed's predict (training=False) does.
   */
  forecast(x: Tensor, steps: number): Tensor {
    return noGrad(() => this.forward(x, steps));
  }
}
