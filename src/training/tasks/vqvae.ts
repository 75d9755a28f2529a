// The video VQ-VAE as a task: an autoencoder of whole clips (frames stacked on channels), trained on
// MSE + the quantizer's loss as the reference recipe does. It does not extrapolate: its "prediction" is the
// reconstruction of the context clip's last frames, which is what `predict` and `eval` then show.

import type { Batch } from '../../data/clip-dataset.js';
import { modelRegistry } from '../../models/registry.js';
import { VqVae1 } from '../../models/vqvae/vqvae.js';
import { mseLoss } from '../../nn/losses/regression.js';
import type { Module } from '../../nn/module.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Backend } from '../../backends/backend.js';
import { exampleClip, expectModel, type FrameSpec, type ModelConfig, type VideoTask } from '../task.js';

export const vqvaeTask: VideoTask = {
  name: 'vqvae',
  configFor(frames: FrameSpec, size: 'small' | 'full'): ModelConfig {
    const entry = modelRegistry.vqvae;
    const base = size === 'full' ? entry.defaultConfig : entry.smallConfig;
    return { ...base, inputChannels: frames.channels, outputChannels: frames.channels, sequenceLength: frames.inputFrames };
  },
  create: (config: ModelConfig): Module => modelRegistry.vqvae.create(config),
  loss(model: Module, batch: Batch): Tensor {
    const out = expectModel('vqvae', model, VqVae1).forward(batch.input);
    return mseLoss(out.reconstruction, batch.input).add(out.vqLoss);
  },
  summaryArgs: (frames: FrameSpec, backend: Backend): unknown[] => [exampleClip([1, frames.inputFrames, frames.channels, frames.height, frames.width], backend)],
  predict(model: Module, input: Tensor, frames: number): Tensor {
    const out = expectModel('vqvae', model, VqVae1).forward(input);
    const t = input.shape[1];
    if (frames > t) throw new Error(`vqvae: reconstructs the ${t} context frames; cannot show ${frames}`);
    return out.reconstruction.narrow(1, t - frames, frames).clamp(0, 1);
  },
};
