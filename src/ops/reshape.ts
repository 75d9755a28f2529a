// Shape-only ops on contiguous data: reshape/view, flatten, squeeze, unsqueeze. They share storage with
// their input (no kernel runs) and their gradient is the inverse reshape.

import { recordOp } from '../autograd/grad-node.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape, normalizeDim, normalizeDims, shapesEqual, sizeOf } from '../tensor/shape.js';

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const inferred = shape.indexOf(-1);
  if (shape.filter((d) => d === -1).length > 1) throw new Error(`reshape: only one dimension can be -1, got ${formatShape(shape)}`);
  if (shape.some((d) => !Number.isInteger(d) || d < -1)) throw new Error(`reshape: invalid shape ${formatShape(shape)}`);
  const out = [...shape];
  if (inferred >= 0) {
    const known = sizeOf(shape.filter((d) => d !== -1));
    if (known === 0 || x.size % known !== 0) throw new Error(`reshape: shape ${formatShape(shape)} is invalid for input of shape ${formatShape(x.shape)}`);
    out[inferred] = x.size / known;
  }
  if (sizeOf(out) !== x.size) throw new Error(`reshape: shape ${formatShape(shape)} is invalid for input of shape ${formatShape(x.shape)} (${x.size} elements)`);
  if (shapesEqual(out, x.shape) && !x.requiresGrad) return x;
  const y = x.aliasWithShape(out);
  return recordOp('reshape', y, [x], (g) => [g.reshape(x.shape)]);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.rank === 0) return x.reshape([1]);
  const s = normalizeDim('flatten', startDim, x.rank);
  const e = normalizeDim('flatten', endDim, x.rank);
  if (s > e) throw new Error(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const merged = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return x.reshape([...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

/** Removes size-1 dims (all of them, or the given ones; a given dim of another size is left alone as in PyTorch). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims = dim === undefined ? x.shape.map((_, i) => i) : normalizeDims('squeeze', dim, x.rank);
  return x.reshape(x.shape.filter((d, i) => !(d === 1 && dims.includes(i))));
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('unsqueeze', dim, x.rank + 1);
  return x.reshape([...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}
