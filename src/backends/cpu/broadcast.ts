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
