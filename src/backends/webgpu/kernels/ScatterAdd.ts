// torch.scatter_add in linear time: the output starts as a copy of x, then one invocation per INDEX element
// adds its source value at the target (its own coordinates with the axis one taken from the index) with an
// atomic add. int32 sums are exact; float32 sums of repeated targets land in an unspecified order (see
// atomicAddAt), so they may differ from a sequential sum in the last bits. Negative indices count from the end;
// out-of-range targets are skipped (the cpu kernel throws; the index is never read back here).

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { contiguousStrides, normalizeAxis, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { atomicAddAt, elementGrid, elementMain, header, wgslType } from '../wgsl.js';

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
  rt.copy(storageOf(x.data), out, n * 4);
  const m = sizeOf(index.shape);
  if (m === 0) return out;
  const rank = x.shape.length;
  const axis = normalizeAxis(attrs.axis, rank);
  // Words: 0 = index elements, 1 = axis, 2 = x's axis length, then per dim: index shape, x shape and strides, src strides.
  const params = new Params().u32(m).u32(axis).i32(x.shape[axis] ?? 1);
  const indexShape = params.length;
  params.u32s(index.shape);
  const xShape = params.length;
  params.u32s(x.shape);
  const xStrides = params.length;
  params.u32s(contiguousStrides(x.shape));
  const srcStrides = params.length;
  params.u32s(contiguousStrides(src.shape));
  rt.dispatch({
    key: `scatterAdd:${type}:r${rank}`,
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
      elementMain(`  let axis = pu(1u);
  let axisLen = pi(2u);
  var rem = i;
  var dest = 0u;
  var sb = 0u;
  var inside = true;
  for (var d: i32 = ${rank - 1}; d >= 0; d--) {
    let k = u32(d);
    let sz = pu(${indexShape}u + k);
    let c = rem % sz;
    rem = rem / sz;
    if (k != axis) {
      inside = inside && c < pu(${xShape}u + k);
      dest += c * pu(${xStrides}u + k);
    }
    sb += c * pu(${srcStrides}u + k);
  }
  var t = index[i];
  if (t < 0) { t += axisLen; }
  if (inside && t >= 0 && t < axisLen) {
    atomicAddAt(dest + u32(t) * pu(${xStrides}u + axis), src[sb]);
  }`),
    inputs: [storageOf(index.data), storageOf(src.data)],
    output: out,
    params,
    groups: elementGrid(m),
  });
  return out;
}
