// A training checkpoint as one safetensors file: the model's state dict under `model.*`, the optimizer's state
// tensors under `optimizer.<param>.<name>`, and everything else (model name and config, frames, training options,
// progress, optimizer hyperparameters, scheduler and generator state, metric history) as JSON in the metadata.
// One file written atomically means a crash can never pair new weights with old progress. Browser-safe: bytes
// in and out; src/node/training-files.ts reads and writes them.

import type { Module } from '../nn/module.js';
import type { Optimizer, OptimizerStateDict, BaseOptions } from '../optim/optimizer.js';
import type { LRSchedulerState } from '../optim/lr-scheduler/lr-scheduler.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsEntry } from '../serialization/safetensors.js';
import { Int64Tensor } from '../serialization/int64-tensor.js';
import { Tensor } from '../tensor/tensor.js';
import type { FrameSpec, ModelConfig } from './task.js';
import type { TrainProgress } from './trainer.js';

const FORMAT = 'framegrad-checkpoint/1';

/** Everything but the tensors. */
export interface CheckpointMeta {
  readonly model: string;
  readonly config: ModelConfig;
  readonly frames: FrameSpec;
  /** The options the run was started with (the CLI's flags), reused on --resume. */
  readonly training: Record<string, unknown>;
  readonly progress: TrainProgress;
  readonly scheduler: LRSchedulerState | null;
  readonly generator: number[];
  readonly history: { epoch: number; trainLoss: number; validationLoss: number | null }[];
}

interface StoredOptimizer {
  param_groups: OptimizerStateDict<BaseOptions, object>['param_groups'];
  /** Per parameter index: the non-tensor state entries (step counts). */
  scalars: Record<string, Record<string, unknown>>;
}

export async function encodeCheckpoint(meta: CheckpointMeta, model: Module, optimizer: Optimizer | null): Promise<Uint8Array> {
  const tensors: Record<string, SafetensorsEntry> = {};
  for (const [key, t] of Object.entries(model.stateDict())) tensors[`model.${key}`] = t;
  let stored: StoredOptimizer | null = null;
  if (optimizer) {
    const dict = optimizer.stateDict();
    stored = { param_groups: dict.param_groups.map((g) => ({ ...g })), scalars: {} };
    for (const [index, state] of Object.entries(dict.state)) {
      const scalars: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(state)) {
        if (value instanceof Tensor) tensors[`optimizer.${index}.${name}`] = value;
        else scalars[name] = value;
      }
      stored.scalars[index] = scalars;
    }
  }
  return encodeSafetensors(tensors, { format: FORMAT, meta: JSON.stringify(meta), optimizer: JSON.stringify(stored) });
}

export interface DecodedCheckpoint {
  readonly meta: CheckpointMeta;
  readonly modelState: Record<string, Tensor>;
  readonly optimizerState: OptimizerStateDict<BaseOptions, object> | null;
}

function asTensor(entry: SafetensorsEntry): Tensor {
  return entry instanceof Int64Tensor ? entry.toTensor() : entry;
}

/** Decodes a checkpoint's bytes (tensors on cpu); throws naming the problem for files of another kind. */
export function decodeCheckpoint(bytes: Uint8Array, source = 'checkpoint'): DecodedCheckpoint {
  const file = decodeSafetensors(bytes, { backend: 'cpu' });
  if (file.metadata?.format !== FORMAT || file.metadata.meta === undefined) {
    throw new Error(`${source}: not a framegrad training checkpoint (metadata format is '${file.metadata?.format ?? 'missing'}')`);
  }
  const meta = JSON.parse(file.metadata.meta) as CheckpointMeta;
  const stored = JSON.parse(file.metadata.optimizer ?? 'null') as StoredOptimizer | null;
  const modelState: Record<string, Tensor> = {};
  const optimizerTensors: Record<string, Record<string, unknown>> = {};
  for (const [name, entry] of Object.entries(file.tensors)) {
    if (name.startsWith('model.')) modelState[name.slice(6)] = asTensor(entry);
    else if (name.startsWith('optimizer.')) {
      const [, index, key] = name.split('.');
      (optimizerTensors[index] ??= {})[key] = asTensor(entry);
    } else throw new Error(`${source}: unexpected tensor '${name}'`);
  }
  let optimizerState: OptimizerStateDict<BaseOptions, object> | null = null;
  if (stored) {
    const state: Record<number, object> = {};
    for (const index of new Set([...Object.keys(stored.scalars), ...Object.keys(optimizerTensors)])) {
      state[Number(index)] = { ...stored.scalars[index], ...optimizerTensors[index] };
    }
    optimizerState = { state, param_groups: stored.param_groups };
  }
  return { meta, modelState, optimizerState };
}
