// Joining and splitting along a dim: cat (one `concat` kernel), stack, split and chunk (narrow views).

import { recordOp } from '../autograd/grad-node.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape, normalizeDim } from '../tensor/shape.js';
import { runKernel } from './dispatch.js';

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('cat: expected a non-empty list of tensors');
  const first = tensors[0];
  const d = normalizeDim('cat', dim, first.rank);
  for (const t of tensors) {
    if (t.rank !== first.rank || t.shape.some((v, i) => i !== d && v !== first.shape[i])) {
      throw new Error(`cat: shapes ${tensors.map((x) => formatShape(x.shape)).join(', ')} must match except in dim ${d}`);
    }
    if (t.dtype !== first.dtype) throw new Error(`cat: dtype mismatch, ${tensors.map((x) => x.dtype).join(', ')}`);
  }
  if (tensors.length === 1) return tensors[0];
  const sizes = tensors.map((t) => t.shape[d]);
  const shape = first.shape.map((v, i) => (i === d ? sizes.reduce((a, b) => a + b, 0) : v));
  const y = runKernel('cat', 'concat', tensors, shape, first.dtype, { axis: d });
  if (first.dtype === 'int32') return y;
  return recordOp('cat', y, tensors, (g) => {
    let start = 0;
    return tensors.map((t, i) => {
      const part = t.requiresGrad ? g.narrow(d, start, sizes[i]) : null;
      start += sizes[i];
      return part;
    });
  });
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack: expected a non-empty list of tensors');
  const d = normalizeDim('stack', dim, tensors[0].rank + 1);
  for (const t of tensors) {
    if (t.rank !== tensors[0].rank || t.shape.some((v, i) => v !== tensors[0].shape[i])) {
      throw new Error(`stack: all tensors must have the same shape, got ${tensors.map((x) => formatShape(x.shape)).join(', ')}`);
    }
  }
  return cat(tensors.map((t) => t.unsqueeze(d)), d);
}

/** torch.split: chunks of `splitSize` (last one smaller), or the given list of section sizes. */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim('split', dim, x.rank);
  const n = x.shape[d];
  let sizes: number[];
  if (typeof splitSizeOrSections === 'number') {
    if (!Number.isInteger(splitSizeOrSections) || splitSizeOrSections <= 0) throw new Error(`split: split size must be a positive integer, got ${splitSizeOrSections}`);
    sizes = [];
    for (let s = 0; s < n; s += splitSizeOrSections) sizes.push(Math.min(splitSizeOrSections, n - s));
  } else {
    sizes = [...splitSizeOrSections];
    if (sizes.reduce((a, b) => a + b, 0) !== n) throw new Error(`split: sections [${sizes.join(', ')}] do not sum to dim ${d} of shape ${formatShape(x.shape)}`);
  }
  let start = 0;
  return sizes.map((len) => {
    const part = x.narrow(d, start, len);
    start += len;
    return part;
  });
}

/** torch.chunk: `chunks` pieces of ceil(n / chunks) (fewer when n is small). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new Error(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normalizeDim('chunk', dim, x.rank);
  return split(x, Math.max(Math.ceil(x.shape[d] / chunks), 1), d);
}
