// maxPool1d / 2d / 3d (torch.nn.functional.max_pool*d): unfold the -Infinity-padded windows, take the argmax over
// each window and gather it. Gradient: the whole upstream gradient goes to the argmax element; among tied maxima
// the FIRST in the window's row-major scan order wins, as in PyTorch's CPU kernel (it is not split), and
// overlapping windows that pick the same element add up. returnIndices gives PyTorch's flat index into each
// (unpadded) input plane, as int32 (PyTorch: int64).

import type { Tensor } from '../../tensor/tensor.js';
import { stridesOf } from '../../tensor/shape.js';
import { arange } from '../../tensor/creation.js';
import { gather, indexSelect } from '../index-ops.js';
import { argmax } from '../reduce.js';
import { type SpatialArg, indexTensor, product } from './params.js';
import { type PoolGeometry, type PoolOptions, batchedInput, poolGeometry, poolWindows } from './pool-windows.js';

export interface MaxPoolOptions extends PoolOptions {
  /** Spacing between window taps (default 1). */
  readonly dilation?: SpatialArg;
}

type WithIndices = MaxPoolOptions & { readonly returnIndices: true };
type WithoutIndices = MaxPoolOptions & { readonly returnIndices?: false };

/** For every (tap k, window l): the flat index within the input plane that the tap reads. */
function flatIndexTable(size: readonly number[], g: PoolGeometry): number[] {
  const d = size.length;
  const planeStrides = stridesOf(size);
  const windows = product(g.counts);
  const taps = product(g.kernel);
  const kernelStrides = stridesOf(g.kernel);
  const countStrides = stridesOf(g.counts);
  const table = new Array<number>(taps * windows);
  for (let k = 0; k < taps; k++) {
    for (let l = 0; l < windows; l++) {
      let flat = 0;
      for (let i = 0; i < d; i++) {
        const tap = Math.floor(k / kernelStrides[i]) % g.kernel[i];
        const window = Math.floor(l / countStrides[i]) % g.counts[i];
        flat += (window * g.stride[i] - g.padding[i] + tap * g.dilation[i]) * planeStrides[i];
      }
      table[k * windows + l] = flat;
    }
  }
  return table;
}

function maxPoolNd(op: string, d: number, input: Tensor, options: MaxPoolOptions, returnIndices: boolean): Tensor | [Tensor, Tensor] {
  const { x, unbatched } = batchedInput(op, input, d);
  const g = poolGeometry(op, x, d, options, options.dilation ?? 1);
  const [n, c] = x.shape;
  const windows = poolWindows(op, x, g, -Infinity).reshape([n, c, product(g.kernel), product(g.counts)]);
  const best = argmax(windows, { dim: 2, keepdim: true });
  const outShape = [n, c, ...g.counts];
  const finish = (t: Tensor): Tensor => (unbatched ? t.reshape(outShape.slice(1)) : t.reshape(outShape));
  const values = finish(gather(windows, 2, best));
  if (!returnIndices) return values;
  const count = product(g.counts);
  const table = indexTensor(x, flatIndexTable(x.shape.slice(2), g));
  const position = best.mul(count).add(arange(0, count, 1, { backend: x.backend }));
  return [values, finish(indexSelect(table, 0, position.reshape([position.size])))];
}

/** torch.nn.functional.max_pool1d on [N, C, L] (or [C, L]). */
export function maxPool1d(input: Tensor, options: WithIndices): [Tensor, Tensor];
export function maxPool1d(input: Tensor, options: WithoutIndices): Tensor;
export function maxPool1d(input: Tensor, options: WithIndices | WithoutIndices): Tensor | [Tensor, Tensor] {
  return maxPoolNd('maxPool1d', 1, input, options, options.returnIndices === true);
}

/** torch.nn.functional.max_pool2d on [N, C, H, W] (or [C, H, W]). */
export function maxPool2d(input: Tensor, options: WithIndices): [Tensor, Tensor];
export function maxPool2d(input: Tensor, options: WithoutIndices): Tensor;
export function maxPool2d(input: Tensor, options: WithIndices | WithoutIndices): Tensor | [Tensor, Tensor] {
  return maxPoolNd('maxPool2d', 2, input, options, options.returnIndices === true);
}

/** torch.nn.functional.max_pool3d on [N, C, D, H, W] (or [C, D, H, W]). */
export function maxPool3d(input: Tensor, options: WithIndices): [Tensor, Tensor];
export function maxPool3d(input: Tensor, options: WithoutIndices): Tensor;
export function maxPool3d(input: Tensor, options: WithIndices | WithoutIndices): Tensor | [Tensor, Tensor] {
  return maxPoolNd('maxPool3d', 3, input, options, options.returnIndices === true);
}
