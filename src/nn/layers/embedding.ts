// Embedding: a lookup table of vectors indexed by int32 ids, initialised N(0, 1) with the padding row zeroed.

import { noGrad } from '../../autograd/grad-mode.js';
import { tensor, zeros } from '../../tensor/creation.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { normal_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface EmbeddingOptions {
  /** This row is initialised to zeros (its gradient is not masked; PyTorch also excludes it from updates). */
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
      noGrad(() => this.weight.replaceData_(this.weight.mul(tensor(keep, { shape: [numEmbeddings, 1] }))));
    }
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') throw new Error(`Embedding: indices must be int32, got ${indices.dtype} of shape ${formatShape(indices.shape)}`);
    const flat = this.weight.indexSelect(0, indices.reshape([indices.size]));
    return flat.reshape([...indices.shape, this.embeddingDim]);
  }
}
