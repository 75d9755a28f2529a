// IAM4VP as a video task: each training step runs the implicit stacked autoregression over the target frames
// (call k sees the k earlier predictions, detached, and t = 100 k; ocf-iam4vp's loop) with an MSE per call;
// prediction is IAM4VP.forecast.

import type { Batch } from '../../data/clip-dataset.js';
import { IAM4VP, timeIndex } from '../../models/iam4vp/iam4vp.js';
import { modelRegistry } from '../../models/registry.js';
import { mseLoss } from '../../nn/losses/regression.js';
import type { Module } from '../../nn/module.js';
import { full } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Backend } from '../../backends/backend.js';
import { exampleClip, expectModel, type FrameSpec, type ModelConfig, type VideoTask } from '../task.js';

export const iam4vpTask: VideoTask = {
  name: 'iam4vp',
  configFor(frames: FrameSpec, size: 'small' | 'full'): ModelConfig {
    const entry = modelRegistry.iam4vp;
    const base = size === 'full' ? entry.defaultConfig : entry.smallConfig;
    if (frames.outputFrames > frames.inputFrames) {
      throw new Error(`iam4vp: predicts at most as many frames as it sees (${frames.inputFrames}), the data asks for ${frames.outputFrames}`);
    }
    return { ...base, shapeIn: [frames.inputFrames, frames.channels, frames.height, frames.width] };
  },
  create: (config: ModelConfig): Module => modelRegistry.iam4vp.create(config),
  loss(model: Module, batch: Batch): Tensor {
    const net = expectModel('iam4vp', model, IAM4VP);
    const steps = batch.target.shape[1];
    const predictions: Tensor[] = [];
    let total: Tensor | null = null;
    for (let k = 0; k < steps; k++) {
      const t = full([batch.input.shape[0]], timeIndex(k), { dtype: batch.input.dtype, backend: batch.input.backend });
      const pred = net.forward(batch.input, predictions, t);
      const loss = mseLoss(pred, batch.target.narrow(1, k, 1).squeeze(1));
      total = total ? total.add(loss) : loss;
      predictions.push(pred.detach());
    }
    return total!.div(steps);
  },
  summaryArgs: (frames: FrameSpec, backend: Backend): unknown[] => [exampleClip([1, frames.inputFrames, frames.channels, frames.height, frames.width], backend), [], full([1], 0, { backend })],
  predict: (model: Module, input: Tensor, frames: number): Tensor => expectModel('iam4vp', model, IAM4VP).forecast(input, frames),
};
