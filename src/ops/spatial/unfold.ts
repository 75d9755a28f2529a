// Sliding windows over N-d inputs (im2col) and their adjoint (col2im): the data movement that convolution,
// transposed convolution and pooling share. `unfold` is one `strided` gather-copy; `fold`, its gradient, places
// each kernel offset's slice with zero-interleaving and padding and sums them, so both are built from
// differentiable ops and work on every backend. Speed note: fold costs one full-size add per kernel offset.

import { recordOp } from '../../autograd/grad-node.js';
import { zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { formatShape, stridesOf } from '../../tensor/shape.js';
import { runKernel } from '../dispatch.js';
import { product } from './params.js';

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

/** The kernel offsets k_1..k_d in row-major order. */
function kernelOffsets(kernel: readonly number[]): number[][] {
  let offsets: number[][] = [[]];
  for (const k of kernel) offsets = offsets.flatMap((o) => Array.from({ length: k }, (_, j) => [...o, j]));
  return offsets;
}

/**
 * Adjoint of unfold: cols [N, C, k_1..k_d, O_1..O_d] -> [N, C, ...size], summing element (k, o) into position
 * k * dilation + o * stride - origin (positions outside [0, size) are dropped).
 */
export function fold(cols: Tensor, size: readonly number[], g: WindowGeometry, origin: readonly number[]): Tensor {
  const d = size.length;
  const [n, c] = cols.shape;
  const counts = cols.shape.slice(2 + d);
  const kernelCount = product(g.kernel);
  // Offsets first, so each offset's slice is one contiguous block.
  const byOffset = cols
    .reshape([n, c, kernelCount, ...counts])
    .permute([2, 0, 1, ...counts.map((_, i) => 3 + i)]);
  // Interleave stride - 1 zeros after every element: [.., O, 1, ..] padded to [.., O, s, ..], merged to O * s.
  const interleaved = counts.flatMap((o) => [o, 1]);
  const spreadPad: number[] = [];
  for (let i = d - 1; i >= 0; i--) spreadPad.push(0, g.stride[i] - 1, 0, 0);
  let total: Tensor | null = null;
  const offsets = kernelOffsets(g.kernel);
  for (let j = 0; j < offsets.length; j++) {
    const before = offsets[j].map((k, i) => k * g.dilation[i] - origin[i]);
    // Skip an offset whose every element lands outside the output.
    if (before.some((b, i) => b >= size[i] || b + (counts[i] - 1) * g.stride[i] < 0)) continue;
    const placement: number[] = [];
    for (let i = d - 1; i >= 0; i--) placement.push(before[i], size[i] - before[i] - counts[i] * g.stride[i]);
    let part = byOffset.narrow(0, j, 1).reshape([n, c, ...interleaved]);
    part = part.pad(spreadPad).reshape([n, c, ...counts.map((o, i) => o * g.stride[i])]);
    part = part.pad(placement);
    total = total ? total.add(part) : part;
  }
  if (total) return total;
  // Every element lands outside (possible in a transposed convolution with large padding): zeros, zero gradient.
  const empty = zeros([n, c, ...size], { dtype: cols.dtype, backend: cols.backend });
  return recordOp('fold', empty, [cols], () => [cols.zerosLike()]);
}
