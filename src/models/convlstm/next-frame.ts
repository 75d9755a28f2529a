// The stacked ConvLSTM next-frame model (convlstm.md Model A, the Keras conv_lstm example):
//   numLayers x [ConvLSTM2D(filters, k x k, same, return_sequences) -> BatchNormalization]
//   -> Conv3D(channels, 3x3x3, same) -> sigmoid
// with Keras 2's ConvLSTM2D (gates i, f, c, o; hard_sigmoid; glorot / orthogonal / unit-forget-bias init).
// Layout: framegrad sequences are [B, T, C, H, W]; Keras's channels_last [B, T, H, W, C] maps to it with
// permute(0, 1, 4, 2, 3) (and back with permute(0, 1, 3, 4, 2)). Output frame t is the prediction of input frame
// t + 1 ("many-to-one" when only the last frame is used). State-dict keys, and the Keras names they come from:
//   convlstm.<l>.input_conv.weight / .input_conv.bias / .recurrent_conv.weight  (conv_lst_m2d[_n])
//   norm.<l>.weight / .bias / .running_mean / .running_var / .num_batches_tracked  (batch_normalization[_n])
//   head.weight / head.bias  (conv3d)
// See keras-weights.ts for the conversion.

import type { Tensor } from '../../tensor/tensor.js';
import { cat } from '../../ops/cat.js';
import { formatShape } from '../../tensor/shape.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { ModuleList } from '../../nn/containers.js';
import { Module } from '../../nn/module.js';
import { ConvLSTMCell, type ConvLSTMState, kerasConvLSTM2DOptions } from '../../nn/recurrent/conv-lstm-cell.js';
import { runConvSequence } from '../../nn/recurrent/sequence.js';
import { type ConvLSTMNextFrameConfig, resolveConvLSTMNextFrameConfig } from './next-frame-config.js';
import { KerasBatchNorm } from './keras-batch-norm.js';
import { TemporalConv3d } from './conv3d-head.js';

export class ConvLSTMNextFrame extends Module {
  readonly config: ConvLSTMNextFrameConfig;
  readonly convlstm: ModuleList<ConvLSTMCell>;
  readonly norm: ModuleList<KerasBatchNorm>;
  readonly head: TemporalConv3d;

  constructor(config: Partial<ConvLSTMNextFrameConfig> = {}) {
    super();
    this.config = resolveConvLSTMNextFrameConfig(config);
    const { channels, filters, kernelSize, numLayers, recurrentActivation, batchNormMomentum, batchNormEps } = this.config;
    const cellOptions = { ...kerasConvLSTM2DOptions, recurrentActivation };
    const layers = Array.from({ length: numLayers }, (_, l) => l);
    this.convlstm = this.registerModule('convlstm', new ModuleList(layers.map((l) => new ConvLSTMCell(l === 0 ? channels : filters, filters, kernelSize, cellOptions))));
    this.norm = this.registerModule('norm', new ModuleList(layers.map(() => new KerasBatchNorm(filters, batchNormMomentum, batchNormEps))));
    this.head = this.registerModule('head', new TemporalConv3d(filters, channels, this.config.headKernelSize, this.config.headPadding));
  }

  /**
   * x [B, T, channels, H, W] -> [B, T, channels, H, W] probabilities; frame t predicts input frame t + 1. Every
   * call starts from zero state (Keras's stateful=False). Batch norm uses batch statistics in training mode and
   * the moving ones in eval mode (Keras's predict).
   */
  forward(x: Tensor): Tensor {
    const { channels } = this.config;
    if (x.rank !== 5 || x.shape[2] !== channels) throw new Error(`ConvLSTMNextFrame: expected [B, T, ${channels}, H, W], got ${formatShape(x.shape)}`);
    let h = x;
    for (let l = 0; l < this.convlstm.length; l++) {
      const cell = this.convlstm.at(l);
      const step = (frame: Tensor, s: ConvLSTMState | undefined) => cell.forward(frame, s);
      h = this.norm.at(l).forward(runConvSequence('ConvLSTMNextFrame', h, cell.inChannels, [step], undefined, true).output);
    }
    return this.head.forward(h).sigmoid();
  }

  /** The prediction of the frame after the last one: the last output frame, [B, channels, H, W]. */
  predictNext(x: Tensor): Tensor {
    const out = this.forward(x);
    return out.narrow(1, out.shape[1] - 1, 1).squeeze(1);
  }

  /**
   * The seed's rolled-out inference, without gradients: `steps` times, run the whole model from zero state on the
   * frames so far, take the last output frame (a probability map, not binarised) and append it. x [B, k, C, H, W]
   * -> the `steps` appended frames, [B, steps, C, H, W]. Cost grows quadratically with k + steps. Put the model in
   * eval mode first to use the moving statistics, as Keras's predict does.
   */
  forecast(x: Tensor, steps: number): Tensor {
    if (!Number.isInteger(steps) || steps < 1) throw new Error(`ConvLSTMNextFrame.forecast: steps must be a positive integer, got ${steps}`);
    return noGrad(() => {
      let track = x;
      for (let s = 0; s < steps; s++) track = cat([track, this.predictNext(track).unsqueeze(1)], 1);
      return track.narrow(1, x.shape[1], steps);
    });
  }
}
