// cpu `gruUpdate`: the GRU's new state h + σ(zPre) (tanh(candPre) − h) in one pass, where the composed ops
// write five full-size tensors. σ and tanh are the unary kernels' own functions.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { sigmoid } from '../special-functions.js';

export const gruUpdate: KernelImpl<'gruUpdate'> = ([zPreInfo, hInfo, candInfo], output) => {
  const zPre = valuesOf(zPreInfo);
  const h = valuesOf(hInfo);
  const cand = valuesOf(candInfo);
  const out = allocate(output);
  for (let j = 0; j < out.length; j++) out[j] = h[j] + sigmoid(zPre[j]) * (Math.tanh(cand[j]) - h[j]);
  return new CpuData(out);
};
