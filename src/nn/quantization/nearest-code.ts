// What both vector quantizers share: moving channels-first inputs [B, D, ...] to rows [N, D] and back, the
// batched nearest-code search (distances |x|² + |e|² − 2 x eᵀ with one matmul, then argmin: the first index wins
// ties, as torch.argmin), code lookup, per-code counts, and the perplexity exp(−Σ p log(p + 1e−10)) of the code usage.

import { cat } from '../../ops/cat.js';
import { zeros } from '../../tensor/creation.js';
import { tidy } from '../../tensor/scope.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Embedding } from '../layers/embedding.js';

/** What a quantizer returns; quantized is channels-first like the input, indices int32 [B, ...]. */
export interface QuantizerOutput {
  /** The nearest codes with straight-through gradients: x + (q − x).detach(). */
  readonly quantized: Tensor;
  /** The quantizer's loss (a 0-d tensor). */
  readonly loss: Tensor;
  /** The chosen code per position, int32, the input's shape without the channel dim. */
  readonly indices: Tensor;
  /** exp of the entropy of this batch's code usage (0-d, no gradient). */
  readonly perplexity: Tensor;
}

export interface QuantizerOptions {
  /** β, the weight of the commitment loss mean((sg[q] − x)²) (default 0.25). */
  readonly commitmentCost?: number;
}

/** x [B, D, ...] as rows [N, D] (channels last, flattened), with the permutation that undoes it. */
export function toRows(layer: string, x: Tensor, embeddingDim: number): { rows: Tensor; channelsLastShape: number[] } {
  if (x.rank < 2 || x.shape[1] !== embeddingDim) {
    throw new Error(`${layer}: expected input [batch, ${embeddingDim}, ...] (channels first), got ${formatShape(x.shape)}`);
  }
  const order = [0, ...x.shape.map((_, i) => i).slice(2), 1];
  const channelsLast = x.permute(order);
  return { rows: channelsLast.reshape([x.size / embeddingDim, embeddingDim]), channelsLastShape: [...channelsLast.shape] };
}

/** Rows [N, D] back to channels-first [B, D, ...]. */
export function fromRows(rows: Tensor, channelsLastShape: readonly number[]): Tensor {
  const rank = channelsLastShape.length;
  return rows.reshape(channelsLastShape).permute([0, rank - 1, ...channelsLastShape.map((_, i) => i).slice(1, rank - 1)]);
}

/** Codes int32 [B, ...] to their vectors, channels first [B, D, ...]. */
export function lookupCodes(embedding: Embedding, indices: Tensor): Tensor {
  return fromRows(embedding.forward(indices), [...indices.shape, embedding.embeddingDim]);
}

/** Distance-matrix elements computed at once: rows are searched in chunks so N x K never exceeds this. */
const DISTANCE_BUDGET = 1 << 24;

/**
 * The index of each row's nearest code (int32 [N]): one distance matmul per chunk of rows, the chunks sized so the
 * N x K distances (24,576 x 8,192 at the video VQ-VAE's seed batch, 805 MB in float32) never exist all at once.
 */
export function nearestCodes(rows: Tensor, codebook: Tensor): Tensor {
  const codeNorms = codebook.square().sum({ dim: 1 });
  const codesT = codebook.transpose(0, 1);
  const chunk = Math.max(1, Math.floor(DISTANCE_BUDGET / Math.max(codebook.shape[0], 1)));
  const search = (part: Tensor): Tensor =>
    tidy(() => part.square().sum({ dim: 1, keepdim: true }).add(codeNorms).sub(part.matmul(codesT).mul(2)).argmin({ dim: 1 }));
  if (rows.shape[0] <= chunk) return search(rows);
  return cat(rows.split(chunk, 0).map(search), 0);
}

/** How many rows chose each code (float [K], on the rows' backend and dtype). */
export function codeCounts(indices: Tensor, numEmbeddings: number, like: Tensor): Tensor {
  const options = { dtype: like.dtype, backend: like.backend };
  return zeros([numEmbeddings], options).indexAdd(0, indices, zeros([indices.size], options).add(1));
}

/** exp(−Σ p log(p + 1e−10)) with p the fraction of rows choosing each code. */
export function perplexity(counts: Tensor, rowCount: number): Tensor {
  const p = counts.div(rowCount);
  return p.mul(p.add(1e-10).log()).sum().neg().exp();
}
