// What every loss shares: PyTorch's `reduction` argument and the input checks whose errors name the loss and
// the shapes involved, so a bad call fails at the loss rather than deep inside a broadcast.

import { formatShape, shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/** PyTorch's reduction: 'mean' (default) over every element, 'sum', or 'none' (the elementwise losses). */
export type Reduction = 'mean' | 'sum' | 'none';

export interface ReductionOptions {
  /** How the elementwise losses are combined (PyTorch's default 'mean'). */
  readonly reduction?: Reduction;
}

/** Applies a reduction to an elementwise loss. */
export function reduceLoss(loss: Tensor, reduction: Reduction | undefined, name: string): Tensor {
  switch (reduction ?? 'mean') {
    case 'mean':
      return loss.mean();
    case 'sum':
      return loss.sum();
    case 'none':
      return loss;
    default:
      throw new Error(`${name}: unknown reduction '${String(reduction)}' (expected 'mean', 'sum' or 'none')`);
  }
}

/** Throws unless x is a floating-point tensor. */
export function checkFloat(name: string, what: string, x: Tensor): void {
  if (x.dtype === 'int32') throw new Error(`${name}: ${what} must be a floating-point tensor, got int32 of shape ${formatShape(x.shape)}`);
}

/** Throws unless input and target are floating-point tensors of one shape and dtype. */
export function checkPair(name: string, input: Tensor, target: Tensor): void {
  checkFloat(name, 'input', input);
  checkFloat(name, 'target', target);
  if (!shapesEqual(input.shape, target.shape)) {
    throw new Error(`${name}: input ${formatShape(input.shape)} and target ${formatShape(target.shape)} must have the same shape`);
  }
  if (input.dtype !== target.dtype) {
    throw new Error(`${name}: input is ${input.dtype} ${formatShape(input.shape)} but target is ${target.dtype} ${formatShape(target.shape)}`);
  }
}

/** Throws unless `weight` broadcasts to `shape` without changing it (PyTorch's rule for per-element weights). */
export function checkWeight(name: string, what: string, weight: Tensor, shape: readonly number[], dtype: Tensor['dtype']): void {
  checkFloat(name, what, weight);
  const offset = shape.length - weight.rank;
  if (offset < 0 || weight.shape.some((d, i) => d !== 1 && d !== shape[offset + i])) {
    throw new Error(`${name}: ${what} ${formatShape(weight.shape)} does not broadcast to the input's shape ${formatShape(shape)}`);
  }
  if (weight.dtype !== dtype) throw new Error(`${name}: ${what} is ${weight.dtype} but the input is ${dtype}`);
}
