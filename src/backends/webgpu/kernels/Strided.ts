// The gather-copy behind every view op (permute, expand, slice, flip): out[i] = x[offset + sum idx_k * strides_k],
// with strides that may be 0 (broadcast) or negative (flip), hence i32 offsets.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { collapse, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, unravel, wgslType } from '../wgsl.js';

export function strided(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['strided']): DataId {
  const [x] = inputs;
  const type = wgslType('strided', x.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const { shape, strides } = collapse(output.shape, [attrs.strides]);
  const rank = shape.length;
  const params = new Params().u32(n).i32(attrs.offset);
  const shapeOff = params.length;
  params.u32s(shape);
  const strideOff = params.length;
  params.i32s(strides[0]);
  rt.dispatch({
    key: `strided:${type}:r${rank}`,
    source: () =>
      header([{ name: 'x', type }], { name: 'out', type }, params.vec4Count) +
      elementMain(`${unravel('i', rank, shapeOff, [{ name: 'ix', off: strideOff, init: 'pi(1u)' }])}
  out[i] = x[u32(ix)];`),
    inputs: [storageOf(x.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
