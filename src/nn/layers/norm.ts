// LayerNorm (PyTorch's normalisation over the last dims, and ConvNeXt's channels-first form over dim 1),
// GroupNorm and InstanceNorm2d.

import { ones, zeros } from '../../tensor/creation.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module, type TensorModule } from '../module.js';
import { Parameter } from '../parameter.js';

/** (x - mean) / sqrt(var + eps) over `dims` with the biased variance, as every norm layer computes it. */
function normalize(x: Tensor, dims: number[], eps: number): Tensor {
  const mean = x.mean({ dim: dims, keepdim: true });
  const centered = x.sub(mean);
  const variance = centered.square().mean({ dim: dims, keepdim: true });
  return centered.mul(variance.add(eps).rsqrt());
}

export interface LayerNormOptions {
  readonly eps?: number;
  /** Learn a per-element scale (and shift) of the normalised shape (default true). */
  readonly elementwiseAffine?: boolean;
  /** Learn the shift when affine (default true). */
  readonly bias?: boolean;
  /**
   * 'channels_last' (default) normalises the trailing normalizedShape dims as torch.nn.LayerNorm;
   * 'channels_first' normalises dim 1 of an [N, C, ...] input as ConvNeXt's LayerNorm does.
   */
  readonly dataFormat?: 'channels_last' | 'channels_first';
}

export class LayerNorm extends Module implements TensorModule {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly dataFormat: 'channels_last' | 'channels_first';

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = options.eps ?? 1e-5;
    this.dataFormat = options.dataFormat ?? 'channels_last';
    if (this.dataFormat === 'channels_first' && this.normalizedShape.length !== 1) {
      throw new Error(`LayerNorm: channels_first normalises one channel dim, got normalizedShape [${this.normalizedShape}]`);
    }
    const affine = options.elementwiseAffine ?? true;
    this.weight = this.registerParameter('weight', affine ? new Parameter(ones(this.normalizedShape)) : null);
    this.bias = this.registerParameter('bias', affine && (options.bias ?? true) ? new Parameter(zeros(this.normalizedShape)) : null);
  }

  forward(x: Tensor): Tensor {
    if (this.dataFormat === 'channels_first') {
      if (x.rank < 2 || x.shape[1] !== this.normalizedShape[0]) {
        throw new Error(`LayerNorm(channels_first): input ${formatShape(x.shape)} must have ${this.normalizedShape[0]} channels at dim 1`);
      }
      const view = x.shape.map((d, i) => (i === 1 ? d : 1));
      let y = normalize(x, [1], this.eps);
      if (this.weight) y = y.mul(this.weight.reshape(view));
      if (this.bias) y = y.add(this.bias.reshape(view));
      return y;
    }
    const k = this.normalizedShape.length;
    if (x.rank < k || x.shape.slice(x.rank - k).some((d, i) => d !== this.normalizedShape[i])) {
      throw new Error(`LayerNorm: input ${formatShape(x.shape)} must end in normalizedShape [${this.normalizedShape}]`);
    }
    let y = normalize(x, this.normalizedShape.map((_, i) => x.rank - k + i), this.eps);
    if (this.weight) y = y.mul(this.weight);
    if (this.bias) y = y.add(this.bias);
    return y;
  }

  override extraRepr(): string {
    return `[${this.normalizedShape}], eps=${this.eps}${this.dataFormat === 'channels_first' ? ", dataFormat='channels_first'" : ''}`;
  }
}

export interface GroupNormOptions {
  readonly eps?: number;
  readonly affine?: boolean;
}

export class GroupNorm extends Module implements TensorModule {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly eps: number;

  constructor(
    readonly numGroups: number,
    readonly numChannels: number,
    options: GroupNormOptions = {},
  ) {
    super();
    if (!Number.isInteger(numGroups) || numGroups < 1 || numChannels % numGroups !== 0) {
      throw new Error(`GroupNorm: numChannels ${numChannels} must be divisible by numGroups ${numGroups}`);
    }
    this.eps = options.eps ?? 1e-5;
    const affine = options.affine ?? true;
    this.weight = this.registerParameter('weight', affine ? new Parameter(ones([numChannels])) : null);
    this.bias = this.registerParameter('bias', affine ? new Parameter(zeros([numChannels])) : null);
  }

  forward(x: Tensor): Tensor {
    if (x.rank < 2 || x.shape[1] !== this.numChannels) {
      throw new Error(`GroupNorm: input ${formatShape(x.shape)} must have ${this.numChannels} channels at dim 1`);
    }
    const [n, c] = x.shape;
    const grouped = x.reshape([n, this.numGroups, (c / this.numGroups) * (x.size / (n * c || 1))]);
    let y = normalize(grouped, [2], this.eps).reshape(x.shape);
    const view = x.shape.map((d, i) => (i === 1 ? d : 1));
    if (this.weight) y = y.mul(this.weight.reshape(view));
    if (this.bias) y = y.add(this.bias.reshape(view));
    return y;
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}`;
  }
}

export interface InstanceNormOptions {
  readonly eps?: number;
  /** Learn a per-channel scale and shift (default false, as in PyTorch). */
  readonly affine?: boolean;
}

/** Normalises each channel of each sample over its spatial dims (no running statistics). */
export class InstanceNorm2d extends Module implements TensorModule {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly eps: number;

  constructor(
    readonly numFeatures: number,
    options: InstanceNormOptions = {},
  ) {
    super();
    this.eps = options.eps ?? 1e-5;
    const affine = options.affine ?? false;
    this.weight = this.registerParameter('weight', affine ? new Parameter(ones([numFeatures])) : null);
    this.bias = this.registerParameter('bias', affine ? new Parameter(zeros([numFeatures])) : null);
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4 || x.shape[1] !== this.numFeatures) {
      throw new Error(`InstanceNorm2d: expected [N, ${this.numFeatures}, H, W], got ${formatShape(x.shape)}`);
    }
    let y = normalize(x, [2, 3], this.eps);
    const view = [1, this.numFeatures, 1, 1];
    if (this.weight) y = y.mul(this.weight.reshape(view));
    if (this.bias) y = y.add(this.bias.reshape(view));
    return y;
  }
}
