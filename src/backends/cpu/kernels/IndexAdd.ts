// cpu `indexAdd`: out = x, then each source block j is added into block index[j] (repeats accumulate).

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { checkedIndex } from './index-check.js';

export const indexAdd: KernelImpl<'indexAdd'> = ([input, index, source], output, { axis }) => {
  const x = valuesOf(input);
  const idx = valuesOf(index);
  const src = valuesOf(source);
  const y = allocate(output);
  y.set(x);
  const n = input.shape[axis];
  const inner = input.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = input.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const m = idx.length;
  const rows = Array.from(idx, (v) => checkedIndex('indexAdd', v, n, axis));
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const dst = (o * n + rows[j]) * inner;
      const from = (o * m + j) * inner;
      for (let k = 0; k < inner; k++) y[dst + k] += src[from + k];
    }
  }
  return new CpuData(y);
};
