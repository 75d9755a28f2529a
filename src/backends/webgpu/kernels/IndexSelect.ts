// index_select: picks whole slices along `axis` by a 1-d index (negative entries count from the end).

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { normalizeAxis, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

export function indexSelect(
  rt: Runtime,
  inputs: readonly TensorInfo[],
  output: OutputSpec,
  attrs: KernelAttrs['indexSelect'],
): DataId {
  const [x, index] = inputs;
  const type = wgslType('indexSelect', x.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const axis = normalizeAxis(attrs.axis, x.shape.length);
  // Words: 0 = n, 1 = index length, 2 = elements after the axis, 3 = x's axis length.
  const params = new Params()
    .u32(n)
    .u32(sizeOf(index.shape))
    .u32(sizeOf(x.shape.slice(axis + 1)))
    .i32(x.shape[axis] ?? 1);
  rt.dispatch({
    key: `indexSelect:${type}`,
    source: () =>
      header([{ name: 'x', type }, { name: 'index', type: 'i32' }], { name: 'out', type }, params.vec4Count) +
      elementMain(`  let len = pu(1u);
  let inner = pu(2u);
  var t = index[(i / inner) % len];
  if (t < 0) { t += pi(3u); }
  out[i] = x[((i / (inner * len)) * pu(3u) + u32(t)) * inner + i % inner];`),
    inputs: [storageOf(x.data), storageOf(index.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
