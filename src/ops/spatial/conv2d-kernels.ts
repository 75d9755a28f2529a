// Dense and grouped 2-d convolution on its own three kernels (implicit zero padding, no column tensor on
// webgpu). The three ops below are each other's gradients, so conv2d, conv1d and the transposed convolutions
// built on them are differentiable to any order:
//   y  = conv2dForward(x, w[, b])      dx = backwardInput(dy, w)      dw = backwardFilter(x, dy)   db = sum of dy
//   backwardInput(dy, w):  d/d dy = conv2dForward(g, w),  d/dw = backwardFilter(g, dy)
//   backwardFilter(x, dy): d/dx = backwardInput(dy, g),   d/d dy = conv2dForward(x, g)
// Every call names its output size, so windows may overhang the input on either side (a transposed
// convolution's output padding) and the adjoints stay exact. The caller checked the geometry.

import { recordOp } from '../../autograd/grad-node.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Conv2dAttrs } from '../../backends/kernels.js';
import { runKernel } from '../dispatch.js';

/** x [N, C, H, W] with weight [Co, C / groups, kh, kw] and an optional bias [Co] -> [N, Co, ...outSize]. */
export function conv2dForward(op: string, x: Tensor, weight: Tensor, outSize: readonly number[], attrs: Conv2dAttrs, bias?: Tensor): Tensor {
  const inputs = bias ? [x, weight, bias] : [x, weight];
  const y = runKernel(op, 'conv2d', inputs, [x.shape[0], weight.shape[0], ...outSize], x.dtype, attrs);
  return recordOp(op, y, inputs, (grad) => [
    x.requiresGrad ? conv2dBackwardInput(op, grad, weight, x.shape, attrs) : null,
    weight.requiresGrad ? conv2dBackwardFilter(op, x, grad, weight.shape, attrs) : null,
    bias?.requiresGrad ? grad.sum({ dim: [0, 2, 3] }) : null,
  ]);
}

/** The adjoint of conv2dForward in x: gradOut [N, Co, Ho, Wo] -> inputShape [N, C, H, W]. */
export function conv2dBackwardInput(op: string, gradOut: Tensor, weight: Tensor, inputShape: readonly number[], attrs: Conv2dAttrs): Tensor {
  const dx = runKernel(op, 'conv2dBackwardInput', [gradOut, weight], inputShape, gradOut.dtype, attrs);
  return recordOp(op, dx, [gradOut, weight], (grad) => [
    gradOut.requiresGrad ? conv2dForward(op, grad, weight, gradOut.shape.slice(2), attrs) : null,
    weight.requiresGrad ? conv2dBackwardFilter(op, grad, gradOut, weight.shape, attrs) : null,
  ]);
}

/** The adjoint of conv2dForward in its weight: x [N, C, H, W] and gradOut [N, Co, Ho, Wo] -> weightShape. */
function conv2dBackwardFilter(op: string, x: Tensor, gradOut: Tensor, weightShape: readonly number[], attrs: Conv2dAttrs): Tensor {
  const dw = runKernel(op, 'conv2dBackwardFilter', [x, gradOut], weightShape, x.dtype, attrs);
  return recordOp(op, dw, [x, gradOut], (grad) => [
    x.requiresGrad ? conv2dBackwardInput(op, gradOut, grad, x.shape, attrs) : null,
    gradOut.requiresGrad ? conv2dForward(op, x, grad, gradOut.shape.slice(2), attrs) : null,
  ]);
}
