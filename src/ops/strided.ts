// View-like ops that rearrange elements: permute/transpose, expand, narrow/slice and flip. Each is one
// gather-copy through the `strided` kernel; gradients are the inverse rearrangement (expand sums back).

import { SliceGrad, recordOp } from '../autograd/grad-node.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape, normalizeDim, normalizeDims, stridesOf } from '../tensor/shape.js';
import { runKernel } from './dispatch.js';
import { sumToShape } from './reduce-to.js';

function strided(op: string, x: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return runKernel(op, 'strided', [x], shape, x.dtype, { strides, offset });
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.rank) throw new Error(`permute: expected ${x.rank} dims for shape ${formatShape(x.shape)}, got [${dims.join(', ')}]`);
  const order = dims.map((d) => normalizeDim('permute', d, x.rank));
  if (new Set(order).size !== order.length) throw new Error(`permute: dims [${dims.join(', ')}] repeat a dimension of shape ${formatShape(x.shape)}`);
  if (order.every((d, i) => d === i)) return x;
  const inStrides = stridesOf(x.shape);
  const y = strided('permute', x, order.map((d) => x.shape[d]), order.map((d) => inStrides[d]), 0);
  const inverse = new Array<number>(order.length);
  order.forEach((d, i) => (inverse[d] = i));
  return recordOp('permute', y, [x], (g) => [permute(g, inverse)]);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const order = x.shape.map((_, i) => i);
  const a = normalizeDim('transpose', dim0, x.rank);
  const b = normalizeDim('transpose', dim1, x.rank);
  [order[a], order[b]] = [order[b], order[a]];
  return permute(x, order);
}

/** Broadcasts to `shape` (-1 keeps a dim), materialising the copy. Gradient: sum over the broadcast dims. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  if (shape.length < x.rank) throw new Error(`expand: target ${formatShape(shape)} has fewer dims than input ${formatShape(x.shape)}`);
  const lead = shape.length - x.rank;
  const inStrides = stridesOf(x.shape);
  const outShape: number[] = [];
  const strides: number[] = [];
  shape.forEach((d, i) => {
    const own = i >= lead ? x.shape[i - lead] : 1;
    const target = d === -1 && i >= lead ? own : d;
    if (own !== target && own !== 1) throw new Error(`expand: cannot expand shape ${formatShape(x.shape)} to ${formatShape(shape)} (dim ${i}: ${own} vs ${target})`);
    if (!Number.isInteger(target) || target < 0) throw new Error(`expand: invalid target shape ${formatShape(shape)}`);
    outShape.push(target);
    strides.push(i >= lead && own === target ? inStrides[i - lead] : 0);
  });
  if (outShape.length === x.rank && outShape.every((d, i) => d === x.shape[i])) return x;
  const y = strided('expand', x, outShape, strides, 0);
  return recordOp('expand', y, [x], (g) => [sumToShape(g, x.shape)]);
}

/** Elements start, start+step, ... (< end) along dim, PyTorch slicing semantics (clamped bounds, step > 0). */
export function slice(x: Tensor, dim: number, start = 0, end?: number, step = 1): Tensor {
  const d = normalizeDim('slice', dim, x.rank);
  if (!Number.isInteger(step) || step <= 0) throw new Error(`slice: step must be a positive integer, got ${step}`);
  const size = x.shape[d];
  const clampIndex = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = clampIndex(start);
  const e = Math.max(clampIndex(end ?? size), s);
  const length = Math.ceil((e - s) / step);
  const inStrides = stridesOf(x.shape);
  const shape = x.shape.map((v, i) => (i === d ? length : v));
  const strides = inStrides.map((v, i) => (i === d ? v * step : v));
  const y = strided('slice', x, shape, strides, s * inStrides[d]);
  return recordOp('slice', y, [x], (g) => [step === 1 ? new SliceGrad(d, s, g) : sliceBackward(g, d, s, step, size)]);
}

/** Scatters a slice's gradient back into zeros: interleave (step - 1) zeros, then pad to the full dim. */
function sliceBackward(g: Tensor, dim: number, start: number, step: number, size: number): Tensor {
  let spread = g;
  if (step > 1) {
    const shape = g.shape;
    const widened = g.unsqueeze(dim + 1).pad(padSpec(g.rank + 1, dim + 1, 0, step - 1));
    spread = widened.reshape([...shape.slice(0, dim), shape[dim] * step, ...shape.slice(dim + 1)]);
  }
  const after = size - start - spread.shape[dim];
  return spread.pad(padSpec(spread.rank, dim, start, after));
}

/** A PyTorch-order pad list (last dim first) that pads only `dim`. */
function padSpec(rank: number, dim: number, before: number, after: number): number[] {
  const spec = new Array<number>(2 * (rank - dim)).fill(0);
  spec[2 * (rank - 1 - dim)] = before;
  spec[2 * (rank - 1 - dim) + 1] = after;
  return spec;
}

export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim('narrow', dim, x.rank);
  const s = start < 0 ? start + x.shape[d] : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > x.shape[d]) {
    throw new Error(`narrow: start ${start} and length ${length} are out of range for dim ${d} of shape ${formatShape(x.shape)}`);
  }
  return slice(x, d, s, s + length);
}

export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const axes = normalizeDims('flip', dims, x.rank);
  const inStrides = stridesOf(x.shape);
  let offset = 0;
  const strides = inStrides.map((s, i) => {
    if (!axes.includes(i)) return s;
    offset += (x.shape[i] - 1) * s;
    return -s;
  });
  const y = strided('flip', x, x.shape, strides, x.size === 0 ? 0 : offset);
  return recordOp('flip', y, [x], (g) => [flip(g, axes)]);
}

/** A copy with its own storage. */
export function clone(x: Tensor): Tensor {
  const y = strided('clone', x, x.shape, stridesOf(x.shape), 0);
  return recordOp('clone', y, [x], (g) => [g]);
}
