// webgpu `gruUpdateBackward`: the adjoint of gruUpdate in one dispatch, one invocation per element evaluating
// σ and tanh again and writing d zPre, d h and d candPre into their blocks of the packed output.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { MATH_WGSL } from '../wgsl-math.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';
import { GRU_PRELUDE, gruParams } from './GruResetGate.js';

export function gruUpdateBackward(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['gruUpdateBackward']): DataId {
  const [zPre, h, cand, grad] = inputs;
  const type = wgslType('gruUpdateBackward', zPre.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  const n = sizeOf(zPre.shape);
  if (n === 0) return out;
  const params = gruParams(zPre);
  rt.dispatch({
    key: `gruUpdateBackward:${type}`,
    source: () =>
      header([{ name: 'z', type }, { name: 'h', type }, { name: 'c', type }, { name: 'd', type }], { name: 'out', type }, params.vec4Count) +
      MATH_WGSL +
      elementMain(`${GRU_PRELUDE}
  let s = sigmoidf(z[i]);
  let t = tanhf(c[i]);
  let o = n * 3u * B + j;
  out[o] = d[i] * (t - h[i]) * (s * (1.0 - s));
  out[o + B] = d[i] * (1.0 - s);
  out[o + 2u * B] = d[i] * s * (1.0 - t * t);`),
    inputs: [storageOf(zPre.data), storageOf(h.data), storageOf(cand.data), storageOf(grad.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
