// cpu `gruUpdateBackward`: the adjoint of gruUpdate in one pass, σ and tanh evaluated again from the
// pre-activations (cheaper than saved copies' extra writes and reads). The products are those of the gradient
// written with ops, in the same order.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { sigmoid } from '../special-functions.js';

export const gruUpdateBackward: KernelImpl<'gruUpdateBackward'> = ([zPreInfo, hInfo, candInfo, gradInfo], output) => {
  const zPre = valuesOf(zPreInfo);
  const h = valuesOf(hInfo);
  const cand = valuesOf(candInfo);
  const g = valuesOf(gradInfo);
  const out = allocate(output);
  const batch = zPreInfo.shape[0];
  if (out.length === 0) return new CpuData(out);
  const block = zPre.length / batch;
  for (let n = 0; n < batch; n++) {
    const src = n * block;
    const dz = 3 * n * block, dh = dz + block, dc = dh + block;
    for (let j = 0; j < block; j++) {
      const z = sigmoid(zPre[src + j]);
      const t = Math.tanh(cand[src + j]);
      const gj = g[src + j];
      out[dz + j] = gj * (t - h[src + j]) * (z * (1 - z));
      out[dh + j] = gj * (1 - z);
      out[dc + j] = gj * z * (1 - t * t);
    }
  }
  return new CpuData(out);
};
