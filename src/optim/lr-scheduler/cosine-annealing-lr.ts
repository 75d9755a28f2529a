// CosineAnnealingLR: anneals each lr from its initial value to etaMin along half a cosine over tMax epochs, then
// back up, with PyTorch 1.13's recursive formula (lr_scheduler.CosineAnnealingLR) so values match step by step.

import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

export interface CosineAnnealingLROptions {
  /** Epochs in half a period (PyTorch's T_max; required). */
  tMax: number;
  /** The lowest lr (PyTorch's eta_min, default 0). */
  etaMin: number;
}

/**
 * lr_t = etaMin + (lr_{t-1} - etaMin) (1 + cos(pi t / tMax)) / (1 + cos(pi (t - 1) / tMax)), except where the
 * denominator vanishes (t - 1 - tMax a multiple of 2 tMax): there lr_t = lr_{t-1} + (base - etaMin)(1 - cos(pi / tMax)) / 2.
 */
export class CosineAnnealingLR extends LRScheduler<CosineAnnealingLROptions> {
  constructor(optimizer: Optimizer, options: Partial<CosineAnnealingLROptions> & { tMax: number }) {
    if (!(options.tMax > 0)) throw new Error(`CosineAnnealingLR: tMax must be positive, got ${options.tMax}`);
    super(optimizer, { etaMin: 0, ...options });
  }

  protected nextLrs(lrs: readonly number[]): number[] {
    const { tMax, etaMin } = this.options;
    const t = this.lastEpoch;
    if (t === 0) return [...lrs];
    if ((t - 1 - tMax) % (2 * tMax) === 0) {
      return lrs.map((lr, i) => lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    const ratio = (1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax));
    return lrs.map((lr) => ratio * (lr - etaMin) + etaMin);
  }
}
