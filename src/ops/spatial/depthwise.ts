// Depthwise 2-d convolution (groups == input channels, channel multiplier m = outChannels / inChannels) on
// its own three kernels instead of unfold + matmul, which copies the input k^2 times. The three ops below are
// each other's gradients, so the fast path is differentiable to any order:
//   y  = depthwiseConv2d(x, w)          dx = backwardInput(dy, w)      dw = backwardFilter(x, dy)
//   backwardInput(dy, w):  d/d dy = depthwiseConv2d(g, w),  d/dw = backwardFilter(g, dy)
//   backwardFilter(x, dy): d/dx = backwardInput(dy, g),     d/d dy = depthwiseConv2d(x, g)
// conv.ts pads with the pad op first; these ops take the padded input.

import { recordOp } from '../../autograd/grad-node.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { DepthwiseAttrs } from '../../backends/kernels.js';
import { runKernel } from '../dispatch.js';

/** [N, C, H, W] (padded) with weight [C m, 1, kh, kw] -> [N, C m, Ho, Wo]; the caller checked the geometry. */
export function depthwiseConv2d(op: string, x: Tensor, weight: Tensor, attrs: DepthwiseAttrs): Tensor {
  const [n, , h, w] = x.shape;
  const [kh, kw] = weight.shape.slice(2);
  const rows = Math.floor((h - attrs.dilation[0] * (kh - 1) - 1) / attrs.stride[0]) + 1;
  const cols = Math.floor((w - attrs.dilation[1] * (kw - 1) - 1) / attrs.stride[1]) + 1;
  const y = runKernel(op, 'depthwiseConv2d', [x, weight], [n, weight.shape[0], rows, cols], x.dtype, attrs);
  return recordOp(op, y, [x, weight], (grad) => [
    x.requiresGrad ? depthwiseBackwardInput(op, grad, weight, x.shape, attrs) : null,
    weight.requiresGrad ? depthwiseBackwardFilter(op, x, grad, weight.shape, attrs) : null,
  ]);
}

/** The adjoint of depthwiseConv2d in x: gradOut [N, C m, Ho, Wo] -> the padded input's shape [N, C, H, W]. */
function depthwiseBackwardInput(op: string, gradOut: Tensor, weight: Tensor, inputShape: readonly number[], attrs: DepthwiseAttrs): Tensor {
  const dx = runKernel(op, 'depthwiseConv2dBackwardInput', [gradOut, weight], inputShape, gradOut.dtype, attrs);
  return recordOp(op, dx, [gradOut, weight], (grad) => [
    gradOut.requiresGrad ? depthwiseConv2d(op, grad, weight, attrs) : null,
    weight.requiresGrad ? depthwiseBackwardFilter(op, grad, gradOut, weight.shape, attrs) : null,
  ]);
}

/** The adjoint of depthwiseConv2d in its weight: x [N, C, H, W] and gradOut [N, C m, Ho, Wo] -> weightShape. */
function depthwiseBackwardFilter(op: string, x: Tensor, gradOut: Tensor, weightShape: readonly number[], attrs: DepthwiseAttrs): Tensor {
  const dw = runKernel(op, 'depthwiseConv2dBackwardFilter', [x, gradOut], weightShape, x.dtype, attrs);
  return recordOp(op, dw, [x, gradOut], (grad) => [
    x.requiresGrad ? depthwiseBackwardInput(op, gradOut, grad, x.shape, attrs) : null,
    gradOut.requiresGrad ? depthwiseConv2d(op, x, grad, attrs) : null,
  ]);
}
