// Dtype conversion; WGSL's f32 -> i32 conversion truncates toward zero, as PyTorch does.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

export function cast(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, _attrs: KernelAttrs['cast']): DataId {
  const [x] = inputs;
  const inType = wgslType('cast', x.dtype);
  const outType = wgslType('cast', output.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const params = new Params().u32(n);
  rt.dispatch({
    key: `cast:${inType}:${outType}`,
    source: () =>
      header([{ name: 'x', type: inType }], { name: 'out', type: outType }, params.vec4Count) +
      elementMain(`  out[i] = ${outType}(x[i]);`),
    inputs: [storageOf(x.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
