// VectorQuantizer: the VQ-VAE quantizer with a codebook learned by gradient (vqvae-video.md §4, the
// alternative chosen when decay = 0). One parameter, embedding.weight [K, D], initialised U(±1/K).
//   loss = mean((q − sg[x])²) + β mean((sg[q] − x)²),  quantized = x + sg[q − x]

import { noGrad } from '../../autograd/grad-mode.js';
import type { Tensor } from '../../tensor/tensor.js';
import { uniform_ } from '../init.js';
import { Embedding } from '../layers/embedding.js';
import { Module } from '../module.js';
import { type QuantizerOptions, type QuantizerOutput, codeCounts, fromRows, lookupCodes, nearestCodes, perplexity, toRows } from './nearest-code.js';

export class VectorQuantizer extends Module {
  readonly embedding: Embedding;
  readonly commitmentCost: number;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: QuantizerOptions = {},
  ) {
    super();
    this.commitmentCost = options.commitmentCost ?? 0.25;
    this.embedding = this.registerModule('embedding', new Embedding(numEmbeddings, embeddingDim));
    uniform_(this.embedding.weight, -1 / numEmbeddings, 1 / numEmbeddings);
  }

  /** x [B, embeddingDim, ...] channels first. */
  forward(x: Tensor): QuantizerOutput {
    const { rows, channelsLastShape } = toRows('VectorQuantizer', x, this.embeddingDim);
    const indices = noGrad(() => nearestCodes(rows, this.embedding.weight));
    const q = this.embedding.weight.indexSelect(0, indices);
    const codebookLoss = q.sub(rows.detach()).square().mean();
    const commitmentLoss = q.detach().sub(rows).square().mean();
    const quantized = rows.add(q.sub(rows).detach());
    return {
      quantized: fromRows(quantized, channelsLastShape),
      loss: codebookLoss.add(commitmentLoss.mul(this.commitmentCost)),
      indices: indices.reshape(channelsLastShape.slice(0, -1)),
      perplexity: noGrad(() => perplexity(codeCounts(indices, this.numEmbeddings, rows), rows.shape[0])),
    };
  }

  /** Codes int32 [B, ...] to their vectors, channels first [B, embeddingDim, ...]. */
  lookup(indices: Tensor): Tensor {
    return lookupCodes(this.embedding, indices);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}, commitmentCost=${this.commitmentCost}`;
  }
}
