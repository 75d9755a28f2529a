// cpu `depthwiseConv2dBackwardInput`: the gradient of depthwise convolution w.r.t. its (padded) input, a
// depthwise transposed convolution. Per input channel it scatters every output-gradient row of the channel's
// m output channels, four taps per pass, into a float64 plane buffer (allocated once per call) and then copies
// the plane out: strided inner loops, a fixed summation order, positions no window reaches left at 0.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';

export const depthwiseConv2dBackwardInput: KernelImpl<'depthwiseConv2dBackwardInput'> = ([gradOut, weight], output, { stride, dilation }) => {
  const dy = valuesOf(gradOut);
  const w = valuesOf(weight);
  const out = allocate(output);
  const [batch, channels, height, width] = output.shape;
  const [, channelsOut, rows, cols] = gradOut.shape;
  const [kh, kw] = weight.shape.slice(2);
  const multiplier = channelsOut / channels;
  const [sh, sw] = stride;
  const [dh, dw] = dilation;
  const dw2 = 2 * dw, dw3 = 3 * dw;
  const plane = new Float64Array(height * width);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      plane.fill(0);
      for (let o = c * multiplier; o < (c + 1) * multiplier; o++) {
        const wBase = o * kh * kw;
        let dyRow = (n * channelsOut + o) * rows * cols;
        for (let i = 0; i < rows; i++, dyRow += cols) {
          for (let a = 0; a < kh; a++) {
            const row = (i * sh + a * dh) * width;
            const wRow = wBase + a * kw;
            let b = 0;
            for (; b + 4 <= kw; b += 4) {
              const v0 = w[wRow + b], v1 = w[wRow + b + 1], v2 = w[wRow + b + 2], v3 = w[wRow + b + 3];
              for (let j = 0, p = row + b * dw; j < cols; j++, p += sw) {
                const g = dy[dyRow + j];
                plane[p] += v0 * g;
                plane[p + dw] += v1 * g;
                plane[p + dw2] += v2 * g;
                plane[p + dw3] += v3 * g;
              }
            }
            for (; b < kw; b++) {
              const v = w[wRow + b];
              for (let j = 0, p = row + b * dw; j < cols; j++, p += sw) plane[p] += v * dy[dyRow + j];
            }
          }
        }
      }
      out.set(plane, (n * channels + c) * height * width);
    }
  }
  return new CpuData(out);
};
