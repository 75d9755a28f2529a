// Comparisons with broadcasting. They yield 1 or 0 in the inputs' dtype (framegrad has no bool dtype) and
// carry no gradient, so they serve as masks inside other ops' gradients.

import type { Tensor } from '../tensor/tensor.js';
import { binaryKernel } from './binary.js';
import { releaseScalars, toTensors, type Operand } from './scalar.js';

function compare(op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', left: Operand, right: Operand): Tensor {
  const [a, b] = toTensors(op, left, right);
  const y = binaryKernel(op, a, b);
  releaseScalars([a, b], [left, right]); // comparisons record no gradient
  return y;
}

export const eq = (a: Operand, b: Operand): Tensor => compare('eq', a, b);
export const ne = (a: Operand, b: Operand): Tensor => compare('ne', a, b);
export const lt = (a: Operand, b: Operand): Tensor => compare('lt', a, b);
export const le = (a: Operand, b: Operand): Tensor => compare('le', a, b);
export const gt = (a: Operand, b: Operand): Tensor => compare('gt', a, b);
export const ge = (a: Operand, b: Operand): Tensor => compare('ge', a, b);
