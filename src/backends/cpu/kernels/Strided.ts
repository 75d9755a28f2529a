// cpu `strided`: out[i] = x[offset + sum idx_k * strides_k].

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocateOverwritten, valuesOf } from '../cpu-data.js';
import { stridedCopy } from '../strided-copy.js';

export const strided: KernelImpl<'strided'> = ([x], output, { strides, offset }) => {
  const out = allocateOverwritten(output);
  stridedCopy(valuesOf(x), out, output.shape, strides, offset);
  return new CpuData(out);
};
