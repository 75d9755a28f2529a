// torch.scatter_add without atomics (WGSL has no float atomics): one invocation per OUTPUT element walks the
// index entries along `axis` that share its other coordinates and sums the sources aimed at it. Sums run
// in index order, so results are deterministic and match a sequential CPU loop.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { contiguousStrides, normalizeAxis, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

export function scatterAdd(
  rt: Runtime,
  inputs: readonly TensorInfo[],
  output: OutputSpec,
  attrs: KernelAttrs['scatterAdd'],
): DataId {
  const [x, index, src] = inputs;
  const type = wgslType('scatterAdd', x.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const rank = x.shape.length;
  const axis = normalizeAxis(attrs.axis, rank);
  const params = new Params().u32(n).u32(axis).i32(x.shape[axis] ?? 1);
  const outShape = params.length;
  params.u32s(x.shape);
  const indexShape = params.length;
  params.u32s(index.shape);
  const indexStrides = params.length;
  params.u32s(contiguousStrides(index.shape));
  const srcStrides = params.length;
  params.u32s(contiguousStrides(src.shape));
  rt.dispatch({
    key: `scatterAdd:${type}:r${rank}`,
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
      elementMain(`  let axis = pu(1u);
  var rem = i;
  var dest = 0;
  var ib = 0u;
  var sb = 0u;
  var reachable = true;
  for (var d: i32 = ${rank - 1}; d >= 0; d--) {
    let k = u32(d);
    let sz = pu(${outShape}u + k);
    let c = rem % sz;
    rem = rem / sz;
    if (k == axis) {
      dest = i32(c);
    } else {
      reachable = reachable && c < pu(${indexShape}u + k);
      ib += c * pu(${indexStrides}u + k);
      sb += c * pu(${srcStrides}u + k);
    }
  }
  var acc = x[i];
  if (reachable) {
    let len = pu(${indexShape}u + axis);
    let is = pu(${indexStrides}u + axis);
    let ss = pu(${srcStrides}u + axis);
    for (var j = 0u; j < len; j++) {
      var t = index[ib + j * is];
      if (t < 0) { t += pi(2u); }
      if (t == dest) { acc += src[sb + j * ss]; }
    }
  }
  out[i] = acc;`),
    inputs: [storageOf(x.data), storageOf(index.data), storageOf(src.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
