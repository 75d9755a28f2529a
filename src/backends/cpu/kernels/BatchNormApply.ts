// cpu `batchNormApply`: (x − mean[c]) scale[c] + shift[c] in one pass in memory order, where the composed ops
// write three full-size tensors (and a batch norm's weight and bias two more).

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { sizeOf } from '../../../tensor/shape.js';

export const batchNormApply: KernelImpl<'batchNormApply'> = ([xInfo, meanInfo, scaleInfo, shiftInfo], output) => {
  const x = valuesOf(xInfo);
  const mean = valuesOf(meanInfo);
  const scale = valuesOf(scaleInfo);
  const shift = valuesOf(shiftInfo);
  const out = allocate(output);
  const [batch, channels] = xInfo.shape;
  const inner = sizeOf(xInfo.shape.slice(2));
  for (let n = 0, base = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++, base += inner) {
      const m = mean[c], a = scale[c], b = shift[c];
      for (let j = base; j < base + inner; j++) out[j] = (x[j] - m) * a + b;
    }
  }
  return new CpuData(out);
};
