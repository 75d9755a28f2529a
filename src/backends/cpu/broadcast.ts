// Reads an input as if broadcast to the output shape: returned as-is when it already has the output's size
// or is a scalar (kernels index those directly), otherwise materialised once with the strided loop.

import type { TensorInfo } from '../kernels.js';
import type { TypedArray } from '../types.js';
import { broadcastStrides, sizeOf } from '../../tensor/shape.js';
import { valuesOf } from './cpu-data.js';
import { stridedCopy } from './strided-copy.js';

export function broadcastValues(info: TensorInfo, outShape: readonly number[]): TypedArray {
  const values = valuesOf(info);
  const n = sizeOf(outShape);
  if (values.length === n || values.length === 1) return values;
  const out = new (values.constructor as { new (n: number): TypedArray })(n);
  stridedCopy(values, out, outShape, broadcastStrides(info.shape, outShape), 0);
  return out;
}

/**
 * The output of a broadcasting op as rows of a collapsed shape, with each input's element strides over it: size-1
 * dims are dropped and neighbouring dims merged wherever every input steps through them as through one dim (both
 * contiguous or both broadcast), so a bias [C, 1, 1] over [N, C, H, W] becomes N x C rows of H x W with step 0.
 */
export interface BroadcastRows {
  readonly shape: readonly number[];
  readonly strides: readonly (readonly number[])[];
}

export function broadcastRows(outShape: readonly number[], inputShapes: readonly (readonly number[])[]): BroadcastRows {
  const all = inputShapes.map((s) => broadcastStrides(s, outShape));
  const shape: number[] = [];
  const strides: number[][] = inputShapes.map(() => []);
  for (let d = 0; d < outShape.length; d++) {
    if (outShape[d] === 1) continue;
    const last = shape.length - 1;
    const mergeable = last >= 0 && all.every((s, i) => strides[i][last] === s[d] * outShape[d]);
    if (mergeable) {
      shape[last] *= outShape[d];
      all.forEach((s, i) => (strides[i][last] = s[d]));
    } else {
      shape.push(outShape[d]);
      all.forEach((s, i) => strides[i].push(s[d]));
    }
  }
  if (shape.length === 0) return { shape: [1], strides: inputShapes.map(() => [0]) };
  return { shape, strides };
}
