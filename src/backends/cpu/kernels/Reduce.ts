// cpu `reduce`: one pass over the input in memory order, each element folded into its output slot, whose
// offset is tracked incrementally (stride 0 along reduced dims). Sums accumulate in float64.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { stridesOf } from '../../../tensor/shape.js';

export const reduce: KernelImpl<'reduce'> = ([input], output, { op, axes }) => {
  const x = valuesOf(input);
  const shape = input.shape;
  const rank = shape.length;
  const y = allocate(output);
  const acc = new Float64Array(y.length).fill(op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity);
  if (x.length > 0) {
    if (rank === 0) acc[0] = x[0];
    else {
      const outStrides = stridesOf(output.shape).map((s, i) => (axes.includes(i) ? 0 : s));
      const inner = shape[rank - 1];
      const innerStep = outStrides[rank - 1];
      const idx = new Int32Array(rank);
      let base = 0;
      let p = 0;
      for (let row = 0, rows = x.length / inner; row < rows; row++) {
        if (op === 'sum') {
          if (innerStep === 0) {
            let s = 0;
            for (let j = 0; j < inner; j++) s += x[p + j];
            acc[base] += s;
          } else for (let j = 0; j < inner; j++) acc[base + j] += x[p + j];
        } else if (op === 'max') {
          for (let j = 0, o = base; j < inner; j++, o += innerStep) {
            const v = x[p + j];
            if (v > acc[o] || v !== v) acc[o] = v;
          }
        } else {
          for (let j = 0, o = base; j < inner; j++, o += innerStep) {
            const v = x[p + j];
            if (v < acc[o] || v !== v) acc[o] = v;
          }
        }
        p += inner;
        for (let d = rank - 2; d >= 0; d--) {
          idx[d]++;
          base += outStrides[d];
          if (idx[d] < shape[d]) break;
          base -= outStrides[d] * shape[d];
          idx[d] = 0;
        }
      }
    }
  }
  for (let i = 0; i < y.length; i++) y[i] = acc[i];
  return new CpuData(y);
};
