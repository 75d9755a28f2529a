// webgpu `gruResetGateBackward`: the adjoint of gruResetGate in one dispatch, one invocation per element
// evaluating σ again and writing d rPre and d h into their blocks of the packed output.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { MATH_WGSL } from '../wgsl-math.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';
import { GRU_PRELUDE, gruParams } from './GruResetGate.js';

export function gruResetGateBackward(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['gruResetGateBackward']): DataId {
  const [rPre, h, grad] = inputs;
  const type = wgslType('gruResetGateBackward', rPre.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  const n = sizeOf(rPre.shape);
  if (n === 0) return out;
  const params = gruParams(rPre);
  rt.dispatch({
    key: `gruResetGateBackward:${type}`,
    source: () =>
      header([{ name: 'r', type }, { name: 'h', type }, { name: 'd', type }], { name: 'out', type }, params.vec4Count) +
      MATH_WGSL +
      elementMain(`${GRU_PRELUDE}
  let s = sigmoidf(r[i]);
  let o = n * 2u * B + j;
  out[o] = d[i] * h[i] * (s * (1.0 - s));
  out[o + B] = d[i] * s;`),
    inputs: [storageOf(rPre.data), storageOf(h.data), storageOf(grad.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
