// ExponentialLR: multiplies the lr by gamma every epoch (PyTorch 1.13's lr_scheduler.ExponentialLR).

import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

export interface ExponentialLROptions {
  /** Multiplicative decay per epoch (required). */
  gamma: number;
}

export class ExponentialLR extends LRScheduler<ExponentialLROptions> {
  constructor(optimizer: Optimizer, options: ExponentialLROptions) {
    super(optimizer, { ...options });
  }

  protected nextLrs(lrs: readonly number[]): number[] {
    if (this.lastEpoch === 0) return [...lrs];
    return lrs.map((lr) => lr * this.options.gamma);
  }
}
