// One level of RVD's recurrent encoders, CondNet and HistoryNet (temporal_models.py at 309fbe0): ResnetBlock(a -> b)
// -> ConvGRUCell(b, b) -> Downsample(b) (Identity at the last level), keys 0.*, 1.conv_gates.0.*, 1.conv_cans.0.*,
// 2.conv.*. The reference keeps the GRU state inside the cell (init_hidden zeroes it per video); here it is passed
// in and returned, undefined meaning that zero state.

import type { Tensor } from '../../tensor/tensor.js';
import { Identity } from '../../nn/containers.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { ConvGRU } from '../../nn/recurrent/conv-gru.js';
import type { GRUState } from '../../nn/recurrent/rnn-steps.js';
import { Downsample, ResnetBlock } from './blocks.js';

/** Each level's GRU state; an undefined entry (or list) is the zero state a new video starts from. */
export type RecurrentStates = readonly (GRUState | undefined)[];

export class RecurrentDownLevel extends Module {
  readonly resnet: ResnetBlock;
  /** RVD's ConvGRUCell(b, b, 3, n_layer=1), whose keys nn.ConvGRU shares (conv_gates.0.*, conv_cans.0.*). */
  readonly gru: ConvGRU;
  readonly downsample: TensorModule;

  constructor(inChannels: number, outChannels: number, isLast: boolean) {
    super();
    this.resnet = this.registerModule('0', new ResnetBlock(inChannels, outChannels));
    this.gru = this.registerModule('1', new ConvGRU(outChannels, outChannels, 3));
    this.downsample = this.registerModule('2', isLast ? new Identity() : new Downsample(outChannels));
  }

  /** x [B, a, H, W] -> the GRU output h [B, b, H, W], the downsampled h for the next level, and the new state. */
  forward(x: Tensor, state: GRUState | undefined): { h: Tensor; next: Tensor; state: GRUState } {
    const { output: h, state: [next] } = this.gru.forward(this.resnet.forward(x).unsqueeze(1), state ? [state] : undefined);
    return { h, next: this.downsample.forward(h), state: next };
  }
}
