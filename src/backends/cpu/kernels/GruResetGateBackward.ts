// cpu `gruResetGateBackward`: the adjoint of gruResetGate in one pass, σ evaluated again from rPre (cheaper
// than a saved copy's extra write and read). The products are those of the gradient written with ops, in the
// same order.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { sigmoid } from '../special-functions.js';

export const gruResetGateBackward: KernelImpl<'gruResetGateBackward'> = ([rPreInfo, hInfo, gradInfo], output) => {
  const rPre = valuesOf(rPreInfo);
  const h = valuesOf(hInfo);
  const g = valuesOf(gradInfo);
  const out = allocate(output);
  const batch = rPreInfo.shape[0];
  if (out.length === 0) return new CpuData(out);
  const block = rPre.length / batch;
  for (let n = 0; n < batch; n++) {
    const src = n * block;
    const dr = 2 * n * block, dh = dr + block;
    for (let j = 0; j < block; j++) {
      const r = sigmoid(rPre[src + j]);
      const gj = g[src + j];
      out[dr + j] = gj * h[src + j] * (r * (1 - r));
      out[dh + j] = gj * r;
    }
  }
  return new CpuData(out);
};
