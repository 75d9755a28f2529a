// Constant padding: each output element maps back to an input coordinate, or takes `value` when any
// coordinate falls in the padding.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { contiguousStrides, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

export function padConstant(
  rt: Runtime,
  inputs: readonly TensorInfo[],
  output: OutputSpec,
  attrs: KernelAttrs['padConstant'],
): DataId {
  const [x] = inputs;
  const type = wgslType('padConstant', x.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const rank = output.shape.length;
  const params = new Params().u32(n);
  if (type === 'f32') params.f32(attrs.value);
  else params.i32(Math.trunc(attrs.value));
  const outShape = params.length;
  params.u32s(output.shape);
  const before = params.length;
  params.i32s(attrs.before);
  const xShape = params.length;
  params.i32s(x.shape);
  const xStrides = params.length;
  params.i32s(contiguousStrides(x.shape));
  const value = type === 'f32' ? 'pf(1u)' : 'pi(1u)';
  rt.dispatch({
    key: `padConstant:${type}:r${rank}`,
    source: () =>
      header([{ name: 'x', type }], { name: 'out', type }, params.vec4Count) +
      elementMain(`  var rem = i;
  var ix = 0;
  var inside = true;
  for (var d: i32 = ${rank - 1}; d >= 0; d--) {
    let k = u32(d);
    let sz = pu(${outShape}u + k);
    let c = i32(rem % sz) - pi(${before}u + k);
    rem = rem / sz;
    inside = inside && c >= 0 && c < pi(${xShape}u + k);
    ix += c * pi(${xStrides}u + k);
  }
  if (inside) { out[i] = x[u32(ix)]; } else { out[i] = ${value}; }`),
    inputs: [storageOf(x.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
