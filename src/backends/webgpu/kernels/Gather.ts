// torch.gather: the output has the index's shape; along `axis` the coordinate comes from the index, elsewhere
// it is the output's own coordinate. Negative indices count from the end of the axis.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { contiguousStrides, normalizeAxis, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

export function gather(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['gather']): DataId {
  const [x, index] = inputs;
  const type = wgslType('gather', x.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const rank = index.shape.length;
  const axis = normalizeAxis(attrs.axis, rank);
  const params = new Params().u32(n).u32(axis).i32(x.shape[axis] ?? 1);
  const shapeOff = params.length;
  params.u32s(index.shape);
  const strideOff = params.length;
  params.i32s(contiguousStrides(x.shape));
  rt.dispatch({
    key: `gather:${type}:r${rank}`,
    source: () =>
      header([{ name: 'x', type }, { name: 'index', type: 'i32' }], { name: 'out', type }, params.vec4Count) +
      elementMain(`  var rem = i;
  var ix = 0;
  for (var d: i32 = ${rank - 1}; d >= 0; d--) {
    let k = u32(d);
    let sz = pu(${shapeOff}u + k);
    var c = i32(rem % sz);
    rem = rem / sz;
    if (k == pu(1u)) {
      c = index[i];
      if (c < 0) { c += pi(2u); }
    }
    ix += c * pi(${strideOff}u + k);
  }
  out[i] = x[u32(ix)];`),
    inputs: [storageOf(x.data), storageOf(index.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
