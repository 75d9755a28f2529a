// webgpu `gruResetGate`: σ(rPre) h in one dispatch, where the composed ops take two; with save, σ(rPre) is
// written beside it for the backward. Whether it saves is baked into the WGSL (part of the pipeline key). It
// also defines the params and the batch-row prelude all four GRU kernels share.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { MATH_WGSL } from '../wgsl-math.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

/** Params of the GRU kernels: word 0 = invocations (N · H · S), 1 = the block size H · S of one batch row. */
export function gruParams(first: TensorInfo): Params {
  const n = sizeOf(first.shape);
  return new Params().u32(n).u32(n / first.shape[0]);
}

/** `o`: where element i's first block lies in an output packing `blocks` blocks per batch row. */
export function gruPrelude(blocks: number): string {
  return `  let B = pu(1u);
  let o = (i / B) * ${blocks}u * B + i % B;
`;
}

export function gruResetGate(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, { save }: KernelAttrs['gruResetGate']): DataId {
  const [rPre, h] = inputs;
  const type = wgslType('gruResetGate', rPre.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  const n = sizeOf(rPre.shape);
  if (n === 0) return out;
  const params = gruParams(rPre);
  rt.dispatch({
    key: `gruResetGate:${type}:${save}`,
    source: () =>
      header([{ name: 'r', type }, { name: 'h', type }], { name: 'out', type }, params.vec4Count) +
      MATH_WGSL +
      elementMain(`${gruPrelude(save ? 2 : 1)}
  let s = sigmoidf(r[i]);
  out[o] = s * h[i];${save ? '\n  out[o + B] = s;' : ''}`),
    inputs: [storageOf(rPre.data), storageOf(h.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
