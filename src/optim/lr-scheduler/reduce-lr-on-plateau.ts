// ReduceLROnPlateau: lowers the lr when a watched metric stops improving (PyTorch 1.13's
// lr_scheduler.ReduceLROnPlateau). Driven by step(metric) rather than by epochs, so it is not an LRScheduler.

import type { Optimizer } from '../optimizer.js';

export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should fall (a loss); 'max': it should rise (default 'min'). */
  mode: 'min' | 'max';
  /** new lr = lr * factor, below 1 (default 0.1). */
  factor: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience: number;
  /** The least change that counts as an improvement (default 1e-4). */
  threshold: number;
  /** 'rel': better than best * (1 -/+ threshold); 'abs': better than best -/+ threshold (default 'rel'). */
  thresholdMode: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown: number;
  /** Lower bound on the lr, one for all groups or one per group (default 0). */
  minLr: number | readonly number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps: number;
}

export interface ReduceLROnPlateauState {
  lastEpoch: number;
  /** The best metric so far (Infinity or -Infinity before the first step). */
  best: number;
  numBadEpochs: number;
  cooldownCounter: number;
  lastLr: number[];
}

export class ReduceLROnPlateau {
  private readonly options: ReduceLROnPlateauOptions;
  private readonly minLrs: readonly number[];
  private lastEpoch = 0;
  private best: number;
  private numBadEpochs = 0;
  private cooldownCounter = 0;
  /** The groups' lrs after the last step (before any step: their current lrs). */
  private lastLr: number[];

  constructor(
    private readonly optimizer: Optimizer,
    options: Partial<ReduceLROnPlateauOptions> = {},
  ) {
    const o = { mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: 'rel', cooldown: 0, minLr: 0, eps: 1e-8, ...options } as const;
    if (!(o.factor < 1)) throw new Error(`ReduceLROnPlateau: factor must be < 1, got ${o.factor}`);
    if (o.mode !== 'min' && o.mode !== 'max') throw new Error(`ReduceLROnPlateau: mode must be 'min' or 'max', got '${String(o.mode)}'`);
    if (o.thresholdMode !== 'rel' && o.thresholdMode !== 'abs') throw new Error(`ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got '${String(o.thresholdMode)}'`);
    const groups = optimizer.paramGroups.length;
    if (typeof o.minLr !== 'number' && o.minLr.length !== groups) {
      throw new Error(`ReduceLROnPlateau: expected ${groups} minLr values (one per group), got ${o.minLr.length}`);
    }
    this.options = o;
    this.minLrs = typeof o.minLr === 'number' ? new Array<number>(groups).fill(o.minLr) : [...o.minLr];
    this.best = this.worst();
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  private worst(): number {
    return this.options.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(current: number): boolean {
    const { mode, threshold, thresholdMode } = this.options;
    if (mode === 'min') return thresholdMode === 'rel' ? current < this.best * (1 - threshold) : current < this.best - threshold;
    return thresholdMode === 'rel' ? current > this.best * (threshold + 1) : current > this.best + threshold;
  }

  /** Records this epoch's metric and reduces the lrs once it has not improved for more than `patience` epochs. */
  step(metric: number): void {
    this.lastEpoch++;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.options.patience) {
      this.optimizer.paramGroups.forEach((group, i) => {
        const reduced = Math.max(group.lr * this.options.factor, this.minLrs[i]);
        if (group.lr - reduced > this.options.eps) group.lr = reduced;
      });
      this.cooldownCounter = this.options.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): ReduceLROnPlateauState {
    return { lastEpoch: this.lastEpoch, best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter, lastLr: [...this.lastLr] };
  }

  loadStateDict(state: ReduceLROnPlateauState): void {
    this.lastEpoch = state.lastEpoch;
    this.best = state.best;
    this.numBadEpochs = state.numBadEpochs;
    this.cooldownCounter = state.cooldownCounter;
    this.lastLr = [...state.lastLr];
  }
}
