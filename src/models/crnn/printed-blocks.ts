// The blocks of the seed's CRNN exactly as its printed torchsummary shows them (crnn-diffusion.md §2.1, §2.3). The
// block code behind that summary was never committed, so the structure comes from the 69 printed rows alone and
// the child names here are ours; the concatenated tensor in the down block is inferred (spec §11).

import type { Tensor } from '../../tensor/tensor.js';
import { cat } from '../../ops/cat.js';
import { Module } from '../../nn/module.js';
import { Conv2d, ConvTranspose2d } from '../../nn/layers/conv.js';
import { BatchNorm2d } from '../../nn/layers/batch-norm.js';
import { MaxPool2d } from '../../nn/layers/resample.js';

/** Conv3x3 -> BN -> ReLU -> Conv3x3 -> BN, the opening rows of both printed blocks. */
class ConvPair extends Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;

  constructor(inChannels: number, outChannels: number) {
    super();
    this.conv1 = this.registerModule('conv1', new Conv2d(inChannels, outChannels, 3, { padding: 1 }));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(outChannels));
    this.conv2 = this.registerModule('conv2', new Conv2d(outChannels, outChannels, 3, { padding: 1 }));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(outChannels));
  }

  forward(x: Tensor): Tensor {
    return this.bn2.forward(this.conv2.forward(this.bn1.forward(this.conv1.forward(x)).relu()));
  }
}

/**
 * D(cin -> c): the conv pair, concatenated with the block input ([branch, input], cin + c channels), ReLU, then
 * Conv3x3(c + cin -> c) gives the skip h; the block returns [MaxPool2x2(h), h]. The concatenation stands where the
 * author's comment says "ConvGRU TO MAKE": there is no recurrence.
 */
export class PrintedDownBlock extends Module {
  readonly pair: ConvPair;
  readonly merge: Conv2d;
  readonly pool: MaxPool2d;

  constructor(inChannels: number, outChannels: number) {
    super();
    this.pair = this.registerModule('pair', new ConvPair(inChannels, outChannels));
    this.merge = this.registerModule('merge', new Conv2d(outChannels + inChannels, outChannels, 3, { padding: 1 }));
    this.pool = this.registerModule('pool', new MaxPool2d(2, { stride: 2 }));
  }

  forward(x: Tensor): [Tensor, Tensor] {
    const h = this.merge.forward(cat([this.pair.forward(x), x], 1).relu());
    return [this.pool.forward(h), h];
  }
}

/**
 * U(cin -> c): the conv pair on x, concatenated with the same-size skip (cin channels), then
 * ConvTranspose2d(c + cin -> c, k2, s2) -> ReLU, doubling the resolution.
 */
export class PrintedUpBlock extends Module {
  readonly pair: ConvPair;
  readonly up: ConvTranspose2d;

  constructor(inChannels: number, outChannels: number) {
    super();
    this.pair = this.registerModule('pair', new ConvPair(inChannels, outChannels));
    this.up = this.registerModule('up', new ConvTranspose2d(outChannels + inChannels, outChannels, 2, { stride: 2 }));
  }

  forward(x: Tensor, skip: Tensor): Tensor {
    return this.up.forward(cat([this.pair.forward(x), skip], 1)).relu();
  }
}
