// webgpu `gruUpdateBackward`: the adjoint of gruUpdate in one dispatch, one invocation per element reading the
// σ(zPre) and tanh(candPre) the forward saved and writing d zPre, d h and d candPre into their blocks of the
// packed output.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';
import { gruParams, gruPrelude } from './GruResetGate.js';

export function gruUpdateBackward(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['gruUpdateBackward']): DataId {
  const [h, saved, grad] = inputs;
  const type = wgslType('gruUpdateBackward', h.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  const n = sizeOf(h.shape);
  if (n === 0) return out;
  const params = gruParams(h);
  rt.dispatch({
    key: `gruUpdateBackward:${type}`,
    source: () =>
      header([{ name: 'h', type }, { name: 's', type }, { name: 'd', type }], { name: 'out', type }, params.vec4Count) +
      elementMain(`${gruPrelude(3)}
  let z = s[o + B];
  let t = s[o + 2u * B];
  out[o] = d[i] * (t - h[i]) * (z * (1.0 - z));
  out[o + B] = d[i] * (1.0 - z);
  out[o + 2u * B] = d[i] * z * (1.0 - t * t);`),
    inputs: [storageOf(h.data), storageOf(saved.data), storageOf(grad.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
