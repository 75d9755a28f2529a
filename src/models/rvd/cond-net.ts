// RVD's context network CondNet (history_fn; temporal_models.py at 309fbe0, crnn-diffusion.md §5.3): per level
// ResnetBlock -> ConvGRU -> Downsample, the GRU outputs forming the multi-scale context the denoiser reads. It
// advances its recurrence by one frame per call.

import type { Tensor } from '../../tensor/tensor.js';
import { ModuleList } from '../../nn/containers.js';
import { Module } from '../../nn/module.js';
import type { GRUState } from '../../nn/recurrent/rnn-steps.js';
import { levelWidths } from './config.js';
import { RecurrentDownLevel, type RecurrentStates } from './recurrent-level.js';

export class CondNet extends Module {
  readonly downs: ModuleList<RecurrentDownLevel>;

  /** CondNet(dim, dim_mults, channels); keys downs.i.{0,1,2}.*. */
  constructor(readonly dim: number, readonly dimMults: readonly number[], readonly channels: number) {
    super();
    const inOut = levelWidths(channels, dim, dimMults);
    this.downs = this.registerModule('downs', new ModuleList(inOut.map(([a, b], i) => new RecurrentDownLevel(a, b, i === inOut.length - 1))));
  }

  /**
   * One frame x [B, channels, H, W] (H, W divisible by 2^(L-1)) and the previous states (default zeros) -> the
   * context, one map per level ([B, dim m_i, H / 2^i, W / 2^i]), and the new states.
   */
  forward(x: Tensor, states?: RecurrentStates): { context: Tensor[]; states: GRUState[] } {
    const context: Tensor[] = [];
    const next: GRUState[] = [];
    let y = x;
    for (const [i, level] of [...this.downs].entries()) {
      const out = level.forward(y, states?.[i]);
      context.push(out.h);
      next.push(out.state);
      y = out.next;
    }
    return { context, states: next };
  }
}
