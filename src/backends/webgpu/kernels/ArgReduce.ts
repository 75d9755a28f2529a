// Index of the max/min along one axis, one invocation per output; a strict comparison keeps the first
// extreme index on ties, and a NaN counts as the extreme (as in PyTorch).

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { normalizeAxis, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

export function argReduce(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['argReduce']): DataId {
  const [x] = inputs;
  const type = wgslType('argReduce', x.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const axis = normalizeAxis(attrs.axis, x.shape.length);
  const axisLen = x.shape[axis] ?? 1;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const params = new Params().u32(n).u32(axisLen).u32(inner);
  const better = attrs.op === 'argmax' ? '>' : '<';
  rt.dispatch({
    key: `argReduce:${attrs.op}:${type}`,
    source: () =>
      header([{ name: 'x', type }], { name: 'out', type: 'i32' }, params.vec4Count) +
      elementMain(`  let len = pu(1u);
  let inner = pu(2u);
  let base = (i / inner) * len * inner + i % inner;
  var best = x[base];
  var at = 0u;
  for (var k = 1u; k < len; k++) {
    let v = x[base + k * inner];
    if ((v ${better} best || v != v) && best == best) {
      best = v;
      at = k;
    }
  }
  out[i] = i32(at);`),
    inputs: [storageOf(x.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
