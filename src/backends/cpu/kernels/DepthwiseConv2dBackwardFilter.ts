// cpu `depthwiseConv2dBackwardFilter`: the gradient of depthwise convolution w.r.t. its weight. Each weight
// element is one correlation of its output channel's gradient with the shifted input channel, summed in float64
// over the batch and the output rows in a fixed order (deterministic). Four neighbouring taps of a kernel row
// share each pass over the gradient, one accumulator each.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';

export const depthwiseConv2dBackwardFilter: KernelImpl<'depthwiseConv2dBackwardFilter'> = ([input, gradOut], output, { stride, dilation }) => {
  const x = valuesOf(input);
  const dy = valuesOf(gradOut);
  const out = allocate(output);
  const [batch, channels, height, width] = input.shape;
  const [, channelsOut, rows, cols] = gradOut.shape;
  const [kh, kw] = output.shape.slice(2);
  const multiplier = channelsOut / channels;
  const [sh, sw] = stride;
  const [dh, dw] = dilation;
  const dw2 = 2 * dw, dw3 = 3 * dw;
  for (let o = 0; o < channelsOut; o++) {
    const c = Math.floor(o / multiplier);
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; ) {
        const group = kw - b >= 4 ? 4 : 1;
        let acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
        for (let n = 0; n < batch; n++) {
          let dyRow = (n * channelsOut + o) * rows * cols;
          let xRow = (n * channels + c) * height * width + a * dh * width + b * dw;
          for (let i = 0; i < rows; i++, dyRow += cols, xRow += sh * width) {
            if (group === 4) {
              for (let j = 0, p = xRow; j < cols; j++, p += sw) {
                const g = dy[dyRow + j];
                acc0 += g * x[p];
                acc1 += g * x[p + dw];
                acc2 += g * x[p + dw2];
                acc3 += g * x[p + dw3];
              }
            } else {
              for (let j = 0, p = xRow; j < cols; j++, p += sw) acc0 += dy[dyRow + j] * x[p];
            }
          }
        }
        const at = (o * kh + a) * kw + b;
        out[at] = acc0;
        if (group === 4) {
          out[at + 1] = acc1;
          out[at + 2] = acc2;
          out[at + 3] = acc3;
        }
        b += group;
      }
    }
  }
  return new CpuData(out);
};
