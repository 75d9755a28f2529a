// cpu `conv2dBackwardFilter`: in float32, the SIMD GEMM's filter-gradient pass (gemm/conv-gemm.ts); otherwise
// per image, the output gradient times the input's columns transposed, [G, Co / G, Ho Wo] x [G, C / G kh kw, Ho Wo]^T,
// summed over the batch in image order.

import type { KernelImpl } from '../../kernels.js';
import { giveBackArray, takeArray } from '../array-pool.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { simdConv2dBackwardFilter } from '../gemm/conv-gemm.js';
import { convProblem, convShape, gemm, im2col } from './conv2d-columns.js';

export const conv2dBackwardFilter: KernelImpl<'conv2dBackwardFilter'> = ([input, gradOut], output, attrs) => {
  const x = valuesOf(input);
  const dy = valuesOf(gradOut);
  const dw = allocate(output);
  const { batch, channelsOut, groups, taps, positions, g } = convProblem(input.shape, output.shape, gradOut.shape, attrs);
  const { channels, height, width, kh, kw } = g;
  if (x instanceof Float32Array && dy instanceof Float32Array && dw instanceof Float32Array && simdConv2dBackwardFilter(x, dy, dw, convShape(g, channelsOut), batch)) return new CpuData(dw);
  const plane = channelsOut * positions;
  // im2col writes every element (zeros included), so reused scratch needs no clearing first.
  const columns = takeArray(output.dtype, channels * kh * kw * positions, false);
  for (let n = 0; n < batch; n++) {
    im2col(x, n * channels * height * width, g, columns);
    const image = dy.subarray(n * plane, (n + 1) * plane);
    const part = gemm(output.dtype, image, [groups, channelsOut / groups, positions], columns, [groups, taps, positions], [groups, channelsOut / groups, taps], { transA: false, transB: true });
    for (let i = 0; i < dw.length; i++) dw[i] += part[i];
    giveBackArray(output.dtype, part);
  }
  giveBackArray(output.dtype, columns);
  return new CpuData(dw);
};
