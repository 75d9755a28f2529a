// Concatenation along one axis as one copy dispatch per input into its slice of the output, so any number of
// inputs works within the per-shader storage-binding limit.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { normalizeAxis, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

export function concat(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['concat']): DataId {
  const type = wgslType('concat', output.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  const axis = normalizeAxis(attrs.axis, output.shape.length);
  const inner = sizeOf(output.shape.slice(axis + 1));
  const outChunk = output.shape[axis] * inner;
  let start = 0;
  for (const x of inputs) {
    const n = sizeOf(x.shape);
    const chunk = x.shape[axis] * inner;
    // Words: 0 = n, 1 = this input's elements per outer index, 2 = the output's, 3 = where this slice starts.
    const params = new Params().u32(n).u32(chunk).u32(outChunk).u32(start * inner);
    start += x.shape[axis];
    if (n === 0) continue;
    rt.dispatch({
      key: `concat:${type}`,
      source: () =>
        header([{ name: 'x', type }], { name: 'out', type }, params.vec4Count) +
        elementMain(`  out[(i / pu(1u)) * pu(2u) + pu(3u) + i % pu(1u)] = x[i];`),
      inputs: [storageOf(x.data)],
      output: out,
      params,
      groups: elementGrid(n),
    });
  }
  return out;
}
