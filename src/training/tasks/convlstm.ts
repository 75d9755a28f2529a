// The Keras ConvLSTM models as tasks. The stacked next-frame model trains on the whole clip shifted by one
// frame (output t against frame t + 1, binary cross-entropy, as the Keras example) and predicts by its rollout;
// the encoder-decoder is teacher-forced on the future frames and predicts autoregressively.

import type { Batch } from '../../data/clip-dataset.js';
import { ConvLSTMEncoderDecoder } from '../../models/convlstm/encoder-decoder.js';
import { ConvLSTMNextFrame } from '../../models/convlstm/next-frame.js';
import { modelRegistry } from '../../models/registry.js';
import { binaryCrossEntropy } from '../../nn/losses/binary-cross-entropy.js';
import type { Module } from '../../nn/module.js';
import { cat } from '../../ops/cat.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Backend } from '../../backends/backend.js';
import { exampleClip, expectModel, type FrameSpec, type ModelConfig, type VideoTask } from '../task.js';

export const convlstmTask: VideoTask = {
  name: 'convlstm',
  configFor(frames: FrameSpec, size: 'small' | 'full'): ModelConfig {
    const entry = modelRegistry.convlstm;
    const base = size === 'full' ? entry.defaultConfig : { ...entry.smallConfig, filters: 8 };
    // Keras's 'same' Conv3D head lets output t see input t + 1, which teacher-forced training learns to copy;
    // the causal head keeps training and rollout consistent (a documented deviation from the seed).
    return { ...base, channels: frames.channels, headPadding: 'causal' };
  },
  create: (config: ModelConfig): Module => modelRegistry.convlstm.create(config),
  loss(model: Module, batch: Batch): Tensor {
    const net = expectModel('convlstm', model, ConvLSTMNextFrame);
    const clip = cat([batch.input, batch.target], 1);
    const t = clip.shape[1];
    return binaryCrossEntropy(net.forward(clip.narrow(1, 0, t - 1)), clip.narrow(1, 1, t - 1).clamp(0, 1));
  },
  summaryArgs: (frames: FrameSpec, backend: Backend): unknown[] => [exampleClip([1, frames.inputFrames, frames.channels, frames.height, frames.width], backend)],
  predict: (model: Module, input: Tensor, frames: number): Tensor => expectModel('convlstm', model, ConvLSTMNextFrame).forecast(input, frames),
};

export const convlstmEncDecTask: VideoTask = {
  name: 'convlstm-encdec',
  configFor(frames: FrameSpec, size: 'small' | 'full'): ModelConfig {
    const entry = modelRegistry['convlstm-encdec'];
    return { ...(size === 'full' ? entry.defaultConfig : entry.smallConfig), channels: frames.channels };
  },
  create: (config: ModelConfig): Module => modelRegistry['convlstm-encdec'].create(config),
  loss(model: Module, batch: Batch): Tensor {
    const net = expectModel('convlstm-encdec', model, ConvLSTMEncoderDecoder);
    const steps = batch.target.shape[1];
    return binaryCrossEntropy(net.forward(batch.input, steps, batch.target), batch.target.clamp(0, 1));
  },
  summaryArgs: (frames: FrameSpec, backend: Backend): unknown[] => [exampleClip([1, frames.inputFrames, frames.channels, frames.height, frames.width], backend), frames.outputFrames],
  predict: (model: Module, input: Tensor, frames: number): Tensor => expectModel('convlstm-encdec', model, ConvLSTMEncoderDecoder).forecast(input, frames),
};
