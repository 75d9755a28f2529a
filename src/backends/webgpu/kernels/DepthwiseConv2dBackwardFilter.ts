// webgpu `depthwiseConv2dBackwardFilter`: the gradient of depthwise convolution w.r.t. its weight. One
// invocation per weight element sums its products of output gradient and shifted input over the batch and the
// output positions in a fixed order: no atomics, deterministic.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';
import { DEPTHWISE_PRELUDE, depthwiseParams } from './DepthwiseConv2d.js';

export function depthwiseConv2dBackwardFilter(
  rt: Runtime,
  inputs: readonly TensorInfo[],
  output: OutputSpec,
  attrs: KernelAttrs['depthwiseConv2dBackwardFilter'],
): DataId {
  const [x, dy] = inputs;
  const type = wgslType('depthwiseConv2dBackwardFilter', x.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const params = depthwiseParams(n, x.shape, dy.shape, output.shape.slice(2), attrs);
  rt.dispatch({
    key: `depthwiseConv2dBackwardFilter:${type}`,
    source: () =>
      header([{ name: 'x', type }, { name: 'dy', type }], { name: 'out', type }, params.vec4Count) +
      elementMain(`${DEPTHWISE_PRELUDE}
  let b = i % KW;
  let a = (i / KW) % KH;
  let o = i / (KW * KH);
  let c = o / M;
  var acc = ${type}(0);
  for (var n = 0u; n < N; n++) {
    let plane = (n * C * M + o) * HO * WO;
    let base = (n * C + c) * H * W + a * DH * W + b * DW;
    for (var oi = 0u; oi < HO; oi++) {
      let row = base + oi * SH * W;
      for (var oj = 0u; oj < WO; oj++) {
        acc += dy[plane + oi * WO + oj] * x[row + oj * SW];
      }
    }
  }
  out[i] = acc;`),
    inputs: [storageOf(x.data), storageOf(dy.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
