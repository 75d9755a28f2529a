// How a zoo model is trained and asked for predictions on [batch, time, channels, height, width] clips: each
// model family's forward has its own signature (a sequence model, a frame-pair interpolator, an implicit
// autoregressive model, a diffusion model), so each registers one VideoTask that adapts it to the trainer and CLI.

import type { Batch } from '../data/clip-dataset.js';
import type { Module } from '../nn/module.js';
import type { Backend } from '../backends/backend.js';
import { rand } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

/** The clips a model is built for. */
export interface FrameSpec {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** Context frames the model sees. */
  readonly inputFrames: number;
  /** Future frames it is trained to predict. */
  readonly outputFrames: number;
}

/** A JSON-serialisable model configuration (stored in checkpoints). */
export type ModelConfig = Record<string, unknown>;

export interface VideoTask {
  /** The registry name. */
  readonly name: string;
  /** Which config a clip shape implies: the registry's small (default) or full configuration, adapted to the frames. */
  configFor(frames: FrameSpec, size: 'small' | 'full'): ModelConfig;
  create(config: ModelConfig): Module;
  /** The scalar training loss of one batch (input and target clips). */
  loss(model: Module, batch: Batch): Tensor;
  /** `frames` future frames [B, frames, C, H, W] following the context clip `input`, without gradients. */
  predict(model: Module, input: Tensor, frames: number): Tensor;
  /**
   * The arguments of one forward call on a one-clip batch of these frames, for `summary`; absent for models
   * without a single forward pass (the diffusion model's three networks run in a sampling loop).
   */
  summaryArgs?(frames: FrameSpec, backend: Backend): unknown[];
}

/** A one-clip input of random values from a private generator (summaries must not advance the seeded stream). */
export function exampleClip(shape: readonly number[], backend: Backend): Tensor {
  return rand(shape, { backend, generator: new Generator(0) });
}

/** Narrows a Module to the class a task expects; a mismatched checkpoint gets a clear error. */
export function expectModel<M extends Module>(task: string, model: Module, cls: abstract new (...args: never[]) => M): M {
  if (!(model instanceof cls)) throw new Error(`${task}: expected a ${cls.name} model, got ${model.typeName}`);
  return model;
}
