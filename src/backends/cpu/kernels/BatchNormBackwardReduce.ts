// cpu `batchNormBackwardReduce`: each channel's sum of dy and of dy (x − mean[c]), one pass over dy and x in
// memory order with float64 accumulators (the batch norm's bias and weight gradients, and the input gradient's
// coefficients).

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { sizeOf } from '../../../tensor/shape.js';

export const batchNormBackwardReduce: KernelImpl<'batchNormBackwardReduce'> = ([dyInfo, xInfo, meanInfo], output) => {
  const dy = valuesOf(dyInfo);
  const x = valuesOf(xInfo);
  const mean = valuesOf(meanInfo);
  const out = allocate(output);
  const [batch, channels] = xInfo.shape;
  const inner = sizeOf(xInfo.shape.slice(2));
  const sums = new Float64Array(2 * channels);
  for (let n = 0, base = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++, base += inner) {
      const m = mean[c];
      let sumDy = 0, sumDyX = 0;
      for (let j = base; j < base + inner; j++) {
        const d = dy[j];
        sumDy += d;
        sumDyX += d * (x[j] - m);
      }
      sums[c] += sumDy;
      sums[channels + c] += sumDyX;
    }
  }
  for (let k = 0; k < out.length; k++) out[k] = sums[k];
  return new CpuData(out);
};
