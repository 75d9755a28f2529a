// cpu `batchNormBackwardInput`: a training batch norm's input gradient dy dyScale[c] + (x − mean[c]) xScale[c]
// + shift[c] in one pass in memory order, where the gradient written with ops materialises about ten
// full-size tensors.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { sizeOf } from '../../../tensor/shape.js';

export const batchNormBackwardInput: KernelImpl<'batchNormBackwardInput'> = ([dyInfo, xInfo, meanInfo, dyScaleInfo, xScaleInfo, shiftInfo], output) => {
  const dy = valuesOf(dyInfo);
  const x = valuesOf(xInfo);
  const mean = valuesOf(meanInfo);
  const dyScale = valuesOf(dyScaleInfo);
  const xScale = valuesOf(xScaleInfo);
  const shift = valuesOf(shiftInfo);
  const out = allocate(output);
  const [batch, channels] = xInfo.shape;
  const inner = sizeOf(xInfo.shape.slice(2));
  for (let n = 0, base = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++, base += inner) {
      const m = mean[c], a = dyScale[c], b = xScale[c], s = shift[c];
      for (let j = base; j < base + inner; j++) out[j] = dy[j] * a + (x[j] - m) * b + s;
    }
  }
  return new CpuData(out);
};
