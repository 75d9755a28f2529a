// cpu `batchNormStats`: each channel's mean and biased variance over N and the spatial positions, two passes
// per channel (the mean, then the squared deviations from it, which stays accurate where the mean dwarfs the
// spread), both accumulated in float64. A channel's values (N runs of S) are visited one channel at a time so
// the second pass finds them still in cache.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { sizeOf } from '../../../tensor/shape.js';

export const batchNormStats: KernelImpl<'batchNormStats'> = ([xInfo], output) => {
  const x = valuesOf(xInfo);
  const out = allocate(output);
  const [batch, channels] = xInfo.shape;
  const inner = sizeOf(xInfo.shape.slice(2));
  const count = batch * inner;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let n = 0; n < batch; n++) {
      const base = (n * channels + c) * inner;
      for (let j = base; j < base + inner; j++) sum += x[j];
    }
    const mean = sum / count;
    let squares = 0;
    for (let n = 0; n < batch; n++) {
      const base = (n * channels + c) * inner;
      for (let j = base; j < base + inner; j++) {
        const d = x[j] - mean;
        squares += d * d;
      }
    }
    out[c] = mean;
    out[channels + c] = squares / count;
  }
  return new CpuData(out);
};
