// The seed's CRNN (MyModel in the first cells of KaiTyrusNelson/VideoPrediction's NotebookMain, commit 6993300) as
// its printed summary shows it: 13,850 parameters on a 1x32x32 input at the seed's widths (crnn-diffusion.md §2).
// Top-level names are the seed's (DownSample1..L, bottom, UpSample1..L); the blocks are rebuilt from the printed rows.
// Quirks kept: the bottom ConvTranspose upsamples once too often, so the output has twice the input's size (every
// skip is joined before its block upsamples), and there is no recurrence. Quirk not kept: the seed's forward
// returns its input and discards the decoder output; this forward returns the decoder output.

import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { Module } from '../../nn/module.js';
import { ConvTranspose2d } from '../../nn/layers/conv.js';
import { type CrnnConfig, resolveCrnnConfig } from './config.js';
import { PrintedDownBlock, PrintedUpBlock } from './printed-blocks.js';

export class PrintedCrnn extends Module {
  readonly config: CrnnConfig;
  /** DownSample1..L; DownSample{i} maps c_{i-1} -> c_i channels. */
  readonly down: PrintedDownBlock[];
  readonly bottom: ConvTranspose2d;
  /** UpSample1..L; UpSample{i} maps c_i -> c_{i-1} channels and they run in the order L, ..., 1. */
  readonly up: PrintedUpBlock[];

  /** The seed's widths [1, 2, 4, 8, 16] are the default (CRNN_DEFAULT_CONFIG). */
  constructor(config: Partial<CrnnConfig> = {}) {
    super();
    this.config = resolveCrnnConfig(config);
    const c = this.config.channels;
    const levels = Array.from({ length: c.length - 1 }, (_, i) => i + 1);
    this.down = levels.map((i) => this.registerModule(`DownSample${i}`, new PrintedDownBlock(c[i - 1], c[i])));
    const deepest = c[c.length - 1];
    this.bottom = this.registerModule('bottom', new ConvTranspose2d(deepest, deepest, 2, { stride: 2 }));
    this.up = levels.map((i) => this.registerModule(`UpSample${i}`, new PrintedUpBlock(c[i], c[i - 1])));
  }

  /** x [B, c_0, H, W] (H, W divisible by 2^L) -> the decoder output [B, c_0, 2H, 2W]. */
  forward(x: Tensor): Tensor {
    if (x.rank !== 4 || x.shape[1] !== this.config.channels[0]) {
      throw new Error(`PrintedCrnn: expected [B, ${this.config.channels[0]}, H, W], got ${formatShape(x.shape)}`);
    }
    const skips: Tensor[] = [];
    let y = x;
    for (const block of this.down) {
      const [pooled, h] = block.forward(y);
      skips.push(h);
      y = pooled;
    }
    y = this.bottom.forward(y);
    for (let i = this.up.length - 1; i >= 0; i--) y = this.up[i].forward(y, skips[i]);
    return y;
  }
}
