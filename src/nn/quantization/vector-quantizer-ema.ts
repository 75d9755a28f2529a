// VectorQuantizerEMA: the VQ-VAE-2 / video VQ-VAE quantizer whose codebook follows exponential moving averages
// instead of gradients (vqvae-video.md §4). State, with the reference's keys and kinds:
//   ema_w [K, D]               parameter (counted, as the reference; never gets a gradient), N(0, 1)
//   ema_cluster_size [K]       buffer, zeros
//   embedding.weight [K, D]    parameter (the codebook; never gets a gradient), N(0, 1), drawn first
// Forward quantizes with the current codebook; then, in training mode only and without autograd:
//   c ← γ c + (1 − γ) counts;  s = Σ c;  c ← (c + ε) / (s + K ε) · s   (Laplace smoothing, written back)
//   m ← γ m + (1 − γ) Σ_{i→j} x_i;  e ← m / c
// loss = β mean((sg[q] − x)²) (the commitment term only); quantized = x + sg[q − x].
// The reference also requires D > 128 and 0.9 ≤ γ; here any D and 0 ≤ γ < 1 are accepted.

import { noGrad } from '../../autograd/grad-mode.js';
import { zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { normal_ } from '../init.js';
import { Embedding } from '../layers/embedding.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type QuantizerOptions, type QuantizerOutput, codeCounts, fromRows, lookupCodes, nearestCodes, perplexity, toRows } from './nearest-code.js';

export interface VectorQuantizerEMAOptions extends QuantizerOptions {
  /** γ, the EMA decay (default 0.99). */
  readonly decay?: number;
  /** ε, the Laplace smoothing constant (default 1e-5). */
  readonly epsilon?: number;
}

export class VectorQuantizerEMA extends Module {
  readonly ema_w: Parameter;
  readonly ema_cluster_size: Tensor;
  readonly embedding: Embedding;
  readonly commitmentCost: number;
  readonly decay: number;
  readonly epsilon: number;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: VectorQuantizerEMAOptions = {},
  ) {
    super();
    this.commitmentCost = options.commitmentCost ?? 0.25;
    this.decay = options.decay ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-5;
    if (!(this.decay >= 0 && this.decay < 1)) throw new Error(`VectorQuantizerEMA: decay must be in [0, 1), got ${this.decay}`);
    if (!(this.epsilon > 0)) throw new Error(`VectorQuantizerEMA: epsilon must be positive, got ${this.epsilon}`);
    const embedding = new Embedding(numEmbeddings, embeddingDim);
    this.ema_w = this.registerParameter('ema_w', new Parameter(zeros([numEmbeddings, embeddingDim])));
    normal_(this.ema_w);
    this.ema_cluster_size = this.registerBuffer('ema_cluster_size', zeros([numEmbeddings]));
    this.embedding = this.registerModule('embedding', embedding);
  }

  /** x [B, embeddingDim, ...] channels first; updates the codebook in training mode. */
  forward(x: Tensor): QuantizerOutput {
    const { rows, channelsLastShape } = toRows('VectorQuantizerEMA', x, this.embeddingDim);
    const codebook = this.embedding.weight.detach();
    const indices = noGrad(() => nearestCodes(rows, codebook));
    const q = codebook.indexSelect(0, indices);
    const counts = noGrad(() => codeCounts(indices, this.numEmbeddings, rows));
    if (this.training) this.updateCodebook(rows.detach(), indices, counts);
    const quantized = rows.add(q.sub(rows).detach());
    return {
      quantized: fromRows(quantized, channelsLastShape),
      loss: q.sub(rows).square().mean().mul(this.commitmentCost),
      indices: indices.reshape(channelsLastShape.slice(0, -1)),
      perplexity: noGrad(() => perplexity(counts, rows.shape[0])),
    };
  }

  private updateCodebook(rows: Tensor, indices: Tensor, counts: Tensor): void {
    const { decay, epsilon, numEmbeddings } = this;
    noGrad(() => {
      const decayed = this.ema_cluster_size.mul(decay).add(counts.mul(1 - decay));
      const total = decayed.sum();
      const smoothed = decayed.add(epsilon).div(total.add(numEmbeddings * epsilon)).mul(total);
      const sums = zeros([numEmbeddings, this.embeddingDim], { dtype: rows.dtype, backend: rows.backend }).indexAdd(0, indices, rows);
      const emaW = this.ema_w.mul(decay).add(sums.mul(1 - decay));
      this.ema_cluster_size.replaceData_(smoothed);
      this.ema_w.replaceData_(emaW);
      this.embedding.weight.replaceData_(emaW.div(smoothed.unsqueeze(1)));
    });
  }

  /** Codes int32 [B, ...] to their vectors, channels first [B, embeddingDim, ...]. */
  lookup(indices: Tensor): Tensor {
    return lookupCodes(this.embedding, indices);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}, commitmentCost=${this.commitmentCost}, decay=${this.decay}, epsilon=${this.epsilon}`;
  }
}
