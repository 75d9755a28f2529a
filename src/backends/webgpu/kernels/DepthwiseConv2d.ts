// webgpu `depthwiseConv2d`: convolution with groups == channels (channel multiplier m) computed directly, one
// invocation per output element looping over the kernel taps, instead of unfolding the input k^2 times. It
// also defines the params layout and WGSL prelude its two gradient kernels share.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

/**
 * Params of the three depthwise kernels: word 0 = invocations, then the geometry of input x [N, C, H, W],
 * output gradient / output [N, C m, Ho, Wo] and kernel [kh, kw] with stride and dilation.
 */
export function depthwiseParams(
  invocations: number,
  x: readonly number[],
  y: readonly number[],
  kernel: readonly number[],
  { stride, dilation }: KernelAttrs['depthwiseConv2d'],
): Params {
  const [batch, channels, height, width] = x;
  return new Params()
    .u32(invocations)
    .u32s([batch, channels, y[1] / channels, height, width, y[2], y[3]])
    .u32s([kernel[0], kernel[1], stride[0], stride[1], dilation[0], dilation[1]]);
}

/** WGSL naming the words of depthwiseParams. */
export const DEPTHWISE_PRELUDE = `  let N = pu(1u); let C = pu(2u); let M = pu(3u); let H = pu(4u); let W = pu(5u);
  let HO = pu(6u); let WO = pu(7u); let KH = pu(8u); let KW = pu(9u);
  let SH = pu(10u); let SW = pu(11u); let DH = pu(12u); let DW = pu(13u);
`;

export function depthwiseConv2d(
  rt: Runtime,
  inputs: readonly TensorInfo[],
  output: OutputSpec,
  attrs: KernelAttrs['depthwiseConv2d'],
): DataId {
  const [x, weight] = inputs;
  const type = wgslType('depthwiseConv2d', x.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const params = depthwiseParams(n, x.shape, output.shape, weight.shape.slice(2), attrs);
  rt.dispatch({
    key: `depthwiseConv2d:${type}`,
    source: () =>
      header([{ name: 'x', type }, { name: 'w', type }], { name: 'out', type }, params.vec4Count) +
      elementMain(`${DEPTHWISE_PRELUDE}
  let j = i % WO;
  var r = i / WO;
  let oi = r % HO;
  r = r / HO;
  let o = r % (C * M);
  let n = r / (C * M);
  let plane = (n * C + o / M) * H * W;
  let wBase = o * KH * KW;
  var acc = ${type}(0);
  for (var a = 0u; a < KH; a++) {
    let row = plane + (oi * SH + a * DH) * W + j * SW;
    for (var b = 0u; b < KW; b++) {
      acc += x[row + b * DW] * w[wBase + a * KW + b];
    }
  }
  out[i] = acc;`),
    inputs: [storageOf(x.data), storageOf(weight.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
