// Embedding: a lookup table of vectors indexed by int32 ids, initialised N(0, 1) with the padding row zeroed;
// as in PyTorch, lookups of the padding row pass no gradient to it.

import { noGrad } from '../../autograd/grad-mode.js';
import { ne } from '../../ops/compare.js';
import { where } from '../../ops/where.js';
import { tensor, zeros } from '../../tensor/creation.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { normal_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface EmbeddingOptions {
  /** This row is initialised to zeros and receives no gradient (PyTorch's padding_idx). */
  readonly paddingIdx?: number;
}

export class Embedding extends Module {
  readonly weight: Parameter;
  readonly paddingIdx: number | undefined;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: EmbeddingOptions = {},
  ) {
    super();
    const pad = options.paddingIdx;
    if (pad !== undefined && (pad < -numEmbeddings || pad >= numEmbeddings)) {
      throw new Error(`Embedding: paddingIdx ${pad} is out of range for ${numEmbeddings} embeddings`);
    }
    this.paddingIdx = pad !== undefined && pad < 0 ? pad + numEmbeddings : pad;
    this.weight = this.registerParameter('weight', new Parameter(zeros([numEmbeddings, embeddingDim])));
    normal_(this.weight);
    if (this.paddingIdx !== undefined) {
      const keep = new Float32Array(numEmbeddings).fill(1);
      keep[this.paddingIdx] = 0;
      noGrad(() => this.weight.replaceData_(where(tensor(keep, { shape: [numEmbeddings, 1] }), this.weight, 0)));
    }
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') throw new Error(`Embedding: indices must be int32, got ${indices.dtype} of shape ${formatShape(indices.shape)}`);
    const ids = indices.reshape([indices.size]);
    let flat = this.weight.indexSelect(0, ids);
    // Same values, but the rows looked up at the padding index come from a detached copy: no gradient flows.
    if (this.paddingIdx !== undefined) flat = where(ne(ids, this.paddingIdx).reshape([ids.size, 1]), flat, flat.detach());
    return flat.reshape([...indices.shape, this.embeddingDim]);
  }
}
