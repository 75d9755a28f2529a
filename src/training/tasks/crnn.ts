// The ConvGRU U-Net mean predictor as a task: teacher-forced over the whole clip (step t predicts frame t + 1,
// MSE), then autoregressive from the last context frame, carrying the per-level hidden states.

import type { Batch } from '../../data/clip-dataset.js';
import { AutoregressiveUNet } from '../../models/crnn/crnn.js';
import { modelRegistry } from '../../models/registry.js';
import { mseLoss } from '../../nn/losses/regression.js';
import type { Module } from '../../nn/module.js';
import { cat, stack } from '../../ops/cat.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Backend } from '../../backends/backend.js';
import { exampleClip, expectModel, type FrameSpec, type ModelConfig, type VideoTask } from '../task.js';

/** [B, T, C, H, W] -> time-major [T, B, C, H, W]. */
const timeMajor = (clip: Tensor): Tensor => clip.transpose(0, 1);

export const crnnTask: VideoTask = {
  name: 'crnn',
  configFor(frames: FrameSpec, size: 'small' | 'full'): ModelConfig {
    const entry = modelRegistry.crnn;
    const widths = (size === 'full' ? entry.defaultConfig : entry.smallConfig).channels;
    const levels = widths.length - 1;
    if (frames.height % 2 ** levels !== 0 || frames.width % 2 ** levels !== 0) {
      throw new Error(`crnn: frames ${frames.height}x${frames.width} must be divisible by ${2 ** levels} (${levels} pooling levels)`);
    }
    return { channels: [frames.channels, ...widths.slice(1)] };
  },
  create: (config: ModelConfig): Module => modelRegistry.crnn.create(config),
  loss(model: Module, batch: Batch): Tensor {
    const net = expectModel('crnn', model, AutoregressiveUNet);
    const clip = timeMajor(cat([batch.input, batch.target], 1));
    const t = clip.shape[0];
    return mseLoss(net.rollout(clip.narrow(0, 0, t - 1)).outputs, clip.narrow(0, 1, t - 1));
  },
  summaryArgs: (frames: FrameSpec, backend: Backend): unknown[] => [exampleClip([1, frames.channels, frames.height, frames.width], backend)],
  predict(model: Module, input: Tensor, frames: number): Tensor {
    const net = expectModel('crnn', model, AutoregressiveUNet);
    const context = timeMajor(input);
    const warm = net.rollout(context);
    const outputs = [warm.outputs.narrow(0, context.shape[0] - 1, 1).squeeze(0)];
    let hidden = warm.hidden;
    while (outputs.length < frames) {
      const step = net.forward(outputs[outputs.length - 1], hidden);
      outputs.push(step.output);
      hidden = step.hidden;
    }
    return stack(outputs, 1).clamp(0, 1);
  },
};
