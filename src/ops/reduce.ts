// Reductions over any set of dims with keepdim: sum, mean, max, min (one `reduce` kernel), argmax/argmin,
// and the composites var, std and logsumexp whose gradients follow from their parts.

import { recordOp } from '../autograd/grad-node.js';
import { noGrad } from '../autograd/grad-mode.js';
import type { ReduceOp } from '../backends/kernels.js';
import type { Tensor } from '../tensor/tensor.js';
import { normalizeDim, normalizeDims } from '../tensor/shape.js';
import { assertFloat, runKernel } from './dispatch.js';
import { eq } from './compare.js';
import { where } from './where.js';

export interface ReduceOptions {
  /** Dims to reduce (default: all). */
  readonly dim?: number | readonly number[];
  readonly keepdim?: boolean;
}

export interface VarianceOptions extends ReduceOptions {
  /** Bessel's correction: divide by N - correction (PyTorch's default 1, the unbiased estimate). */
  readonly correction?: number;
}

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function finalShape(shape: readonly number[], axes: readonly number[], keepdim: boolean): number[] {
  return keepdim ? keptShape(shape, axes) : shape.filter((_, i) => !axes.includes(i));
}

function reduceKernel(op: ReduceOp, x: Tensor, axes: readonly number[]): Tensor {
  if (axes.length > 0 && axes.some((a) => x.shape[a] === 0) && op !== 'sum') {
    throw new Error(`${op}: cannot reduce over an empty dim of shape [${x.shape.join(', ')}]`);
  }
  return runKernel(op, 'reduce', [x], keptShape(x.shape, axes), x.dtype, { op, axes });
}

/**
 * `fresh.reshape(shape)` for a kernel output used nowhere else: the result takes over its storage, so disposing
 * the op's result frees the buffer at once (the leak check counts live buffers) instead of leaving the
 * intermediate's reference until the garbage collector finalizes it.
 */
function reshapeFresh(fresh: Tensor, shape: readonly number[]): Tensor {
  const y = fresh.reshape(shape);
  if (y !== fresh) fresh.dispose();
  return y;
}

export function sum(x: Tensor, options: ReduceOptions = {}): Tensor {
  const axes = normalizeDims('sum', options.dim, x.rank);
  const kept = reduceKernel('sum', x, axes);
  const keptDims = kept.shape;
  const y = reshapeFresh(kept, finalShape(x.shape, axes, options.keepdim ?? false));
  if (x.dtype === 'int32') return y;
  return recordOp('sum', y, [x], (g) => [g.reshape(keptDims).expand(x.shape)]);
}

export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  assertFloat('mean', x);
  const axes = normalizeDims('mean', options.dim, x.rank);
  const count = axes.reduce((n, a) => n * x.shape[a], 1);
  return sum(x, options).div(count);
}

/** max/min over dims; the gradient is split evenly among tied extremes (PyTorch's amax/amin rule). */
function extreme(op: 'max' | 'min', x: Tensor, options: ReduceOptions): Tensor {
  const axes = normalizeDims(op, options.dim, x.rank);
  const kept = reduceKernel(op, x, axes);
  const keptDims = kept.shape;
  const y = reshapeFresh(kept, finalShape(x.shape, axes, options.keepdim ?? false));
  if (x.dtype === 'int32') return y;
  return recordOp(op, y, [x], (g) => {
    const mask = noGrad(() => eq(x, y.detach().reshape(keptDims)));
    const count = mask.sum({ dim: axes, keepdim: true });
    return [g.reshape(keptDims).mul(mask).div(count)];
  });
}

/** Values of the maximum (PyTorch's amax; use argmax for the indices). */
export const max = (x: Tensor, options: ReduceOptions = {}): Tensor => extreme('max', x, options);
export const min = (x: Tensor, options: ReduceOptions = {}): Tensor => extreme('min', x, options);

function argExtreme(op: 'argmax' | 'argmin', x: Tensor, options: { dim?: number; keepdim?: boolean }): Tensor {
  if (options.dim === undefined) {
    const flat = x.reshape([x.size]);
    const idx = runKernel(op, 'argReduce', [flat], [1], 'int32', { op, axis: 0 });
    // The flat alias would otherwise hold x's storage until collected (argmax records no graph through it).
    if (flat !== x) flat.dispose();
    return reshapeFresh(idx, options.keepdim ? x.shape.map(() => 1) : []);
  }
  const axis = normalizeDim(op, options.dim, x.rank);
  if (x.rank > 0 && x.shape[axis] === 0) throw new Error(`${op}: cannot reduce over an empty dim ${axis}`);
  const shape = keptShape(x.shape, [axis]);
  const idx = runKernel(op, 'argReduce', [x], shape, 'int32', { op, axis });
  return reshapeFresh(idx, finalShape(x.shape, [axis], options.keepdim ?? false));
}

/** Index of the maximum along `dim` (of the flattened tensor when dim is omitted); the first wins ties. */
export const argmax = (x: Tensor, options: { dim?: number; keepdim?: boolean } = {}): Tensor => argExtreme('argmax', x, options);
export const argmin = (x: Tensor, options: { dim?: number; keepdim?: boolean } = {}): Tensor => argExtreme('argmin', x, options);

export function variance(x: Tensor, options: VarianceOptions = {}): Tensor {
  assertFloat('var', x);
  const axes = normalizeDims('var', options.dim, x.rank);
  const count = axes.reduce((n, a) => n * x.shape[a], 1);
  const correction = options.correction ?? 1;
  const centered = x.sub(x.mean({ dim: axes, keepdim: true }));
  return centered.square().sum({ dim: axes, keepdim: options.keepdim }).div(Math.max(count - correction, 0));
}

export function std(x: Tensor, options: VarianceOptions = {}): Tensor {
  return variance(x, options).sqrt();
}

/** log(sum(exp(x))) over dims, shifted by the (detached) maximum for stability. */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  assertFloat('logsumexp', x);
  const axes = normalizeDims('logsumexp', dim, x.rank);
  const m = noGrad(() => {
    const raw = x.max({ dim: axes, keepdim: true });
    // An all -inf (or +inf) slice would give inf - inf = NaN; shifting by 0 there keeps PyTorch's result.
    return where(eq(raw.abs(), Infinity), 0, raw);
  });
  const shifted = x.sub(m).exp().sum({ dim: axes, keepdim: true }).log().add(m);
  return keepdim ? shifted : shifted.reshape(finalShape(x.shape, axes, false));
}
