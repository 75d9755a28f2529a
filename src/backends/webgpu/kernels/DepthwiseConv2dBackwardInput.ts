// webgpu `depthwiseConv2dBackwardInput`: the gradient of depthwise convolution w.r.t. its (padded) input. One
// invocation per input element gathers, over the channel's m output channels and the kernel taps, the output
// positions whose windows cover it (tap a reaches row p from output row (p - a dh) / sh when that divides
// exactly and lies in [0, Ho)). No atomics, deterministic, in tap order.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';
import { DEPTHWISE_PRELUDE, depthwiseParams } from './DepthwiseConv2d.js';

export function depthwiseConv2dBackwardInput(
  rt: Runtime,
  inputs: readonly TensorInfo[],
  output: OutputSpec,
  attrs: KernelAttrs['depthwiseConv2dBackwardInput'],
): DataId {
  const [dy, weight] = inputs;
  const type = wgslType('depthwiseConv2dBackwardInput', dy.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const params = depthwiseParams(n, output.shape, dy.shape, weight.shape.slice(2), attrs);
  rt.dispatch({
    key: `depthwiseConv2dBackwardInput:${type}`,
    source: () =>
      header([{ name: 'dy', type }, { name: 'w', type }], { name: 'out', type }, params.vec4Count) +
      elementMain(`${DEPTHWISE_PRELUDE}
  let q = i % W;
  var r = i / W;
  let p = r % H;
  r = r / H;
  let c = r % C;
  let n = r / C;
  var acc = ${type}(0);
  for (var o = c * M; o < (c + 1u) * M; o++) {
    let plane = (n * C * M + o) * HO * WO;
    let wBase = o * KH * KW;
    for (var a = 0u; a < KH && a * DH <= p; a++) {
      let ti = p - a * DH;
      let oi = ti / SH;
      if (oi * SH != ti || oi >= HO) { continue; }
      for (var b = 0u; b < KW && b * DW <= q; b++) {
        let tj = q - b * DW;
        let oj = tj / SW;
        if (oj * SW != tj || oj >= WO) { continue; }
        acc += dy[plane + oi * WO + oj] * w[wBase + a * KW + b];
      }
    }
  }
  out[i] = acc;`),
    inputs: [storageOf(dy.data), storageOf(weight.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
