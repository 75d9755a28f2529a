// webgpu `gruResetGateBackward`: the adjoint of gruResetGate in one dispatch, one invocation per element
// reading the σ(rPre) the forward saved and writing d rPre and d h into their blocks of the packed output.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';
import { gruParams, gruPrelude } from './GruResetGate.js';

export function gruResetGateBackward(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['gruResetGateBackward']): DataId {
  const [h, saved, grad] = inputs;
  const type = wgslType('gruResetGateBackward', h.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  const n = sizeOf(h.shape);
  if (n === 0) return out;
  const params = gruParams(h);
  rt.dispatch({
    key: `gruResetGateBackward:${type}`,
    source: () =>
      header([{ name: 'h', type }, { name: 's', type }, { name: 'd', type }], { name: 'out', type }, params.vec4Count) +
      elementMain(`${gruPrelude(2)}
  let r = s[o + B];
  out[o] = d[i] * h[i] * (r * (1.0 - r));
  out[o + B] = d[i] * r;`),
    inputs: [storageOf(h.data), storageOf(saved.data), storageOf(grad.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
