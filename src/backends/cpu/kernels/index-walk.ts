// Shared by cpu `gather` and `scatterAdd`: walks an index tensor; its coordinates, with the axis coordinate
// replaced by the index value, address the input.

import type { TensorInfo } from '../../kernels.js';
import { valuesOf } from '../cpu-data.js';
import { stridesOf } from '../../../tensor/shape.js';
import { checkedIndex } from './index-check.js';

/** Calls visit(position in index, offset in x) for every index element. */
export function walk(op: string, x: TensorInfo, index: TensorInfo, axis: number, visit: (i: number, offset: number) => void): void {
  const idx = valuesOf(index);
  const shape = index.shape;
  const rank = shape.length;
  const xStrides = stridesOf(x.shape);
  const coord = new Int32Array(rank);
  const size = x.shape[axis];
  let base = 0; // offset of the current coordinate in x, excluding the axis term
  for (let i = 0; i < idx.length; i++) {
    visit(i, base + checkedIndex(op, idx[i], size, axis) * xStrides[axis]);
    for (let d = rank - 1; d >= 0; d--) {
      coord[d]++;
      if (d !== axis) base += xStrides[d];
      if (coord[d] < shape[d]) break;
      if (d !== axis) base -= xStrides[d] * shape[d];
      coord[d] = 0;
    }
  }
}
