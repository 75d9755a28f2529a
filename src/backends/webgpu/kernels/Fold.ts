// webgpu `fold` (col2im), the gradient of convolution's unfold and the last step of transposed convolution:
// one invocation per OUTPUT element gathers the taps that cover it (in each dim, tap k covers position p from
// window o = (p + origin - k * dilation) / stride when that divides exactly and lies in [0, O)), summing in tap
// order. No atomics, deterministic, O(output x taps). One nested loop per spatial dim is generated per rank.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { contiguousStrides, sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType } from '../wgsl.js';

/** Param words per spatial dim: size, windows, taps, stride, dilation, origin, tap stride, window stride. */
const PER_DIM = 8;

export function fold(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['fold']): DataId {
  const [cols] = inputs;
  const type = wgslType('fold', cols.dtype);
  const n = sizeOf(output.shape);
  const out = rt.allocate(n * 4);
  if (n === 0) return out;
  const d = attrs.kernel.length;
  const size = output.shape.slice(2);
  const counts = cols.shape.slice(2 + d);
  const windows = sizeOf(counts);
  const taps = sizeOf(attrs.kernel);
  // Words: 0 = n, 1 = output elements per plane, 2 = column elements per plane, then PER_DIM words per dim.
  const params = new Params().u32(n).u32(sizeOf(size)).u32(taps * windows);
  const dims = params.length;
  const windowStrides = contiguousStrides(counts);
  const tapStrides = contiguousStrides(attrs.kernel).map((t) => t * windows);
  for (let i = 0; i < d; i++) {
    params
      .u32(size[i])
      .i32(counts[i])
      .u32(attrs.kernel[i])
      .i32(attrs.stride[i])
      .i32(attrs.dilation[i])
      .i32(attrs.origin[i])
      .u32(tapStrides[i])
      .u32(windowStrides[i]);
  }
  const w = (i: number, field: number): string => `${dims + i * PER_DIM + field}u`;
  // Coordinates of the output element within its plane, last dim fastest.
  const coords = Array.from({ length: d }, (_, j) => d - 1 - j)
    .map((i) => `  let p${i} = i32(rem % pu(${w(i, 0)}));\n  rem = rem / pu(${w(i, 0)});`)
    .join('\n');
  let loops = `acc += cols[c${d - 1}];`;
  for (let i = d - 1; i >= 0; i--) {
    const parent = i === 0 ? 'base' : `c${i - 1}`;
    loops = `for (var k${i} = 0u; k${i} < pu(${w(i, 2)}); k${i}++) {
    let q${i} = p${i} + pi(${w(i, 5)}) - i32(k${i}) * pi(${w(i, 4)});
    if (q${i} < 0 || q${i} % pi(${w(i, 3)}) != 0) { continue; }
    let o${i} = q${i} / pi(${w(i, 3)});
    if (o${i} >= pi(${w(i, 1)})) { continue; }
    let c${i} = ${parent} + k${i} * pu(${w(i, 6)}) + u32(o${i}) * pu(${w(i, 7)});
    ${loops}
  }`;
  }
  rt.dispatch({
    key: `fold:${type}:d${d}`,
    source: () =>
      header([{ name: 'cols', type }], { name: 'out', type }, params.vec4Count) +
      elementMain(`  var rem = i % pu(1u);
${coords}
  let base = (i / pu(1u)) * pu(2u);
  var acc = ${type}(0);
  ${loops}
  out[i] = acc;`),
    inputs: [storageOf(cols.data)],
    output: out,
    params,
    groups: elementGrid(n),
  });
  return out;
}
