// cpu `padConstant`: fills with the value, then copies each input row (last dim) into place.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { stridesOf } from '../../../tensor/shape.js';

export const padConstant: KernelImpl<'padConstant'> = ([input], output, { before, value }) => {
  const x = valuesOf(input);
  const y = allocate(output);
  y.fill(value);
  const shape = input.shape;
  const rank = shape.length;
  if (x.length === 0) return new CpuData(y);
  if (rank === 0) {
    y[0] = x[0];
    return new CpuData(y);
  }
  const outStrides = stridesOf(output.shape);
  const inner = shape[rank - 1];
  const idx = new Int32Array(rank);
  let base = before.reduce((s, b, d) => s + b * outStrides[d], 0);
  for (let row = 0, rows = x.length / inner; row < rows; row++) {
    y.set(x.subarray(row * inner, (row + 1) * inner), base);
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      base += outStrides[d];
      if (idx[d] < shape[d]) break;
      base -= outStrides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return new CpuData(y);
};
