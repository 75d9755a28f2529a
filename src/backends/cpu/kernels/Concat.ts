// cpu `concat`: for each index before the axis, copies each input's contiguous block in turn.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';

export const concat: KernelImpl<'concat'> = (inputs, output, { axis }) => {
  const y = allocate(output);
  const inner = output.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = output.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const blocks = inputs.map((t) => t.shape[axis] * inner);
  const values = inputs.map(valuesOf);
  let o = 0;
  for (let r = 0; r < outer; r++) {
    for (let i = 0; i < values.length; i++) {
      const len = blocks[i];
      y.set(values[i].subarray(r * len, (r + 1) * len), o);
      o += len;
    }
  }
  return new CpuData(y);
};
