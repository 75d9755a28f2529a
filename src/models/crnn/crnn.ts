// The ConvGRU U-Net mean predictor: the student's AutoregressiveUNET (KaiTyrusNelson/VideoPrediction, final version;
// crnn-diffusion.md §4). It runs one frame at a time, carrying one ConvGRU state per level from frame to frame;
// its state-dict keys (DownSample.i.*, UpSample.i.*, BatchNorm buffers included) are the reference's.

import type { Tensor } from '../../tensor/tensor.js';
import { stack } from '../../ops/cat.js';
import { formatShape } from '../../tensor/shape.js';
import { ModuleList } from '../../nn/containers.js';
import { Module } from '../../nn/module.js';
import { type CrnnConfig, resolveCrnnConfig } from './config.js';
import { DownBlock, UpBlock } from './blocks.js';

/** One step's prediction and the per-level ConvGRU states to pass to the next step. */
export interface CrnnStep {
  /** [B, c_0, H, W]: the prediction of the next frame (linear output, no activation). */
  readonly output: Tensor;
  /** L states; level i is [B, c_{i+1}, H / 2^i, W / 2^i]. */
  readonly hidden: Tensor[];
}

export class AutoregressiveUNet extends Module {
  readonly config: CrnnConfig;
  readonly downSample: ModuleList<DownBlock>;
  readonly upSample: ModuleList<UpBlock>;

  constructor(config: Partial<CrnnConfig> = {}) {
    super();
    this.config = resolveCrnnConfig(config);
    const c = this.config.channels;
    const levels = Array.from({ length: c.length - 1 }, (_, i) => i);
    this.downSample = this.registerModule('DownSample', new ModuleList(levels.map((i) => new DownBlock(c[i], c[i + 1]))));
    this.upSample = this.registerModule('UpSample', new ModuleList(levels.map((i) => new UpBlock(c[i + 1], c[i]))));
  }

  /**
   * One frame x [B, c_0, H, W] with the previous step's states (default zeros) -> the next-frame prediction
   * [B, c_0, H, W] (for H, W divisible by 2^L) and the new states.
   */
  forward(x: Tensor, hidden?: readonly Tensor[]): CrnnStep {
    const levels = this.downSample.length;
    if (x.rank !== 4 || x.shape[1] !== this.config.channels[0]) {
      throw new Error(`AutoregressiveUNet: expected a frame [B, ${this.config.channels[0]}, H, W], got ${formatShape(x.shape)}`);
    }
    if (hidden && hidden.length !== levels) throw new Error(`AutoregressiveUNet: got ${hidden.length} hidden states, expected ${levels}`);
    const states: Tensor[] = [];
    let y = x;
    for (let i = 0; i < levels; i++) {
      const [pooled, h] = this.downSample.at(i).forward(y, hidden?.[i]);
      states.push(h);
      y = pooled;
    }
    for (let i = levels - 1; i >= 0; i--) y = this.upSample.at(i).forward(y, states[i]);
    return { output: y, hidden: states };
  }

  /**
   * Teacher-forced rollout over frames [T, B, c_0, H, W] (time-major): step t sees frame t and returns the
   * prediction of frame t + 1. Returns the T predictions [T, B, c_0, H, W] and the final states.
   */
  rollout(frames: Tensor, hidden?: readonly Tensor[]): { outputs: Tensor; hidden: Tensor[] } {
    if (frames.rank !== 5 || frames.shape[0] < 1) throw new Error(`AutoregressiveUNet.rollout: expected frames [T >= 1, B, C, H, W], got ${formatShape(frames.shape)}`);
    const outputs: Tensor[] = [];
    let state = hidden;
    let last: Tensor[] = [];
    for (const frame of frames.split(1, 0)) {
      const step = this.forward(frame.squeeze(0), state);
      outputs.push(step.output);
      state = last = step.hidden;
    }
    return { outputs: stack(outputs, 0), hidden: last };
  }
}
