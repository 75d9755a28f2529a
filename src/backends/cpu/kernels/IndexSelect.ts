// cpu `indexSelect`: copies whole inner blocks chosen by a 1-d index.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { checkedIndex } from './index-check.js';

export const indexSelect: KernelImpl<'indexSelect'> = ([input, index], output, { axis }) => {
  const x = valuesOf(input);
  const idx = valuesOf(index);
  const y = allocate(output);
  const n = input.shape[axis];
  const inner = input.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = input.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const m = idx.length;
  const rows = Array.from(idx, (v) => checkedIndex('indexSelect', v, n, axis));
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const src = (o * n + rows[j]) * inner;
      const dst = (o * m + j) * inner;
      // Short blocks (selecting along the last dims) copy in a loop: a subarray view per block would cost more.
      if (inner < 64) for (let k = 0; k < inner; k++) y[dst + k] = x[src + k];
      else y.set(x.subarray(src, src + inner), dst);
    }
  }
  return new CpuData(y);
};
