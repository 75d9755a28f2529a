// cpu `cast`: typed-array assignment converts; float to int32 truncates toward zero like PyTorch.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocateOverwritten, valuesOf } from '../cpu-data.js';

export const cast: KernelImpl<'cast'> = ([input], output) => {
  const x = valuesOf(input);
  const y = allocateOverwritten(output);
  for (let i = 0; i < y.length; i++) y[i] = x[i];
  return new CpuData(y);
};
