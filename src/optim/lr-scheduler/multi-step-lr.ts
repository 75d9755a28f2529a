// MultiStepLR: multiplies the lr by gamma at each milestone epoch (PyTorch 1.13's lr_scheduler.MultiStepLR;
// a milestone listed k times multiplies by gamma^k).

import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

export interface MultiStepLROptions {
  /** Epochs at which to decay (required). */
  milestones: readonly number[];
  /** Multiplicative decay (PyTorch default 0.1). */
  gamma: number;
}

export class MultiStepLR extends LRScheduler<MultiStepLROptions> {
  constructor(optimizer: Optimizer, options: Partial<MultiStepLROptions> & { milestones: readonly number[] }) {
    super(optimizer, { gamma: 0.1, ...options, milestones: [...options.milestones] });
  }

  protected nextLrs(lrs: readonly number[]): number[] {
    const hits = this.options.milestones.filter((m) => m === this.lastEpoch).length;
    if (hits === 0) return [...lrs];
    return lrs.map((lr) => lr * this.options.gamma ** hits);
  }
}
