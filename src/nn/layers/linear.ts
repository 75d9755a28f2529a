// Linear: y = x W^T + b over the last dim, PyTorch's layout ([out, in] weight) and initialisation.

import { zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { kaimingUniform_, uniform_ } from '../init.js';
import { Module, type TensorModule } from '../module.js';
import { Parameter } from '../parameter.js';
import { formatShape } from '../../tensor/shape.js';

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
}

export class Linear extends Module implements TensorModule {
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    if (!Number.isInteger(inFeatures) || !Number.isInteger(outFeatures) || inFeatures < 0 || outFeatures < 0) {
      throw new Error(`Linear: features must be non-negative integers, got in=${inFeatures}, out=${outFeatures}`);
    }
    this.weight = this.registerParameter('weight', new Parameter(zeros([outFeatures, inFeatures])));
    this.bias = this.registerParameter('bias', options.bias ?? true ? new Parameter(zeros([outFeatures])) : null);
    this.resetParameters();
  }

  /** PyTorch's default: kaiming-uniform with a = sqrt(5) (bound 1/sqrt(fan_in)) for both weight and bias. */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const bound = this.inFeatures > 0 ? 1 / Math.sqrt(this.inFeatures) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  forward(x: Tensor): Tensor {
    if (x.rank === 0 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new Error(`Linear: input of shape ${formatShape(x.shape)} must end in ${this.inFeatures} features`);
    }
    const y = x.matmul(this.weight.transpose(0, 1));
    return this.bias ? y.add(this.bias) : y;
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
