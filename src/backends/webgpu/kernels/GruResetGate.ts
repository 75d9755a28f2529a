// webgpu `gruResetGate`: σ(rPre) h in one dispatch, where the composed ops take two. It also defines the
// params and the batch-row prelude both GRU backward kernels share.

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

/** Splits element i into its batch row n and offset j, for the backward kernels' packed outputs. */
export const GRU_PRELUDE = `  let B = pu(1u);
  let n = i / B;
  let j = i % B;
`;

export function gruResetGate(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['gruResetGate']): DataId {
  const [rPre, h] = inputs;
  const type = wgslType('gruResetGate', rPre.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const params = gruParams(rPre);
  rt.dispatch({
    key: `gruResetGate:${type}`,
    source: () =>
      header([{ name: 'r', type }, { name: 'h', type }], { name: 'out', type }, params.vec4Count) +
      MATH_WGSL +
      elementMain('  out[i] = sigmoidf(r[i]) * h[i];'),
    inputs: [storageOf(rPre.data), storageOf(h.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
