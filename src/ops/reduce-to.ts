// Sums a broadcast gradient back to an input's shape: the step every broadcasting op's gradient needs.

import type { Tensor } from '../tensor/tensor.js';
import { shapesEqual, type Shape } from '../tensor/shape.js';

export function sumToShape(grad: Tensor, shape: Shape): Tensor {
  if (shapesEqual(grad.shape, shape)) return grad;
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? grad.sum({ dim: axes, keepdim: true }) : grad;
  return summed.reshape(shape);
}
