// LinearLR: scales the lr by a factor moving linearly from startFactor to endFactor over totalIters epochs, the
// usual warmup (PyTorch 1.13's lr_scheduler.LinearLR, recursive form).

import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

export interface LinearLROptions {
  /** Factor at epoch 0, in (0, 1] (PyTorch default 1/3). */
  startFactor: number;
  /** Factor from epoch totalIters on, in [0, 1] (default 1.0). */
  endFactor: number;
  /** Epochs the ramp takes (default 5). */
  totalIters: number;
}

export class LinearLR extends LRScheduler<LinearLROptions> {
  constructor(optimizer: Optimizer, options: Partial<LinearLROptions> = {}) {
    const resolved = { startFactor: 1 / 3, endFactor: 1.0, totalIters: 5, ...options };
    if (!(resolved.startFactor > 0 && resolved.startFactor <= 1)) throw new Error(`LinearLR: startFactor must be in (0, 1], got ${resolved.startFactor}`);
    if (!(resolved.endFactor >= 0 && resolved.endFactor <= 1)) throw new Error(`LinearLR: endFactor must be in [0, 1], got ${resolved.endFactor}`);
    if (!(Number.isInteger(resolved.totalIters) && resolved.totalIters > 0)) throw new Error(`LinearLR: totalIters must be a positive integer, got ${resolved.totalIters}`);
    super(optimizer, resolved);
  }

  protected nextLrs(lrs: readonly number[]): number[] {
    const { startFactor, endFactor, totalIters } = this.options;
    const t = this.lastEpoch;
    if (t === 0) return lrs.map((lr) => lr * startFactor);
    if (t > totalIters) return [...lrs];
    const factor = 1 + (endFactor - startFactor) / (totalIters * startFactor + (t - 1) * (endFactor - startFactor));
    return lrs.map((lr) => lr * factor);
  }
}
