// webgpu `gruUpdate`: the GRU's new state h + σ(zPre) (tanh(candPre) − h) in one dispatch, where the composed
// ops take five; with save, σ(zPre) and tanh(candPre) are written beside it for the backward (baked into the
// WGSL, part of the pipeline key).

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { MATH_WGSL } from '../wgsl-math.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';
import { gruParams, gruPrelude } from './GruResetGate.js';

export function gruUpdate(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, { save }: KernelAttrs['gruUpdate']): DataId {
  const [zPre, h, cand] = inputs;
  const type = wgslType('gruUpdate', zPre.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  const n = sizeOf(zPre.shape);
  if (n === 0) return out;
  const params = gruParams(zPre);
  rt.dispatch({
    key: `gruUpdate:${type}:${save}`,
    source: () =>
      header([{ name: 'z', type }, { name: 'h', type }, { name: 'c', type }], { name: 'out', type }, params.vec4Count) +
      MATH_WGSL +
      elementMain(`${gruPrelude(save ? 3 : 1)}
  let s = sigmoidf(z[i]);
  let t = tanhf(c[i]);
  out[o] = h[i] + s * (t - h[i]);${save ? '\n  out[o + B] = s;\n  out[o + 2u * B] = t;' : ''}`),
    inputs: [storageOf(zPre.data), storageOf(h.data), storageOf(cand.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
