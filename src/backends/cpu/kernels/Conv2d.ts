// cpu `conv2d`: in float32, the SIMD GEMM's forward pass (gemm/conv-gemm.ts); otherwise per image, the columns of
// the input (im2col, zero-padded windows) times the weight, one batched product over the channel groups:
// weight [G, Co / G, C / G kh kw] x columns [G, C / G kh kw, Ho Wo]. A bias is added in one pass over the result.

import type { KernelImpl } from '../../kernels.js';
import type { TypedArray } from '../../types.js';
import { giveBackArray, takeArray } from '../array-pool.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { simdConv2d } from '../gemm/conv-gemm.js';
import { convProblem, convShape, gemm, im2col } from './conv2d-columns.js';

/** out [N, Co, P] += bias[o] on every position of channel o (P = positions per channel). */
function addChannelBias(out: TypedArray, bias: TypedArray, batch: number, channels: number, positions: number): void {
  for (let n = 0, at = 0; n < batch; n++) {
    for (let o = 0; o < channels; o++, at += positions) {
      const b = bias[o];
      for (let j = at; j < at + positions; j++) out[j] += b;
    }
  }
}

export const conv2d: KernelImpl<'conv2d'> = ([input, weight, biasInfo], output, attrs) => {
  const x = valuesOf(input);
  const w = valuesOf(weight);
  const bias = biasInfo ? valuesOf(biasInfo) : null;
  const out = allocate(output);
  const { batch, channelsOut, groups, taps, positions, g } = convProblem(input.shape, weight.shape, output.shape, attrs);
  const { channels, height, width, kh, kw } = g;
  if (x instanceof Float32Array && w instanceof Float32Array && out instanceof Float32Array && simdConv2d(x, w, out, convShape(g, channelsOut), batch)) {
    if (bias) addChannelBias(out, bias, batch, channelsOut, positions);
    return new CpuData(out);
  }
  // im2col writes every element (zeros included), so reused scratch needs no clearing first.
  const columns = takeArray(output.dtype, channels * kh * kw * positions, false);
  for (let n = 0; n < batch; n++) {
    im2col(x, n * channels * height * width, g, columns);
    const y = gemm(output.dtype, w, [groups, channelsOut / groups, taps], columns, [groups, taps, positions], [groups, channelsOut / groups, positions], { transA: false, transB: false });
    out.set(y, n * channelsOut * positions);
    giveBackArray(output.dtype, y);
  }
  giveBackArray(output.dtype, columns);
  if (bias) addChannelBias(out, bias, batch, channelsOut, positions);
  return new CpuData(out);
};
