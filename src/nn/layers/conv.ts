// Convolution layers Conv1d/2d/3d and ConvTranspose1d/2d/3d: PyTorch's constructor order, weight layouts,
// padding modes and initialisation over the functional spatial ops.

import { zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { pad, type PadMode } from '../../ops/pad.js';
import { conv1d, conv2d, conv3d } from '../../ops/spatial/conv.js';
import { convTranspose1d, convTranspose2d, convTranspose3d } from '../../ops/spatial/conv-transpose.js';
import type { ConvPadding, SpatialArg } from '../../ops/spatial/params.js';
import { calculateFans, kaimingUniform_, uniform_ } from '../init.js';
import { Module, type TensorModule } from '../module.js';
import { Parameter } from '../parameter.js';

export interface ConvLayerOptions {
  readonly stride?: SpatialArg;
  /** Zero padding (default 0), or 'same' / 'valid'. With another paddingMode, padded by that mode instead. */
  readonly padding?: ConvPadding;
  readonly dilation?: SpatialArg;
  readonly groups?: number;
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
  /** How the padding is filled (default 'zeros'). */
  readonly paddingMode?: 'zeros' | Exclude<PadMode, 'constant'>;
}

export interface ConvTransposeLayerOptions {
  readonly stride?: SpatialArg;
  readonly padding?: SpatialArg;
  readonly outputPadding?: SpatialArg;
  readonly groups?: number;
  readonly bias?: boolean;
  readonly dilation?: SpatialArg;
}

function expand(value: SpatialArg, d: number): number[] {
  return typeof value === 'number' ? new Array<number>(d).fill(value) : [...value];
}

function checkChannels(layer: string, inChannels: number, outChannels: number, groups: number): void {
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`${layer}: groups must be a positive integer, got ${groups}`);
  if (inChannels % groups !== 0) throw new Error(`${layer}: inChannels ${inChannels} must be divisible by groups ${groups}`);
  if (outChannels % groups !== 0) throw new Error(`${layer}: outChannels ${outChannels} must be divisible by groups ${groups}`);
}

/** PyTorch's reset_parameters for every conv: kaiming-uniform a = sqrt(5), bias uniform in ±1/sqrt(fan_in). */
function resetConv(weight: Parameter, bias: Parameter | null): void {
  kaimingUniform_(weight, { a: Math.sqrt(5) });
  if (bias) {
    const { fanIn } = calculateFans(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -bound, bound);
  }
}

type ConvFn = (x: Tensor, w: Tensor, b: Tensor | undefined, o: { stride: number[]; padding: ConvPadding; dilation: number[]; groups: number }) => Tensor;

abstract class ConvNd extends Module implements TensorModule {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: ConvPadding;
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode: 'zeros' | Exclude<PadMode, 'constant'>;

  constructor(
    private readonly dims: number,
    private readonly fn: ConvFn,
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: SpatialArg,
    options: ConvLayerOptions,
  ) {
    super();
    this.groups = options.groups ?? 1;
    checkChannels(this.typeName, inChannels, outChannels, this.groups);
    this.kernelSize = expand(kernelSize, dims);
    this.stride = expand(options.stride ?? 1, dims);
    this.padding = options.padding ?? 0;
    this.dilation = expand(options.dilation ?? 1, dims);
    this.paddingMode = options.paddingMode ?? 'zeros';
    if (this.padding === 'same' && this.stride.some((s) => s !== 1)) {
      throw new Error(`${this.typeName}: padding 'same' needs stride 1`);
    }
    this.weight = this.registerParameter('weight', new Parameter(zeros([outChannels, inChannels / this.groups, ...this.kernelSize])));
    this.bias = this.registerParameter('bias', options.bias ?? true ? new Parameter(zeros([outChannels])) : null);
    resetConv(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    const options = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === 'zeros') return this.fn(x, this.weight, this.bias ?? undefined, { ...options, padding: this.padding });
    return this.fn(pad(x, this.modePadding(), { mode: this.paddingMode }), this.weight, this.bias ?? undefined, { ...options, padding: 0 });
  }

  /** The explicit F.pad list (last dim first) for a non-zero padding mode. */
  private modePadding(): number[] {
    const amounts: [number, number][] = [];
    for (let i = 0; i < this.dims; i++) {
      const p = this.padding;
      if (p === 'valid') amounts.push([0, 0]);
      else if (p === 'same') {
        const total = this.dilation[i] * (this.kernelSize[i] - 1);
        amounts.push([Math.floor(total / 2), total - Math.floor(total / 2)]);
      } else if (typeof p === 'number') amounts.push([p, p]);
      else {
        const v = p[i];
        amounts.push(typeof v === 'number' ? [v, v] : [v[0], v[1]]);
      }
    }
    return amounts.reverse().flat();
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize}], stride=[${this.stride}], padding=${JSON.stringify(this.padding)}` +
      `${this.groups !== 1 ? `, groups=${this.groups}` : ''}${this.bias ? '' : ', bias=false'}`;
  }
}

export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialArg, options: ConvLayerOptions = {}) {
    super(1, conv1d, inChannels, outChannels, kernelSize, options);
  }
}

export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialArg, options: ConvLayerOptions = {}) {
    super(2, conv2d, inChannels, outChannels, kernelSize, options);
  }
}

export class Conv3d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialArg, options: ConvLayerOptions = {}) {
    super(3, conv3d, inChannels, outChannels, kernelSize, options);
  }
}

type ConvTransposeFn = (
  x: Tensor,
  w: Tensor,
  b: Tensor | undefined,
  o: { stride: number[]; padding: number[]; outputPadding: number[]; groups: number; dilation: number[] },
) => Tensor;

abstract class ConvTransposeNd extends Module implements TensorModule {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly outputPadding: number[];
  readonly dilation: number[];
  readonly groups: number;

  constructor(
    dims: number,
    private readonly fn: ConvTransposeFn,
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: SpatialArg,
    options: ConvTransposeLayerOptions,
  ) {
    super();
    this.groups = options.groups ?? 1;
    checkChannels(this.typeName, inChannels, outChannels, this.groups);
    this.kernelSize = expand(kernelSize, dims);
    this.stride = expand(options.stride ?? 1, dims);
    this.padding = expand(options.padding ?? 0, dims);
    this.outputPadding = expand(options.outputPadding ?? 0, dims);
    this.dilation = expand(options.dilation ?? 1, dims);
    this.weight = this.registerParameter('weight', new Parameter(zeros([inChannels, outChannels / this.groups, ...this.kernelSize])));
    this.bias = this.registerParameter('bias', options.bias ?? true ? new Parameter(zeros([outChannels])) : null);
    resetConv(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    return this.fn(x, this.weight, this.bias ?? undefined, {
      stride: this.stride,
      padding: this.padding,
      outputPadding: this.outputPadding,
      groups: this.groups,
      dilation: this.dilation,
    });
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize}], stride=[${this.stride}], padding=[${this.padding}]`;
  }
}

export class ConvTranspose1d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialArg, options: ConvTransposeLayerOptions = {}) {
    super(1, convTranspose1d, inChannels, outChannels, kernelSize, options);
  }
}

export class ConvTranspose2d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialArg, options: ConvTransposeLayerOptions = {}) {
    super(2, convTranspose2d, inChannels, outChannels, kernelSize, options);
  }
}

export class ConvTranspose3d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialArg, options: ConvTransposeLayerOptions = {}) {
    super(3, convTranspose3d, inChannels, outChannels, kernelSize, options);
  }
}
