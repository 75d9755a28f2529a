// index_add without atomics: one invocation per OUTPUT element sums, in index order, every source slice whose
// index entry targets its coordinate along `axis` — race-free and deterministic.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { normalizeAxis, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

export function indexAdd(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['indexAdd']): DataId {
  const [x, index, src] = inputs;
  const type = wgslType('indexAdd', x.dtype);
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
    key: `indexAdd:${type}`,
    source: () =>
      header(
        [
          { name: 'x', type },
          { name: 'index', type: 'i32' },
          { name: 'src', type },
        ],
        { name: 'out', type },
        params.vec4Count,
      ) +
      elementMain(`  let len = pu(1u);
  let inner = pu(2u);
  let axisLen = pu(3u);
  let dest = i32((i / inner) % axisLen);
  let srcBase = (i / (inner * axisLen)) * len * inner + i % inner;
  var acc = x[i];
  for (var j = 0u; j < len; j++) {
    var t = index[j];
    if (t < 0) { t += i32(axisLen); }
    if (t == dest) { acc += src[srcBase + j * inner]; }
  }
  out[i] = acc;`),
    inputs: [storageOf(x.data), storageOf(index.data), storageOf(src.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
