// cpu `conv2dBackwardInput`: in float32, the SIMD GEMM's input-gradient pass (gemm/conv-gemm.ts); otherwise per
// image, the transposed weight times the output gradient gives every window tap's contribution as columns
// [G, C / G kh kw, Ho Wo], which col2im adds back onto the input positions.

import type { KernelImpl } from '../../kernels.js';
import { giveBackArray } from '../array-pool.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { simdConv2dBackwardInput } from '../gemm/conv-gemm.js';
import { col2im, convProblem, convShape, gemm } from './conv2d-columns.js';

export const conv2dBackwardInput: KernelImpl<'conv2dBackwardInput'> = ([gradOut, weight], output, attrs) => {
  const dy = valuesOf(gradOut);
  const w = valuesOf(weight);
  const dx = allocate(output);
  const { batch, channelsOut, groups, taps, positions, g } = convProblem(output.shape, weight.shape, gradOut.shape, attrs);
  const { channels, height, width } = g;
  if (dy instanceof Float32Array && w instanceof Float32Array && dx instanceof Float32Array && simdConv2dBackwardInput(dy, w, dx, convShape(g, channelsOut), batch)) return new CpuData(dx);
  const plane = channelsOut * positions;
  for (let n = 0; n < batch; n++) {
    const image = dy.subarray(n * plane, (n + 1) * plane);
    const columns = gemm(output.dtype, w, [groups, channelsOut / groups, taps], image, [groups, channelsOut / groups, positions], [groups, taps, positions], { transA: true, transB: false });
    col2im(columns, g, dx, n * channels * height * width);
    giveBackArray(output.dtype, columns);
  }
  return new CpuData(dx);
};
