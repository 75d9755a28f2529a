// cpu `gruResetGateBackward`: the adjoint of gruResetGate in one pass of plain arithmetic on the σ(rPre) the
// forward saved. The products are those of the gradient written with ops, in the same order.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';

export const gruResetGateBackward: KernelImpl<'gruResetGateBackward'> = ([hInfo, savedInfo, gradInfo], output) => {
  const h = valuesOf(hInfo);
  const saved = valuesOf(savedInfo);
  const g = valuesOf(gradInfo);
  const out = allocate(output);
  const batch = hInfo.shape[0];
  if (out.length === 0) return new CpuData(out);
  const block = h.length / batch;
  for (let n = 0; n < batch; n++) {
    const src = n * block;
    const dr = 2 * n * block, dh = dr + block, sr = dr + block;
    for (let j = 0; j < block; j++) {
      const r = saved[sr + j];
      const gj = g[src + j];
      out[dr + j] = gj * h[src + j] * (r * (1 - r));
      out[dh + j] = gj * r;
    }
  }
  return new CpuData(out);
};
