// webgpu `gruUpdate`: the GRU's new state h + σ(zPre) (tanh(candPre) − h) in one dispatch, where the composed
// ops take five.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { MATH_WGSL } from '../wgsl-math.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';
import { gruParams } from './GruResetGate.js';

export function gruUpdate(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['gruUpdate']): DataId {
  const [zPre, h, cand] = inputs;
  const type = wgslType('gruUpdate', zPre.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const params = gruParams(zPre);
  rt.dispatch({
    key: `gruUpdate:${type}`,
    source: () =>
      header([{ name: 'z', type }, { name: 'h', type }, { name: 'c', type }], { name: 'out', type }, params.vec4Count) +
      MATH_WGSL +
      elementMain('  out[i] = h[i] + sigmoidf(z[i]) * (tanhf(c[i]) - h[i]);'),
    inputs: [storageOf(zPre.data), storageOf(h.data), storageOf(cand.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
