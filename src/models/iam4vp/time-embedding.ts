// The diffusion-style time conditioning of IAM4VP: a sinusoidal embedding of the forecast index t = 100 k
// (SinusoidalPosEmb) and the TimeMLP Linear(S -> 4S) -> GELU -> Linear(4S -> S) that every predictor block reads.

import type { Tensor } from '../../tensor/tensor.js';
import { arange } from '../../tensor/creation.js';
import { cat } from '../../ops/cat.js';
import { formatShape } from '../../tensor/shape.js';
import { Module } from '../../nn/module.js';
import { Linear } from '../../nn/layers/linear.js';
import { GELU } from '../../nn/layers/activation.js';

/**
 * [sin(t f_0..f_{h-1}), cos(t f_0..f_{h-1})] with h = dim / 2 and f_j = exp(-j ln(10000) / (h - 1)). The
 * frequencies are computed in float32 as the reference does (torch's default dtype), then cast to `dtype`.
 */
export function sinusoidalEmbedding(t: Tensor, dim: number, dtype: Tensor['dtype']): Tensor {
  if (t.rank !== 1) throw new Error(`sinusoidalEmbedding: t must be [B], got ${formatShape(t.shape)}`);
  const half = Math.floor(dim / 2);
  const scale = Math.log(10000) / (half - 1);
  const freqs = arange(0, half, 1, { dtype: 'float32', backend: t.backend }).mul(-scale).exp().to(dtype);
  const args = t.to(dtype).reshape([t.shape[0], 1]).mul(freqs.reshape([1, half]));
  return cat([args.sin(), args.cos()], 1);
}

/** The embedding as a (parameterless) module, so summaries list it as the reference's torchinfo table does. */
export class SinusoidalPosEmb extends Module {
  constructor(readonly dim: number) {
    super();
  }

  forward(t: Tensor, dtype: Tensor['dtype'] = 'float32'): Tensor {
    return sinusoidalEmbedding(t, this.dim, dtype);
  }
}

/** TimeMLP(dim): maps t [B] to the time embedding [B, dim]. */
export class TimeMLP extends Module {
  readonly embedding: SinusoidalPosEmb;
  readonly linear1: Linear;
  readonly gelu: GELU;
  readonly linear2: Linear;

  constructor(readonly dim: number) {
    super();
    this.embedding = this.registerModule('sinusoidal_pos_emb', new SinusoidalPosEmb(dim));
    this.linear1 = this.registerModule('linear1', new Linear(dim, dim * 4));
    this.gelu = this.registerModule('gelu', new GELU());
    this.linear2 = this.registerModule('linear2', new Linear(dim * 4, dim));
  }

  forward(t: Tensor): Tensor {
    const emb = this.embedding.forward(t, this.linear1.weight.dtype);
    return this.linear2.forward(this.gelu.forward(this.linear1.forward(emb)));
  }
}
