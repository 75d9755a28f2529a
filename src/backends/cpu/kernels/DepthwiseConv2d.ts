// cpu `depthwiseConv2d`: convolution with groups == channels (channel multiplier m), looped directly instead of
// unfolding the input k^2 times. Output-row-major: each output row accumulates, tap by tap, one contiguous run
// of its input row into a float64 row buffer (allocated once per call), four taps per pass, so the inner loop
// is a strided multiply-add with no bounds tests and each element sums its taps in a fixed order.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';

export const depthwiseConv2d: KernelImpl<'depthwiseConv2d'> = ([input, weight], output, { stride, dilation }) => {
  const x = valuesOf(input);
  const w = valuesOf(weight);
  const out = allocate(output);
  const [batch, channels, height, width] = input.shape;
  const [, channelsOut, rows, cols] = output.shape;
  const [kh, kw] = weight.shape.slice(2);
  const multiplier = channelsOut / channels;
  const [sh, sw] = stride;
  const [dh, dw] = dilation;
  const dw2 = 2 * dw, dw3 = 3 * dw;
  const acc = new Float64Array(cols);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < channelsOut; o++) {
      const xPlane = (n * channels + Math.floor(o / multiplier)) * height * width;
      const wBase = o * kh * kw;
      let outRow = (n * channelsOut + o) * rows * cols;
      for (let i = 0; i < rows; i++, outRow += cols) {
        acc.fill(0);
        for (let a = 0; a < kh; a++) {
          const xRow = xPlane + (i * sh + a * dh) * width;
          const wRow = wBase + a * kw;
          let b = 0;
          // Four taps per pass over the row, then the rest one by one.
          for (; b + 4 <= kw; b += 4) {
            const v0 = w[wRow + b], v1 = w[wRow + b + 1], v2 = w[wRow + b + 2], v3 = w[wRow + b + 3];
            for (let j = 0, p = xRow + b * dw; j < cols; j++, p += sw) acc[j] += v0 * x[p] + v1 * x[p + dw] + v2 * x[p + dw2] + v3 * x[p + dw3];
          }
          for (; b < kw; b++) {
            const v = w[wRow + b];
            for (let j = 0, p = xRow + b * dw; j < cols; j++, p += sw) acc[j] += v * x[p];
          }
        }
        out.set(acc, outRow);
      }
    }
  }
  return new CpuData(out);
};
