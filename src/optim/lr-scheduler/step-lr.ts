// StepLR: multiplies the lr by gamma every stepSize epochs (PyTorch 1.13's lr_scheduler.StepLR).

import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

export interface StepLROptions {
  /** Epochs between decays (required). */
  stepSize: number;
  /** Multiplicative decay (PyTorch default 0.1). */
  gamma: number;
}

export class StepLR extends LRScheduler<StepLROptions> {
  constructor(optimizer: Optimizer, options: Partial<StepLROptions> & { stepSize: number }) {
    if (!(Number.isInteger(options.stepSize) && options.stepSize > 0)) throw new Error(`StepLR: stepSize must be a positive integer, got ${options.stepSize}`);
    super(optimizer, { gamma: 0.1, ...options });
  }

  protected nextLrs(lrs: readonly number[]): number[] {
    const { stepSize, gamma } = this.options;
    if (this.lastEpoch === 0 || this.lastEpoch % stepSize !== 0) return [...lrs];
    return lrs.map((lr) => lr * gamma);
  }
}
