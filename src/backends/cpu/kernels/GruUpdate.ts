// cpu `gruUpdate`: the GRU's new state h + σ(zPre) (tanh(candPre) − h) in one pass, where the composed ops
// write five full-size tensors; with save, σ(zPre) and tanh(candPre) are written beside it so the backward
// evaluates no exp or tanh again. σ and tanh are the unary kernels' own functions. Per batch row it runs one
// loop per activation and then the combine, as lstmCell does (V8 runs the separate loops faster).

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { sigmoid } from '../special-functions.js';

export const gruUpdate: KernelImpl<'gruUpdate'> = ([zPreInfo, hInfo, candInfo], output, { save }) => {
  const zPre = valuesOf(zPreInfo);
  const h = valuesOf(hInfo);
  const cand = valuesOf(candInfo);
  const out = allocate(output);
  if (!save) {
    for (let j = 0; j < out.length; j++) out[j] = h[j] + sigmoid(zPre[j]) * (Math.tanh(cand[j]) - h[j]);
    return new CpuData(out);
  }
  const batch = zPreInfo.shape[0];
  if (out.length === 0) return new CpuData(out);
  const block = zPre.length / batch;
  for (let n = 0; n < batch; n++) {
    const src = n * block;
    const o = 3 * n * block, oz = o + block, ot = oz + block;
    for (let j = 0; j < block; j++) out[oz + j] = sigmoid(zPre[src + j]);
    for (let j = 0; j < block; j++) out[ot + j] = Math.tanh(cand[src + j]);
    for (let j = 0; j < block; j++) out[o + j] = h[src + j] + out[oz + j] * (out[ot + j] - h[src + j]);
  }
  return new CpuData(out);
};
