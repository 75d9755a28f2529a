// Rebuilds a trained model from a checkpoint for `predict` and `eval`: the model's task and config, its weights
// (strictly), and the run's test data, on the backend asked for.

import { setBackend } from '../../backends/registry.js';
import type { BackendName } from '../../backends/types.js';
import type { Module } from '../../nn/module.js';
import { loadTrainingCheckpoint } from '../../node/training-files.js';
import type { CheckpointMeta } from '../../training/checkpoint.js';
import { parseChoice } from '../../training/optimizer-factory.js';
import { getTask } from '../../training/tasks/index.js';
import type { VideoTask } from '../../training/task.js';
import { openData, type DataSplits } from '../datasets.js';

export interface RestoreFlags {
  readonly data?: string;
  readonly backend?: string;
  readonly batchSize?: number;
  readonly testSize?: number;
}

export interface Restored {
  readonly task: VideoTask;
  readonly model: Module;
  readonly meta: CheckpointMeta;
  readonly data: DataSplits;
}

export async function restore(checkpoint: string, flags: RestoreFlags): Promise<Restored> {
  const { meta, modelState } = await loadTrainingCheckpoint(checkpoint);
  const task = getTask(meta.model);
  const training = meta.training as {
    data: string; backend: BackendName; seed: number; batchSize: number; testSize?: number; size?: number; inputFrames?: number; outputFrames?: number;
  };
  const backend = parseChoice('backend', flags.backend ?? training.backend, ['cpu', 'webgpu'] as const);
  await setBackend(backend);
  const model = task.create(meta.config);
  try {
    model.loadStateDict(modelState);
  } catch (e) {
    throw new Error(`checkpoint '${checkpoint}' does not fit model '${meta.model}': ${e instanceof Error ? e.message : String(e)}`);
  }
  model.eval();
  const data = await openData(flags.data ?? training.data, {
    seed: training.seed,
    batchSize: flags.batchSize ?? training.batchSize,
    backend,
    testSize: flags.testSize ?? training.testSize,
    size: training.size,
    inputFrames: training.inputFrames,
    outputFrames: training.outputFrames,
  });
  const { frames } = data;
  const expected = meta.frames;
  if (frames.channels !== expected.channels || frames.height !== expected.height || frames.width !== expected.width) {
    throw new Error(
      `the data's frames are ${frames.channels}x${frames.height}x${frames.width} but the checkpoint's model takes ${expected.channels}x${expected.height}x${expected.width}`,
    );
  }
  return { task, model, meta, data };
}
