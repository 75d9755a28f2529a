// Sliding windows over N-d inputs (im2col) and their adjoint (col2im): the data movement that convolution,
// transposed convolution and pooling share. `unfold` is one `strided` gather-copy and `fold` one `fold` kernel;
// each is the other's gradient, so both are differentiable to any order on every backend.

import { recordOp } from '../../autograd/grad-node.js';
import type { Tensor } from '../../tensor/tensor.js';
import { formatShape, stridesOf } from '../../tensor/shape.js';
import { runKernel } from '../dispatch.js';
import { padSpatial } from './params.js';

/** Window shape and spacing per spatial dim. */
export interface WindowGeometry {
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  readonly dilation: readonly number[];
}

/** Number of windows per spatial dim: floor((S - dil (k - 1) - 1) / s) + 1 (<= 0 when the kernel does not fit). */
export function windowCounts(size: readonly number[], g: WindowGeometry): number[] {
  return size.map((s, i) => Math.floor((s - g.dilation[i] * (g.kernel[i] - 1) - 1) / g.stride[i]) + 1);
}

/**
 * [N, C, S_1..S_d] -> [N, C, k_1..k_d, O_1..O_d]: element (k, o) is x at position k * dilation + o * stride.
 * The caller pads first; `op` names the public op in errors.
 */
export function unfold(op: string, x: Tensor, g: WindowGeometry): Tensor {
  const size = x.shape.slice(2);
  const counts = windowCounts(size, g);
  if (counts.some((c) => c < 1)) {
    const extent = g.kernel.map((k, i) => g.dilation[i] * (k - 1) + 1);
    throw new Error(`${op}: kernel extent [${extent.join(', ')}] is larger than the padded input ${formatShape(x.shape)}`);
  }
  const [n, c] = x.shape;
  const shape = [n, c, ...g.kernel, ...counts];
  if (g.kernel.every((k) => k === 1) && g.stride.every((s) => s === 1)) return x.reshape(shape);
  const inStrides = stridesOf(x.shape);
  const strides = [
    inStrides[0],
    inStrides[1],
    ...g.kernel.map((_, i) => g.dilation[i] * inStrides[2 + i]),
    ...counts.map((_, i) => g.stride[i] * inStrides[2 + i]),
  ];
  const y = runKernel(op, 'strided', [x], shape, x.dtype, { strides, offset: 0 });
  return recordOp(op, y, [x], (grad) => [fold(grad, size, g, size.map(() => 0))]);
}

/**
 * Adjoint of unfold: cols [N, C, k_1..k_d, O_1..O_d] -> [N, C, ...size], summing element (k, o) into position
 * k * dilation + o * stride - origin (positions outside [0, size) are dropped). One `fold` kernel; its gradient
 * is the unfold of the output gradient, padded by `origin` in front and cropped or padded to the windows' extent.
 */
export function fold(cols: Tensor, size: readonly number[], g: WindowGeometry, origin: readonly number[]): Tensor {
  const d = size.length;
  const [n, c] = cols.shape;
  const counts = cols.shape.slice(2 + d);
  const y = runKernel('fold', 'fold', [cols], [n, c, ...size], cols.dtype, { ...g, origin });
  return recordOp('fold', y, [cols], (grad) => {
    const extent = counts.map((o, i) => (o - 1) * g.stride[i] + g.dilation[i] * (g.kernel[i] - 1) + 1);
    // Every element landed outside (a transposed convolution with large padding): nothing flows back.
    if (origin.some((o, i) => o >= extent[i] || o + size[i] <= 0)) return [cols.zerosLike()];
    const padding = { before: origin, after: extent.map((e, i) => e - origin[i] - size[i]) };
    return [unfold('fold', padSpatial(grad, padding), g)];
  });
}
