// Builds the optimizer and learning-rate scheduler a training run names (as the CLI's --optimizer and
// --scheduler do), with PyTorch's defaults for everything not named.

import type { Module } from '../nn/module.js';
import { Adadelta, Adagrad, Adam, AdamW, RMSprop, SGD, type Optimizer } from '../optim/index.js';
import { CosineAnnealingLR, ExponentialLR, StepLR, type LRScheduler as Scheduler } from '../optim/lr-scheduler/index.js';

export const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'rmsprop', 'adadelta', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const SCHEDULERS = ['none', 'cosine', 'step', 'exponential'] as const;
export type SchedulerName = (typeof SCHEDULERS)[number];

export function createOptimizer(name: OptimizerName, model: Module, lr: number): Optimizer {
  const params = [...model.parameters()].filter((p) => p.requiresGrad);
  switch (name) {
    case 'adam':
      return new Adam(params, { lr });
    case 'adamw':
      return new AdamW(params, { lr });
    case 'sgd':
      return new SGD(params, { lr, momentum: 0.9 });
    case 'rmsprop':
      return new RMSprop(params, { lr });
    case 'adadelta':
      return new Adadelta(params, { lr });
    case 'adagrad':
      return new Adagrad(params, { lr });
  }
}

/** Steps once per epoch: cosine decays to lr/10 over the run (IFRVP's 1e-4 -> 1e-5), step halves every third epoch. */
export function createScheduler(name: SchedulerName, optimizer: Optimizer, lr: number, epochs: number): Scheduler<unknown> | null {
  switch (name) {
    case 'none':
      return null;
    case 'cosine':
      return new CosineAnnealingLR(optimizer, { tMax: Math.max(epochs, 1), etaMin: lr / 10 });
    case 'step':
      return new StepLR(optimizer, { stepSize: 3, gamma: 0.5 });
    case 'exponential':
      return new ExponentialLR(optimizer, { gamma: 0.9 });
  }
}

export function parseChoice<T extends string>(what: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new Error(`unknown ${what} '${value}' (expected one of: ${choices.join(', ')})`);
  return value as T;
}
