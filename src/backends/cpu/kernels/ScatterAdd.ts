// cpu `scatterAdd`: out = x, then src[..i..] is added at x[..index[..i..]..] along the axis (repeats accumulate).

import type { KernelImpl } from '../../kernels.js';
import type { TypedArray } from '../../types.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { walk } from './index-walk.js';

export const scatterAdd: KernelImpl<'scatterAdd'> = ([input, index, source], output, { axis }) => {
  const y: TypedArray = allocate(output);
  y.set(valuesOf(input));
  const src = valuesOf(source);
  walk('scatterAdd', input, index, axis, (i, offset) => {
    y[offset] += src[i];
  });
  return new CpuData(y);
};
