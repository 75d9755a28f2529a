// RVD's attention block x + LinearAttention(LayerNorm(x)) (network_components.py at 309fbe0; crnn-diffusion.md §5.1)
// as the reference nests it, Residual(PreNorm(d, LinearAttention(d))), so its keys are fn.fn.to_qkv.weight,
// fn.fn.to_out.*, fn.norm.g and fn.norm.b.

import type { Tensor } from '../../tensor/tensor.js';
import { ones, zeros } from '../../tensor/creation.js';
import { bmm } from '../../ops/matmul.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { Parameter } from '../../nn/parameter.js';
import { Conv2d } from '../../nn/layers/conv.js';

/** Attention heads and width per head, fixed in the reference. */
const HEADS = 4;
const DIM_HEAD = 16;

/** Per-pixel LayerNorm over channels: (x - mean_c) / sqrt(var_c + eps) * g + b, biased variance, g and b [1, C, 1, 1]. */
export class ChannelLayerNorm extends Module implements TensorModule {
  readonly g: Parameter;
  readonly b: Parameter;

  constructor(readonly channels: number, readonly eps = 1e-5) {
    super();
    this.g = this.registerParameter('g', new Parameter(ones([1, channels, 1, 1])));
    this.b = this.registerParameter('b', new Parameter(zeros([1, channels, 1, 1])));
  }

  forward(x: Tensor): Tensor {
    const mean = x.mean({ dim: 1, keepdim: true });
    const centered = x.sub(mean);
    const variance = centered.square().mean({ dim: 1, keepdim: true });
    return centered.mul(variance.add(this.eps).rsqrt()).mul(this.g).add(this.b);
  }
}

/**
 * Linear attention with 4 heads of 16: q, k, v = split(Conv1x1(d -> 192, no bias)), each per head [16, N];
 * q scaled by 16^-1/2, k softmaxed over the N = H W positions (q is not), context = k v^T [16, 16] per head,
 * out = context^T q, then Conv1x1(64 -> d).
 */
export class LinearAttention extends Module implements TensorModule {
  readonly toQkv: Conv2d;
  readonly toOut: Conv2d;

  constructor(readonly channels: number) {
    super();
    const hidden = HEADS * DIM_HEAD;
    this.toQkv = this.registerModule('to_qkv', new Conv2d(channels, hidden * 3, 1, { bias: false }));
    this.toOut = this.registerModule('to_out', new Conv2d(hidden, channels, 1));
  }

  forward(x: Tensor): Tensor {
    const [b, , h, w] = x.shape;
    const n = h * w;
    const heads = (t: Tensor): Tensor => t.reshape([b * HEADS, DIM_HEAD, n]);
    const [q, k, v] = this.toQkv.forward(x).chunk(3, 1).map(heads);
    const context = bmm(k.softmax(-1), v, false, true);
    const out = bmm(context, q.mul(DIM_HEAD ** -0.5), true, false);
    return this.toOut.forward(out.reshape([b, HEADS * DIM_HEAD, h, w]));
  }
}

/** PreNorm: fn(LayerNorm(x)); fn registered first, as in the reference. */
export class PreNorm extends Module implements TensorModule {
  readonly fn: LinearAttention;
  readonly norm: ChannelLayerNorm;

  constructor(channels: number) {
    super();
    this.fn = this.registerModule('fn', new LinearAttention(channels));
    this.norm = this.registerModule('norm', new ChannelLayerNorm(channels));
  }

  forward(x: Tensor): Tensor {
    return this.fn.forward(this.norm.forward(x));
  }
}

/** Residual(PreNorm(d, LinearAttention(d))): x + attention(norm(x)). */
export class AttentionBlock extends Module implements TensorModule {
  readonly fn: PreNorm;

  constructor(readonly channels: number) {
    super();
    this.fn = this.registerModule('fn', new PreNorm(channels));
  }

  forward(x: Tensor): Tensor {
    return this.fn.forward(x).add(x);
  }
}
