// cpu `gruResetGate`: σ(rPre) h in one pass, where the composed ops write σ(rPre) and then the product. σ is
// the sigmoid kernel's own function, so the values equal the composition's exactly.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { sigmoid } from '../special-functions.js';

export const gruResetGate: KernelImpl<'gruResetGate'> = ([rPreInfo, hInfo], output) => {
  const r = valuesOf(rPreInfo);
  const h = valuesOf(hInfo);
  const out = allocate(output);
  for (let j = 0; j < out.length; j++) out[j] = sigmoid(r[j]) * h[j];
  return new CpuData(out);
};
