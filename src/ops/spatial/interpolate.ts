// interpolate (torch.nn.functional.interpolate) in 'nearest' and (bi/tri)'linear' modes: separable, one spatial
// dim at a time, with source indices and weights computed on the host by PyTorch's exact formulas
// (UpSample.h: nearest_idx, area_pixel_compute_source_index), then `indexSelect` (+ a weighted sum of the two
// taps for linear). Gradients are index scatter-adds (indexAdd).

import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { indexSelect } from '../index-ops.js';
import { type SpatialArg, checkFloat, constantLike, indexTensor, perDim } from './params.js';

export type InterpolateMode = 'nearest' | 'linear' | 'bilinear' | 'trilinear';

export interface InterpolateOptions {
  /** Output spatial size (one for all dims or one per dim); give exactly one of size and scaleFactor. */
  readonly size?: SpatialArg;
  /** Multiplier per spatial dim; the output size is floor(input * scaleFactor). */
  readonly scaleFactor?: number | readonly number[];
  /** Default 'nearest'. 'linear' needs a 3-d input, 'bilinear' 4-d, 'trilinear' 5-d. */
  readonly mode?: InterpolateMode;
  /** Linear modes only: map corner pixel centres onto each other (default false: half-pixel mapping). */
  readonly alignCorners?: boolean;
  /** Index with input / output size instead of 1 / scaleFactor when scaleFactor is given (default false). */
  readonly recomputeScaleFactor?: boolean;
}

const LINEAR_RANK: Record<Exclude<InterpolateMode, 'nearest'>, number> = { linear: 3, bilinear: 4, trilinear: 5 };

/** PyTorch's nearest_idx (a same-size dim is copied by the caller): float32 arithmetic with scale 1 / scaleFactor (when given) or input / output. */
function nearestIndex(inSize: number, outSize: number, scale: number | undefined): number[] {
  const ratio = scale !== undefined ? Math.fround(1 / scale) : Math.fround(inSize / outSize);
  return Array.from({ length: outSize }, (_, o) => {
    if (outSize === 2 * inSize) return o >> 1;
    return Math.min(Math.floor(Math.fround(o * ratio)), inSize - 1);
  });
}

interface LinearTaps {
  readonly lower: number[];
  readonly upper: number[];
  readonly upperWeight: number[];
}

/** PyTorch's compute_source_index_and_lambda for linear modes (a same-size dim is copied by the caller). */
function linearTaps(inSize: number, outSize: number, alignCorners: boolean, scale: number | undefined): LinearTaps {
  const ratio = alignCorners ? (outSize > 1 ? (inSize - 1) / (outSize - 1) : 0) : scale !== undefined ? 1 / scale : inSize / outSize;
  const taps: LinearTaps = { lower: [], upper: [], upperWeight: [] };
  for (let o = 0; o < outSize; o++) {
    const src = alignCorners ? ratio * o : Math.max(ratio * (o + 0.5) - 0.5, 0);
    const lower = Math.floor(src);
    taps.lower.push(lower);
    taps.upper.push(lower < inSize - 1 ? lower + 1 : lower);
    taps.upperWeight.push(Math.min(Math.max(src - lower, 0), 1));
  }
  return taps;
}

/** Output size per spatial dim and the scale PyTorch's kernels index with (undefined: input / output). */
function resolveSizes(op: string, x: Tensor, d: number, options: InterpolateOptions): { out: number[]; scales: (number | undefined)[] } {
  const inSize = x.shape.slice(2);
  if ((options.size === undefined) === (options.scaleFactor === undefined)) throw new Error(`${op}: give exactly one of size and scaleFactor`);
  if (options.size !== undefined) return { out: perDim(op, 'size', options.size, d, 1), scales: inSize.map(() => undefined) };
  const factor = options.scaleFactor ?? 1;
  const factors = typeof factor === 'number' ? new Array<number>(d).fill(factor) : [...factor];
  if (factors.length !== d || factors.some((f) => !Number.isFinite(f) || f <= 0)) {
    throw new Error(`${op}: scaleFactor must be one positive number or ${d}, got ${JSON.stringify(options.scaleFactor)}`);
  }
  const out = inSize.map((s, i) => Math.floor(s * factors[i]));
  if (out.some((o) => o < 1)) throw new Error(`${op}: scaleFactor ${JSON.stringify(options.scaleFactor)} gives an empty output [${out.join(', ')}] for input ${formatShape(x.shape)}`);
  return { out, scales: options.recomputeScaleFactor ? inSize.map(() => undefined) : factors };
}

/** torch.nn.functional.interpolate for 3-d to 5-d inputs [N, C, ...spatial]. */
export function interpolate(x: Tensor, options: InterpolateOptions): Tensor {
  const op = 'interpolate';
  checkFloat(op, 'input', x);
  const mode = options.mode ?? 'nearest';
  if (x.rank < 3 || x.rank > 5) throw new Error(`${op}: input must be 3-d, 4-d or 5-d [N, C, ...spatial], got ${formatShape(x.shape)}`);
  if (mode !== 'nearest' && !(mode in LINEAR_RANK)) throw new Error(`${op}: unknown mode '${String(mode)}'`);
  if (mode !== 'nearest' && LINEAR_RANK[mode] !== x.rank) throw new Error(`${op}: mode '${mode}' needs a ${LINEAR_RANK[mode]}-d input, got ${formatShape(x.shape)}`);
  if (mode === 'nearest' && options.alignCorners !== undefined) throw new Error(`${op}: alignCorners can only be set with the linear modes, not '${mode}'`);
  if (x.shape.slice(2).some((s) => s < 1)) throw new Error(`${op}: input ${formatShape(x.shape)} has an empty spatial dim`);
  const d = x.rank - 2;
  const { out, scales } = resolveSizes(op, x, d, options);
  let y = x;
  for (let i = 0; i < d; i++) {
    const dim = 2 + i;
    const inSize = x.shape[dim];
    if (out[i] === inSize) continue; // PyTorch copies a dim whose size does not change.
    if (mode === 'nearest') {
      y = indexSelect(y, dim, indexTensor(x, nearestIndex(inSize, out[i], scales[i])));
      continue;
    }
    const taps = linearTaps(inSize, out[i], options.alignCorners ?? false, scales[i]);
    const weightShape = [out[i], ...new Array<number>(d - 1 - i).fill(1)];
    const lowerWeight = constantLike(x, taps.upperWeight.map((w) => 1 - w), weightShape);
    const upperWeight = constantLike(x, taps.upperWeight, weightShape);
    const lower = indexSelect(y, dim, indexTensor(x, taps.lower)).mul(lowerWeight);
    y = lower.add(indexSelect(y, dim, indexTensor(x, taps.upper)).mul(upperWeight));
  }
  return y;
}
