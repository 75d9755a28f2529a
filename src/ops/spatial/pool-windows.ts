// The window geometry max and average pooling share: option validation (PyTorch's checks), the output size
// with PyTorch's ceilMode rule, and the padded, unfolded windows [N, C, K, O_1..O_d] that each pool reduces
// over K (the kernel taps flattened in row-major order, PyTorch's scan order within a window).

import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { type SpatialArg, checkFloat, checkSpatialRank, padSpatial, perDim, product } from './params.js';
import { type WindowGeometry, unfold } from './unfold.js';

/** Options every pooling op takes. */
export interface PoolOptions {
  /** Window size per spatial dim (or one for all); required. */
  readonly kernelSize: SpatialArg;
  /** Step between windows (default: kernelSize). */
  readonly stride?: SpatialArg;
  /** Implicit padding on both sides, at most half the kernel size (default 0). */
  readonly padding?: SpatialArg;
  /** Use ceil instead of floor for the output size; the last window must still start inside the input or the left padding (default false). */
  readonly ceilMode?: boolean;
}

export interface PoolGeometry extends WindowGeometry {
  readonly padding: readonly number[];
  /** Output size per spatial dim. */
  readonly counts: readonly number[];
}

/** PyTorch's pooling_output_shape: floor or ceil mode, the last window starting inside input or left padding. */
export function poolOutputSize(size: number, kernel: number, stride: number, padding: number, dilation: number, ceilMode: boolean): number {
  let out = Math.floor((size + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + padding) out--;
  return out;
}

/** Validates the options for a d-dim pool of `x` and returns the geometry; throws naming the op. */
export function poolGeometry(op: string, x: Tensor, d: number, options: PoolOptions, dilationArg: SpatialArg = 1): PoolGeometry {
  checkFloat(op, 'input', x);
  if (options.kernelSize === undefined) throw new Error(`${op}: kernelSize is required`);
  const kernel = perDim(op, 'kernelSize', options.kernelSize, d, 1);
  const stride = perDim(op, 'stride', options.stride ?? kernel, d, 1);
  const padding = perDim(op, 'padding', options.padding ?? 0, d, 0);
  const dilation = perDim(op, 'dilation', dilationArg, d, 1);
  if (padding.some((p, i) => p > Math.floor(kernel[i] / 2))) {
    throw new Error(`${op}: padding [${padding.join(', ')}] must be at most half of kernelSize [${kernel.join(', ')}]`);
  }
  const size = x.shape.slice(-d);
  const counts = size.map((s, i) => poolOutputSize(s, kernel[i], stride[i], padding[i], dilation[i], options.ceilMode ?? false));
  if (counts.some((c) => c < 1)) {
    throw new Error(`${op}: input ${formatShape(x.shape)} is too small for kernelSize [${kernel.join(', ')}], dilation [${dilation.join(', ')}] and padding [${padding.join(', ')}] (output size [${counts.join(', ')}])`);
  }
  return { kernel, stride, padding, dilation, counts };
}

/** Brings a d-dim pool input to [N, C, ...spatial]; returns it and whether the caller must squeeze the batch. */
export function batchedInput(op: string, x: Tensor, d: number): { x: Tensor; unbatched: boolean } {
  const unbatched = checkSpatialRank(op, 'input', x, d, true);
  return { x: unbatched ? x.unsqueeze(0) : x, unbatched };
}

/** Padded windows [N, C, K, O_1..O_d] with `fill` in the padding (and in any ceil-mode overhang). */
export function poolWindows(op: string, x: Tensor, g: PoolGeometry, fill: number): Tensor {
  const size = x.shape.slice(2);
  // Pad on the right exactly to the extent the last window needs; a negative amount crops unused input.
  const after = size.map((s, i) => (g.counts[i] - 1) * g.stride[i] + g.dilation[i] * (g.kernel[i] - 1) + 1 - s - g.padding[i]);
  const padded = padSpatial(x, { before: g.padding, after }, fill);
  const [n, c] = x.shape;
  return unfold(op, padded, g).reshape([n, c, product(g.kernel), ...g.counts]);
}
