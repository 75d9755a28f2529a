// toString() for tensors: a values preview (first and last few per dim, as PyTorch prints) plus shape,
// dtype, backend and whether it requires a gradient.

import type { DType, TypedArray } from '../backends/types.js';
import { formatShape, type Shape } from './shape.js';

const EDGE = 3;

function formatNumber(v: number, dtype: DType): string {
  if (dtype === 'int32') return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return `${v}.`;
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : v.toFixed(4);
}

function preview(values: TypedArray, shape: Shape, dtype: DType, dim: number, offset: number): string {
  if (shape.length === 0) return formatNumber(values[0], dtype);
  const n = shape[dim];
  const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const indices = n > 2 * EDGE ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)] : [...Array(n).keys()];
  const parts = indices.map((i) =>
    i < 0 ? '...' : dim === shape.length - 1 ? formatNumber(values[offset + i], dtype) : preview(values, shape, dtype, dim + 1, offset + i * stride),
  );
  return `[${parts.join(', ')}]`;
}

export function formatTensor(shape: Shape, dtype: DType, backend: string, values: TypedArray | undefined, requiresGrad: boolean): string {
  const body = values ? preview(values, shape, dtype, 0, 0) : `<on ${backend}; await tensor.data() to read>`;
  const grad = requiresGrad ? ', requiresGrad=true' : '';
  return `tensor(${body}, shape=${formatShape(shape)}, dtype=${dtype}, backend=${backend}${grad})`;
}
