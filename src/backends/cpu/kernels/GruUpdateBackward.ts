// cpu `gruUpdateBackward`: the adjoint of gruUpdate in one pass of plain arithmetic on the σ(zPre) and
// tanh(candPre) the forward saved. The products are those of the gradient written with ops, in the same order.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';

export const gruUpdateBackward: KernelImpl<'gruUpdateBackward'> = ([hInfo, savedInfo, gradInfo], output) => {
  const h = valuesOf(hInfo);
  const saved = valuesOf(savedInfo);
  const g = valuesOf(gradInfo);
  const out = allocate(output);
  const batch = hInfo.shape[0];
  if (out.length === 0) return new CpuData(out);
  const block = h.length / batch;
  for (let n = 0; n < batch; n++) {
    const src = n * block;
    const dz = 3 * n * block, dh = dz + block, dc = dh + block;
    const sz = dz + block, st = sz + block;
    for (let j = 0; j < block; j++) {
      const z = saved[sz + j];
      const t = saved[st + j];
      const gj = g[src + j];
      out[dz + j] = gj * (t - h[src + j]) * (z * (1 - z));
      out[dh + j] = gj * (1 - z);
      out[dc + j] = gj * z * (1 - t * t);
    }
  }
  return new CpuData(out);
};
