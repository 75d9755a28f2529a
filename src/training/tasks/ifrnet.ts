// The IFRNet family as video tasks (IFRVP's extrapolation): every consecutive triple of the clip (context and
// future frames together) is a training example, frame t+1 predicted from frames t-1 and t with the variant's
// own objective; prediction rolls the model forward from the last two context frames.

import type { Batch } from '../../data/clip-dataset.js';
import { IFRNet } from '../../models/ifrnet/ifrnet.js';
import { ifrnetLoss } from '../../models/ifrnet/losses/training.js';
import { modelRegistry } from '../../models/registry.js';
import type { Module } from '../../nn/module.js';
import { cat, stack } from '../../ops/cat.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Backend } from '../../backends/backend.js';
import { exampleClip, expectModel, type FrameSpec, type ModelConfig, type VideoTask } from '../task.js';

type IfrnetName = 'ifrnet' | 'ifrnet-l' | 'ifrnet-s' | 'ifrnet-t' | 'ifrnet-elan';

/** [B, T, C, H, W] -> the frames t for every t in [from, to), flattened into the batch: [B * n, C, H, W]. */
function framesAt(clip: Tensor, from: number, to: number): Tensor {
  const part = clip.narrow(1, from, to - from);
  return part.reshape([-1, ...clip.shape.slice(2)]);
}

function ifrnetTask(name: IfrnetName): VideoTask {
  return {
    name,
    configFor(frames: FrameSpec, size: 'small' | 'full'): ModelConfig {
      if (frames.inputFrames < 2) throw new Error(`${name}: needs at least 2 context frames, the data gives ${frames.inputFrames}`);
      const entry = modelRegistry[name];
      const base = size === 'full' ? entry.defaultConfig : entry.smallConfig;
      return { ...base, inChannels: frames.channels };
    },
    create: (config: ModelConfig): Module => modelRegistry[name].create(config),
    loss(model: Module, batch: Batch): Tensor {
      const net = expectModel(name, model, IFRNet);
      const clip = cat([batch.input, batch.target], 1);
      const t = clip.shape[1];
      return ifrnetLoss(net, { img0: framesAt(clip, 0, t - 2), img1: framesAt(clip, 1, t - 1), target: framesAt(clip, 2, t) }).total;
    },
    summaryArgs: (frames: FrameSpec, backend: Backend): unknown[] => [0, 1].map(() => exampleClip([1, frames.channels, frames.height, frames.width], backend)),
    predict(model: Module, input: Tensor, frames: number): Tensor {
      const net = expectModel(name, model, IFRNet);
      const t = input.shape[1];
      const last = (k: number): Tensor => input.narrow(1, t - k, 1).squeeze(1);
      return stack(net.rollout(last(2), last(1), frames).map((f) => f.clamp(0, 1)), 1);
    },
  };
}

export const ifrnetTasks: VideoTask[] = (['ifrnet', 'ifrnet-l', 'ifrnet-s', 'ifrnet-t', 'ifrnet-elan'] as const).map(ifrnetTask);
