// cpu `gather`: out[..i..] = x[..index[..i..]..] along the axis.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { walk } from './index-walk.js';

export const gather: KernelImpl<'gather'> = ([input, index], output, { axis }) => {
  const x = valuesOf(input);
  const y = allocate(output);
  walk('gather', input, index, axis, (i, offset) => {
    y[i] = x[offset];
  });
  return new CpuData(y);
};
