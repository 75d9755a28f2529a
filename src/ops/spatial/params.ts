// Argument handling shared by the spatial ops: expanding int-or-list options to one value per spatial dim,
// resolving convolution padding ('same', 'valid', per-side pairs), rank checks that name the op, and the small
// host-built constant tensors (index tables, weights) the composites feed to kernels.

import { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { typedArrayFor } from '../../backends/types.js';
import { pad } from '../pad.js';

/** One value for every spatial dim, or one per dim. */
export type SpatialArg = number | readonly number[];

/**
 * Zero padding of a convolution: one amount for every side, one amount per dim (both sides), a [before, after]
 * pair per dim, 'valid' (none) or 'same' (output size = input size at stride 1; an odd total puts the extra
 * element after, as PyTorch does).
 */
export type ConvPadding = SpatialArg | readonly (readonly [number, number])[] | 'same' | 'valid';

/** Padding amounts per spatial dim. */
export interface SidePadding {
  readonly before: readonly number[];
  readonly after: readonly number[];
}

/** Expands `value` to `d` integers, each at least `min`; throws naming the op and the argument. */
export function perDim(op: string, name: string, value: SpatialArg, d: number, min: number): number[] {
  const list = typeof value === 'number' ? new Array<number>(d).fill(value) : [...value];
  if (list.length !== d) throw new Error(`${op}: ${name} must be one integer or ${d} integers, got [${list.join(', ')}]`);
  if (list.some((v) => !Number.isInteger(v) || v < min)) {
    throw new Error(`${op}: ${name} must hold integers >= ${min}, got [${list.join(', ')}]`);
  }
  return list;
}

/** Resolves a convolution's padding option for the given kernel, dilation and stride. */
export function convPadding(op: string, padding: ConvPadding, kernel: readonly number[], dilation: readonly number[], stride: readonly number[]): SidePadding {
  const d = kernel.length;
  if (padding === 'valid') return { before: new Array<number>(d).fill(0), after: new Array<number>(d).fill(0) };
  if (padding === 'same') {
    if (stride.some((s) => s !== 1)) throw new Error(`${op}: padding 'same' needs stride 1, got stride [${stride.join(', ')}]`);
    const total = kernel.map((k, i) => dilation[i] * (k - 1));
    const before = total.map((t) => Math.floor(t / 2));
    return { before, after: total.map((t, i) => t - before[i]) };
  }
  if (typeof padding !== 'number' && padding.length > 0 && typeof padding[0] !== 'number') {
    const pairs = padding as readonly (readonly [number, number])[];
    if (pairs.length !== d || pairs.some((p) => p.length !== 2)) {
      throw new Error(`${op}: padding as pairs needs ${d} [before, after] pairs, got ${JSON.stringify(padding)}`);
    }
    const before = perDim(op, 'padding', pairs.map((p) => p[0]), d, 0);
    return { before, after: perDim(op, 'padding', pairs.map((p) => p[1]), d, 0) };
  }
  const both = perDim(op, 'padding', padding as SpatialArg, d, 0);
  return { before: both, after: both };
}

/**
 * Checks that `x` has rank d + 2 (batched) or d + 1 (unbatched, when allowed); returns whether it is unbatched.
 */
export function checkSpatialRank(op: string, name: string, x: Tensor, d: number, allowUnbatched: boolean): boolean {
  if (x.rank === d + 2) return false;
  if (allowUnbatched && x.rank === d + 1) return true;
  const expected = allowUnbatched ? `${d + 1}-d (unbatched) or ${d + 2}-d` : `${d + 2}-d`;
  throw new Error(`${op}: ${name} must be ${expected}, got shape ${formatShape(x.shape)}`);
}

/** Zero-or-value constant padding of the last `before.length` dims. Negative amounts crop. */
export function padSpatial(x: Tensor, padding: SidePadding, value = 0): Tensor {
  const list: number[] = [];
  for (let i = padding.before.length - 1; i >= 0; i--) list.push(padding.before[i], padding.after[i]);
  return list.every((v) => v === 0) ? x : pad(x, list, { value });
}

/** A host-built float tensor with `like`'s dtype and backend. */
export function constantLike(like: Tensor, values: ArrayLike<number>, shape: readonly number[]): Tensor {
  const data = typedArrayFor(like.dtype, values.length);
  for (let i = 0; i < values.length; i++) data[i] = values[i];
  return Tensor.fromArray(data, shape, like.dtype, like.backend);
}

/** A host-built int32 tensor on `like`'s backend. */
export function indexTensor(like: Tensor, values: ArrayLike<number>, shape: readonly number[] = [values.length]): Tensor {
  return Tensor.fromArray(Int32Array.from(values), shape, 'int32', like.backend);
}

/** Throws unless `x` is a floating-point tensor; spatial ops produce gradients. */
export function checkFloat(op: string, name: string, x: Tensor): void {
  if (x.dtype === 'int32') throw new Error(`${op}: ${name} must be a floating-point tensor, got int32 of shape ${formatShape(x.shape)}`);
}

/** Throws unless `other` matches `x`'s dtype (backends are checked by every kernel call). */
export function checkSameDtype(op: string, name: string, x: Tensor, other: Tensor): void {
  if (other.dtype !== x.dtype) {
    throw new Error(`${op}: ${name} has dtype ${other.dtype} ${formatShape(other.shape)} but input has ${x.dtype} ${formatShape(x.shape)}`);
  }
}

export const product = (values: readonly number[]): number => values.reduce((a, b) => a * b, 1);
