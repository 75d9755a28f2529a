// cpu `gruResetGate`: σ(rPre) h in one pass, where the composed ops write σ(rPre) and then the product; with
// save, σ(rPre) is written beside it so the backward evaluates no exp again. σ is the sigmoid kernel's own
// function, so the values equal the composition's exactly.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { sigmoid } from '../special-functions.js';

export const gruResetGate: KernelImpl<'gruResetGate'> = ([rPreInfo, hInfo], output, { save }) => {
  const rPre = valuesOf(rPreInfo);
  const h = valuesOf(hInfo);
  const out = allocate(output);
  if (!save) {
    for (let j = 0; j < out.length; j++) out[j] = sigmoid(rPre[j]) * h[j];
    return new CpuData(out);
  }
  const batch = rPreInfo.shape[0];
  if (out.length === 0) return new CpuData(out);
  const block = rPre.length / batch;
  for (let n = 0; n < batch; n++) {
    const src = n * block;
    const o = 2 * n * block, or = o + block;
    for (let j = 0; j < block; j++) out[or + j] = sigmoid(rPre[src + j]);
    for (let j = 0; j < block; j++) out[o + j] = out[or + j] * h[src + j];
  }
  return new CpuData(out);
};
