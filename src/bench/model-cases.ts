// The model suite: one training step (Adam, the trainer's tidy pattern) and one inference step of every zoo model
// at its task's small configuration, on a small random clip of [2, 4 + 4, 1, side, side], side 40 or the
// nearest the model's frame needs allow.

import type { BackendName } from '../backends/types.js';
import { noGrad } from '../autograd/grad-mode.js';
import type { Batch } from '../data/clip-dataset.js';
import type { Module } from '../nn/module.js';
import { Adam } from '../optim/adam.js';
import { manualSeed } from '../tensor/random.js';
import { rand } from '../tensor/creation.js';
import { keep, tidy } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';
import type { ModelConfig, VideoTask } from '../training/task.js';
import { getTask, taskNames } from '../training/tasks/index.js';
import type { BenchCase, PreparedCase } from './bench-case.js';

const BATCH = 2;
const INPUT_FRAMES = 4;
const OUTPUT_FRAMES = 4;
const SIDE = 40;

/** Frame sides for models that need other multiples: IFRNet's 4 levels want 16, IFRNet_ELAN's Laplacian loss 32 and at least 64. */
const SIDE_FOR: Readonly<Record<string, number>> = { ifrnet: 48, 'ifrnet-l': 48, 'ifrnet-s': 48, 'ifrnet-elan': 64 };

export interface Setup {
  readonly task: VideoTask;
  readonly model: Module;
  readonly batch: Batch;
  /** Disposes the model's parameters and buffers and the clips. */
  dispose(): void;
}

/** Builds `task`'s model at `config` on `backend` (seeded) and random input and target clips of the given shapes. */
export function buildSetup(task: VideoTask, config: ModelConfig, backend: BackendName, inputShape: readonly number[], targetShape: readonly number[]): Setup {
  manualSeed(0);
  // Built in tidy so that weight initialisation's intermediates are freed now rather than by garbage collection,
  // which would otherwise blur the suite's live buffer count.
  const model = tidy(() => {
    const m = task.create(config);
    for (const t of [...m.parameters(), ...m.buffers()]) keep(t);
    return m;
  });
  model.to(backend);
  const batch: Batch = {
    input: rand(inputShape, { backend }),
    target: rand(targetShape, { backend }),
    indices: Array.from({ length: inputShape[0] }, (_, i) => i),
  };
  const owned = [...model.parameters(), ...model.buffers(), batch.input, batch.target];
  return { task, model, batch, dispose: () => owned.forEach((t) => t.dispose()) };
}

function setUp(name: string, backend: BackendName): Setup {
  const task = getTask(name);
  const side = SIDE_FOR[name] ?? SIDE;
  const config = task.configFor({ channels: 1, height: side, width: side, inputFrames: INPUT_FRAMES, outputFrames: OUTPUT_FRAMES }, 'small');
  return buildSetup(task, config, backend, [BATCH, INPUT_FRAMES, 1, side, side], [BATCH, OUTPUT_FRAMES, 1, side, side]);
}

/** One Adam training step per run (the trainer's tidy pattern); disposing frees the optimizer state and the setup. */
export function trainStep({ task, model, batch, dispose }: Setup): PreparedCase {
  const optimizer = new Adam([...model.parameters()].filter((p) => p.requiresGrad), { lr: 1e-4 });
  model.train();
  return {
    step: async () => {
      const loss = tidy(() => {
        optimizer.zeroGrad();
        const value = task.loss(model, batch);
        value.backward();
        optimizer.step();
        optimizer.zeroGrad();
        return value.detach();
      });
      await loss.data();
      loss.dispose();
    },
    dispose: () => {
      for (const state of optimizer.state.values()) for (const t of Object.values(state)) if (t instanceof Tensor) t.dispose();
      dispose();
    },
  };
}

function trainCase(name: string): BenchCase {
  return { name: `${name} train step`, prepare: (backend: BackendName): PreparedCase => trainStep(setUp(name, backend)) };
}

function inferenceCase(name: string): BenchCase {
  return {
    name: `${name} inference (${OUTPUT_FRAMES} frames)`,
    prepare(backend: BackendName): PreparedCase {
      const { task, model, batch, dispose } = setUp(name, backend);
      model.eval();
      return {
        step: async () => {
          const prediction = tidy(() => noGrad(() => task.predict(model, batch.input, OUTPUT_FRAMES)));
          await prediction.data();
          prediction.dispose();
        },
        dispose,
      };
    },
  };
}

/** A training and an inference case per zoo model. */
export function modelCases(): BenchCase[] {
  return taskNames().flatMap((name) => [trainCase(name), inferenceCase(name)]);
}
