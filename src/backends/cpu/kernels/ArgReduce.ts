// cpu `argReduce`: index of the first maximum/minimum along one axis (NaN counts as the extreme, as in PyTorch).

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';

export const argReduce: KernelImpl<'argReduce'> = ([input], output, { op, axis }) => {
  const x = valuesOf(input);
  const y = allocate(output);
  const shape = input.shape;
  const n = shape.length === 0 ? 1 : shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = y.length / inner;
  const better = op === 'argmax' ? (v: number, best: number) => v > best : (v: number, best: number) => v < best;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = x[base];
      let bestIndex = 0;
      for (let k = 1; k < n && best === best; k++) {
        const v = x[base + k * inner];
        if (better(v, best) || v !== v) {
          best = v;
          bestIndex = k;
        }
      }
      y[o * inner + i] = bestIndex;
    }
  }
  return new CpuData(y);
};
