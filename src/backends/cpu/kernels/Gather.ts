// cpu `gather` and `scatterAdd`: walk the index tensor; its coordinates, with the axis coordinate replaced by
// the index value, address the input (gather reads there, scatterAdd accumulates there).

import type { KernelImpl, TensorInfo } from '../../kernels.js';
import type { TypedArray } from '../../types.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { stridesOf } from '../../../tensor/shape.js';
import { checkedIndex } from './index-check.js';

/** Calls visit(position in index, offset in x) for every index element. */
function walk(op: string, x: TensorInfo, index: TensorInfo, axis: number, visit: (i: number, offset: number) => void): void {
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

export const gather: KernelImpl<'gather'> = ([input, index], output, { axis }) => {
  const x = valuesOf(input);
  const y = allocate(output);
  walk('gather', input, index, axis, (i, offset) => {
    y[i] = x[offset];
  });
  return new CpuData(y);
};

export const scatterAdd: KernelImpl<'scatterAdd'> = ([input, index, source], output, { axis }) => {
  const y: TypedArray = allocate(output);
  y.set(valuesOf(input));
  const src = valuesOf(source);
  walk('scatterAdd', input, index, axis, (i, offset) => {
    y[offset] += src[i];
  });
  return new CpuData(y);
};
