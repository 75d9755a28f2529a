// The base of the epoch-driven schedulers, in PyTorch 1.13's shape (_LRScheduler): it records each group's
// initial lr, takes the first step on construction, and on each step() writes the new lrs into the optimizer's
// groups. Subclasses give PyTorch's recursive ("chainable") rule, which maps the current lrs to the next ones,
// so several schedulers on one optimizer compose and every value matches PyTorch's step by step.

import type { Optimizer } from '../optimizer.js';

/** A scheduler's progress; its configuration comes from its constructor, as the optimizer's params do. */
export interface LRSchedulerState {
  lastEpoch: number;
  baseLrs: number[];
  lastLr: number[];
}

export abstract class LRScheduler<C> {
  /** Steps taken so far; the constructor's own step makes it 0. */
  protected lastEpoch = -1;
  /** Each group's lr before any scheduler touched it (its `initialLr`). */
  protected baseLrs: number[];
  private lastLr: number[] = [];

  /**
   * To resume training: build the optimizer and the scheduler as before, then load the optimizer's state dict
   * and then the scheduler's (construction itself sets the lrs for epoch 0).
   */
  protected constructor(
    protected readonly optimizer: Optimizer,
    /** The subclass's resolved options, set before the first step reads them. */
    protected readonly options: C,
  ) {
    for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    this.baseLrs = optimizer.paramGroups.map((group) => group.initialLr ?? group.lr);
    this.step();
  }

  /** The lrs for `lastEpoch` given the current ones (PyTorch's get_lr). */
  protected abstract nextLrs(lrs: readonly number[]): number[];

  /** Advances one epoch (call after optimizer.step()) and writes the new lrs into the groups. */
  step(): void {
    this.lastEpoch++;
    const lrs = this.nextLrs(this.optimizer.paramGroups.map((group) => group.lr));
    this.optimizer.paramGroups.forEach((group, i) => (group.lr = lrs[i]));
    this.lastLr = [...lrs];
  }

  /** The lrs the last step set, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): LRSchedulerState {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  loadStateDict(state: LRSchedulerState): void {
    this.lastEpoch = state.lastEpoch;
    this.baseLrs = [...state.baseLrs];
    this.lastLr = [...state.lastLr];
  }
}
