// The training loop behind `framegrad train`: epochs of batches through a VideoTask's loss, one optimizer step
// per batch inside tidy() (so memory stays flat on webgpu), a scheduler step per epoch, validation loss after
// each epoch, a stop on non-finite loss, and hooks for progress and checkpoints. Where it stands is a plain
// TrainProgress value, so a checkpoint taken mid-epoch resumes exactly (same batches, same updates).

import { noGrad } from '../autograd/grad-mode.js';
import type { ClipDataset } from '../data/clip-dataset.js';
import type { Module } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { LRScheduler } from '../optim/lr-scheduler/lr-scheduler.js';
import { tidy } from '../tensor/scope.js';
import type { VideoTask } from './task.js';

/** Where a run stands: completed epochs, and optimizer steps taken in the current epoch and overall. */
export interface TrainProgress {
  epoch: number;
  stepInEpoch: number;
  globalStep: number;
}

export interface StepInfo extends TrainProgress {
  readonly loss: number;
  readonly samplesPerSecond: number;
  readonly stepsPerEpoch: number;
}

export interface EpochInfo {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly validationLoss: number | null;
}

export interface TrainHooks {
  onStep?(info: StepInfo): void;
  onEpochEnd?(info: EpochInfo): Promise<void> | void;
  /** Polled after every step; true ends the run early (the caller saves a checkpoint). */
  shouldStop?(): boolean;
}

export interface TrainRun {
  readonly task: VideoTask;
  readonly model: Module;
  readonly optimizer: Optimizer;
  readonly scheduler: LRScheduler<unknown> | null;
  readonly trainSet: ClipDataset;
  readonly validationSet: ClipDataset | null;
  readonly epochs: number;
  /** Stop after this many optimizer steps in total (for quick runs). */
  readonly maxSteps?: number;
}

export type TrainOutcome = 'finished' | 'max-steps' | 'stopped';

/** Mean task loss over a dataset, in eval mode, without gradients. */
export async function evaluateLoss(task: VideoTask, model: Module, dataset: ClipDataset): Promise<number> {
  const wasTraining = model.training;
  model.eval();
  let total = 0;
  let count = 0;
  try {
    for await (const batch of dataset.batches(0)) {
      const loss = tidy(() => noGrad(() => task.loss(model, batch)));
      total += (await loss.itemAsync()) * batch.indices.length;
      count += batch.indices.length;
      loss.dispose();
      batch.input.dispose();
      batch.target.dispose();
    }
  } finally {
    model.train(wasTraining);
  }
  return total / count;
}

/** Runs (or resumes, from `progress`) training; `progress` is updated in place as steps complete. */
export async function train(run: TrainRun, progress: TrainProgress, hooks: TrainHooks = {}): Promise<TrainOutcome> {
  const { task, model, optimizer, scheduler, trainSet } = run;
  const stepsPerEpoch = trainSet.batchesPerEpoch;
  model.train();
  while (progress.epoch < run.epochs) {
    let lossSum = 0;
    let lossCount = 0;
    let index = 0;
    for await (const batch of trainSet.batches(progress.epoch)) {
      // Resuming mid-epoch: the epoch's batches are regenerated identically and the done ones skipped.
      if (index++ < progress.stepInEpoch) {
        batch.input.dispose();
        batch.target.dispose();
        continue;
      }
      const started = performance.now();
      const loss = tidy(() => {
        optimizer.zeroGrad();
        const value = task.loss(model, batch);
        value.backward();
        optimizer.step();
        optimizer.zeroGrad();
        return value.detach();
      });
      const value = await loss.itemAsync();
      loss.dispose();
      batch.input.dispose();
      batch.target.dispose();
      if (!Number.isFinite(value)) {
        throw new Error(
          `train: the loss became ${value} at step ${progress.globalStep + 1} (epoch ${progress.epoch + 1}); ` +
            'try a lower --lr, another --optimizer, or check the data for non-finite values',
        );
      }
      progress.stepInEpoch++;
      progress.globalStep++;
      lossSum += value;
      lossCount++;
      const seconds = (performance.now() - started) / 1000;
      hooks.onStep?.({ ...progress, loss: value, samplesPerSecond: batch.indices.length / seconds, stepsPerEpoch });
      if (run.maxSteps !== undefined && progress.globalStep >= run.maxSteps) return 'max-steps';
      if (hooks.shouldStop?.()) return 'stopped';
    }
    scheduler?.step();
    progress.epoch++;
    progress.stepInEpoch = 0;
    const validationLoss = run.validationSet ? await evaluateLoss(task, model, run.validationSet) : null;
    await hooks.onEpochEnd?.({ epoch: progress.epoch, trainLoss: lossCount > 0 ? lossSum / lossCount : NaN, validationLoss });
  }
  return 'finished';
}
