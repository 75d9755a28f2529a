// index_add in linear time: the output starts as a copy of x, then one invocation per SOURCE element adds it
// into slice index[j] along the axis with an atomic add. int32 sums are exact; float32 sums of repeated
// indices land in an unspecified order (see atomicAddAt), so they may differ from a sequential sum in the last
// bits. Negative indices count from the end; out-of-range ones are skipped (the cpu kernel throws).

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { normalizeAxis, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { atomicAddAt, elementGrid, elementMain, header, wgslType } from '../wgsl.js';

export function indexAdd(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['indexAdd']): DataId {
  const [x, index, src] = inputs;
  const type = wgslType('indexAdd', x.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  rt.copy(storageOf(x.data), out, n * 4);
  const total = sizeOf(src.shape);
  if (total === 0) return out;
  const axis = normalizeAxis(attrs.axis, x.shape.length);
  // Words: 0 = source elements, 1 = index length, 2 = elements after the axis, 3 = x's axis length.
  const params = new Params()
    .u32(total)
    .u32(sizeOf(index.shape))
    .u32(sizeOf(x.shape.slice(axis + 1)))
    .i32(x.shape[axis] ?? 1);
  rt.dispatch({
    key: `indexAdd:${type}`,
    source: () =>
      header(
        [
          { name: 'index', type: 'i32' },
          { name: 'src', type },
        ],
        { name: 'out', type, atomic: true },
        params.vec4Count,
      ) +
      atomicAddAt(type) +
      elementMain(`  let len = pu(1u);
  let inner = pu(2u);
  let axisLen = pi(3u);
  let j = (i / inner) % len;
  let outer = i / (inner * len);
  var t = index[j];
  if (t < 0) { t += axisLen; }
  if (t >= 0 && t < axisLen) {
    atomicAddAt((outer * u32(axisLen) + u32(t)) * inner + i % inner, src[i]);
  }`),
    inputs: [storageOf(index.data), storageOf(src.data)],
    output: out,
    params,
    groups: elementGrid(total),
  });
  return out;
}
