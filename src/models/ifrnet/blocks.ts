// IFRNet's building blocks (spec §2.1-2.4) under the reference's attribute names, so state-dict keys match:
// convrelu (Conv2d + per-channel PReLU), the side-channel ResBlock of IFRNet/_L/_S, IFRNet_T's thirds ResBlock
// and IFRNet_ELAN's ResBlock_ELAN. The reference's in-place channel replacement is written as split + concat.

import { cat } from '../../ops/cat.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Sequential } from '../../nn/containers.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { PReLU } from '../../nn/layers/activation.js';
import { Module, type TensorModule } from '../../nn/module.js';

/** Conv2d(ci -> co, k, stride, padding, bias) then PReLU(co): keys `0.weight`, `0.bias`, `1.weight`. */
export function convrelu(inChannels: number, outChannels: number, kernelSize = 3, stride = 1, padding = 1): Sequential {
  return new Sequential(new Conv2d(inChannels, outChannels, kernelSize, { stride, padding }), new PReLU(outChannels));
}

/** A 3x3 conv that keeps the channel count (the reference's bare or Sequential-wrapped conv). */
const conv3x3 = (channels: number): Conv2d => new Conv2d(channels, channels, 3, { padding: 1 });

/** Applies `f` to channels [start, start + length) of x and leaves the others as they are. */
function replaceChannels(x: Tensor, start: number, length: number, f: (part: Tensor) => Tensor): Tensor {
  const c = x.shape[1];
  const parts: Tensor[] = [];
  if (start > 0) parts.push(x.narrow(1, 0, start));
  parts.push(f(x.narrow(1, start, length)));
  if (start + length < c) parts.push(x.narrow(1, start + length, c - start - length));
  return parts.length === 1 ? parts[0] : cat(parts, 1);
}

/** IFRNet's ResBlock(C, S): the last S channels are re-convolved after the 1st and 2nd conv; prelu(x + conv5(...)). */
export class ResBlock extends Module implements TensorModule {
  readonly conv1: Sequential;
  readonly conv2: Sequential;
  readonly conv3: Sequential;
  readonly conv4: Sequential;
  readonly conv5: Conv2d;
  readonly prelu: PReLU;

  constructor(
    readonly inChannels: number,
    readonly sideChannels: number,
  ) {
    super();
    this.conv1 = this.registerModule('conv1', convrelu(inChannels, inChannels));
    this.conv2 = this.registerModule('conv2', convrelu(sideChannels, sideChannels));
    this.conv3 = this.registerModule('conv3', convrelu(inChannels, inChannels));
    this.conv4 = this.registerModule('conv4', convrelu(sideChannels, sideChannels));
    this.conv5 = this.registerModule('conv5', conv3x3(inChannels));
    this.prelu = this.registerModule('prelu', new PReLU(inChannels));
  }

  forward(x: Tensor): Tensor {
    const tail = this.inChannels - this.sideChannels;
    let out = replaceChannels(this.conv1.forward(x), tail, this.sideChannels, (s) => this.conv2.forward(s));
    out = replaceChannels(this.conv3.forward(out), tail, this.sideChannels, (s) => this.conv4.forward(s));
    return this.prelu.forward(x.add(this.conv5.forward(out)));
  }

  override extraRepr(): string {
    return `${this.inChannels}, side=${this.sideChannels}`;
  }
}

/** IFRNet_T's ResBlock(C), d = C / 3: re-convolve channels [0, d), then [0, 2d); prelu(x + conv4(...)). */
export class ResBlockThirds extends Module implements TensorModule {
  readonly conv1: Sequential;
  readonly conv2: Sequential;
  readonly conv3: Sequential;
  readonly conv4: Sequential;
  readonly prelu: PReLU;
  private readonly third: number;

  constructor(readonly inChannels: number) {
    super();
    this.third = Math.floor(inChannels / 3);
    this.conv1 = this.registerModule('conv1', convrelu(inChannels, inChannels));
    this.conv2 = this.registerModule('conv2', convrelu(this.third, this.third));
    this.conv3 = this.registerModule('conv3', convrelu(2 * this.third, 2 * this.third));
    this.conv4 = this.registerModule('conv4', new Sequential(conv3x3(inChannels)));
    this.prelu = this.registerModule('prelu', new PReLU(inChannels));
  }

  forward(x: Tensor): Tensor {
    let out = replaceChannels(this.conv1.forward(x), 0, this.third, (s) => this.conv2.forward(s));
    out = replaceChannels(out, 0, 2 * this.third, (s) => this.conv3.forward(s));
    return this.prelu.forward(x.add(this.conv4.forward(out)));
  }

  override extraRepr(): string {
    return `${this.inChannels}`;
  }
}

/**
 * IFRNet_ELAN's ResBlock_ELAN(C), d = C / 3, x = [c1 | c2 | c3]: c4 = u1(c2), c5 = u2(c4), c6 = u4(u3(c3)),
 * c7 = u6(u5(c6)) with u_i = conv_i + PReLU; y = x + conv7_1x1([c1..c7]). No activation after the sum.
 */
export class ResBlockElan extends Module implements TensorModule {
  readonly units: Sequential[];
  readonly conv7: Sequential;
  private readonly third: number;

  constructor(readonly inChannels: number) {
    super();
    const d = Math.floor(inChannels / 3);
    this.third = d;
    this.units = [1, 2, 3, 4, 5, 6].map((i) => this.registerModule(`conv${i}`, convrelu(d, d)));
    this.conv7 = this.registerModule('conv7', new Sequential(new Conv2d(7 * d, inChannels, 1)));
  }

  forward(x: Tensor): Tensor {
    const d = this.third;
    const c1 = x.narrow(1, 0, d);
    const c2 = x.narrow(1, d, d);
    const c3 = x.narrow(1, 2 * d, this.inChannels - 2 * d);
    const [u1, u2, u3, u4, u5, u6] = this.units;
    const c4 = u1.forward(c2);
    const c5 = u2.forward(c4);
    const c6 = u4.forward(u3.forward(c3));
    const c7 = u6.forward(u5.forward(c6));
    return x.add(this.conv7.forward(cat([c1, c2, c3, c4, c5, c6, c7], 1)));
  }

  override extraRepr(): string {
    return `${this.inChannels}`;
  }
}
