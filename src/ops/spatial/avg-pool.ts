// avgPool1d / 2d / 3d (torch.nn.functional.avg_pool*d): sum over the zero-padded, unfolded windows, divided by a
// per-window divisor computed once on the host with PyTorch's rule (countIncludePad counts the padding but never
// a ceil-mode overhang past it; divisorOverride replaces the count). Gradients follow from sum and div.

import type { Tensor } from '../../tensor/tensor.js';
import { constantLike } from './params.js';
import { type PoolGeometry, type PoolOptions, batchedInput, poolGeometry, poolWindows } from './pool-windows.js';

export interface AvgPoolOptions extends PoolOptions {
  /** Count the zero padding in the divisor (default true). */
  readonly countIncludePad?: boolean;
  /** Divide every window's sum by this instead of its element count (default: none). */
  readonly divisorOverride?: number;
}

/** Per-dim divisor factors: window length clipped to input + padding, or to the input alone. */
function divisors(size: readonly number[], g: PoolGeometry, countIncludePad: boolean): number[] {
  const perDimFactors = size.map((s, i) =>
    Array.from({ length: g.counts[i] }, (_, o) => {
      const start = o * g.stride[i] - g.padding[i];
      const end = Math.min(start + g.kernel[i], s + g.padding[i]);
      return countIncludePad ? end - start : Math.min(end, s) - Math.max(start, 0);
    }),
  );
  let table = [1];
  for (const factors of perDimFactors) table = table.flatMap((t) => factors.map((f) => t * f));
  return table;
}

function avgPoolNd(op: string, d: number, input: Tensor, options: AvgPoolOptions): Tensor {
  const { x, unbatched } = batchedInput(op, input, d);
  const override = options.divisorOverride;
  if (override !== undefined && (!Number.isFinite(override) || override === 0)) throw new Error(`${op}: divisorOverride must be a non-zero number, got ${override}`);
  const g = poolGeometry(op, x, d, options);
  const sums = poolWindows(op, x, g, 0).sum({ dim: 2 });
  const divisor = override ?? constantLike(x, divisors(x.shape.slice(2), g, options.countIncludePad ?? true), g.counts);
  const y = sums.div(divisor);
  return unbatched ? y.squeeze(0) : y;
}

/** torch.nn.functional.avg_pool1d on [N, C, L] (or [C, L]); divisorOverride is a framegrad extension here. */
export const avgPool1d = (input: Tensor, options: AvgPoolOptions): Tensor => avgPoolNd('avgPool1d', 1, input, options);
/** torch.nn.functional.avg_pool2d on [N, C, H, W] (or [C, H, W]). */
export const avgPool2d = (input: Tensor, options: AvgPoolOptions): Tensor => avgPoolNd('avgPool2d', 2, input, options);
/** torch.nn.functional.avg_pool3d on [N, C, D, H, W] (or [C, D, H, W]). */
export const avgPool3d = (input: Tensor, options: AvgPoolOptions): Tensor => avgPoolNd('avgPool3d', 3, input, options);
