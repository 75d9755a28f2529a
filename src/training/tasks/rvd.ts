// Residual video diffusion as a task: frames are mapped to [-1, 1] as RVD expects, the loss is RVD's diffusion
// objective over the whole clip, and prediction draws future frames with the strided (DDIM-style) sampler.

import type { Batch } from '../../data/clip-dataset.js';
import { modelRegistry } from '../../models/registry.js';
import { RVD } from '../../models/rvd/rvd.js';
import type { Module } from '../../nn/module.js';
import { cat } from '../../ops/cat.js';
import type { Tensor } from '../../tensor/tensor.js';
import { expectModel, type FrameSpec, type ModelConfig, type VideoTask } from '../task.js';

/** [B, T, C, H, W] in [0, 1] -> time-major [T, B, C, H, W] in [-1, 1]. */
const toRvd = (clip: Tensor): Tensor => clip.transpose(0, 1).mul(2).sub(1);

/** Sampling steps of the strided sampler used for prediction. */
const SAMPLE_STEPS = 20;

export const rvdTask: VideoTask = {
  name: 'rvd',
  configFor(frames: FrameSpec, size: 'small' | 'full'): ModelConfig {
    const entry = modelRegistry.rvd;
    return { ...(size === 'full' ? entry.defaultConfig : entry.smallConfig), channels: frames.channels };
  },
  create: (config: ModelConfig): Module => modelRegistry.rvd.create(config),
  loss(model: Module, batch: Batch): Tensor {
    return expectModel('rvd', model, RVD).loss(toRvd(cat([batch.input, batch.target], 1)));
  },
  predict(model: Module, input: Tensor, frames: number): Tensor {
    const net = expectModel('rvd', model, RVD);
    const video = net.sample(toRvd(input), frames, { sampler: 'strided', steps: Math.min(SAMPLE_STEPS, net.config.timesteps) });
    const future = video.narrow(0, input.shape[1], frames).transpose(0, 1);
    return future.add(1).div(2).clamp(0, 1);
  },
};
