// webgpu `conv2d` as an implicit GEMM: per image and channel group, out [Co / G, Ho Wo] = weight
// [Co / G, C / G kh kw] x the input's columns [C / G kh kw, Ho Wo], where each column element is read straight
// from the input (zero outside it), so neither a padded copy nor a column tensor is ever written. It also
// defines the geometry params and WGSL its two gradient kernels share.

import type { Conv2dAttrs, DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { header, wgslType } from '../wgsl.js';
import { gemmGroups, implicitGemm } from './implicit-gemm.js';

const GEOMETRY = ['BATCH', 'C', 'H', 'W', 'CO', 'HO', 'WO', 'KH', 'KW', 'SH', 'SW', 'PH', 'PW', 'DH', 'DW', 'G'] as const;

/** Param word of a kernel's first own field (after the shared geometry). */
export const EXTRA = GEOMETRY.length;

/** Most workgroups one dispatch dimension takes. */
export const MAX_GROUPS = 65535;

/** The shared geometry words: input [N, C, H, W], output (gradient) [N, Co, Ho, Wo], kernel [kh, kw], attrs. */
export function convParams(x: readonly number[], y: readonly number[], kernel: readonly number[], attrs: Conv2dAttrs): Params {
  return new Params().i32s([...x, y[1], y[2], y[3], kernel[0], kernel[1], ...attrs.stride, ...attrs.padding, ...attrs.dilation, attrs.groups]);
}

/** WGSL: the geometry as private vars, filled by readGeometry(), and `param(i)` reading a kernel's own word i. */
export const CONV_GEOMETRY = `${GEOMETRY.map((g) => `var<private> ${g}: i32;`).join('\n')}
fn readGeometry() {
${GEOMETRY.map((g, i) => `  ${g} = pi(${i}u);`).join('\n')}
}
fn param(i: u32) -> i32 { return pi(${EXTRA}u + i); }
`;

/** Throws when a GEMM of `columns` output columns needs more workgroups along x than one dispatch allows. */
export function checkColumns(kernel: string, columns: number): void {
  if (Math.ceil(columns / 64) > MAX_GROUPS) throw new Error(`webgpu kernel '${kernel}': ${columns} output positions exceed the dispatch limit`);
}

export function conv2d(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['conv2d']): DataId {
  const [x, weight] = inputs;
  const type = wgslType('conv2d', x.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  if (sizeOf(output.shape) === 0) return out;
  const slices = x.shape[0] * attrs.groups;
  const [, channelsOut, rows, cols] = output.shape;
  checkColumns('conv2d', rows * cols);
  for (let first = 0; first < slices; first += MAX_GROUPS) {
    const params = convParams(x.shape, output.shape, weight.shape.slice(2), attrs).i32(first);
    rt.dispatch({
      key: `conv2d:${type}`,
      source: () =>
        header([{ name: 'x', type }, { name: 'w', type }], { name: 'out', type }, params.vec4Count) +
        CONV_GEOMETRY +
        implicitGemm({
          type,
          functions: `
var<private> xBase: i32;
var<private> wBase: i32;
var<private> outBase: i32;
var<private> TAPS: i32;
fn setup(z: u32) -> vec4<i32> {
  readGeometry();
  let slice = i32(z) + param(0u);
  let n = slice / G;
  let g = slice % G;
  let cg = C / G;
  let cog = CO / G;
  TAPS = cg * KH * KW;
  xBase = (n * C + g * cg) * H * W;
  wBase = g * cog * TAPS;
  outBase = (n * CO + g * cog) * HO * WO;
  return vec4<i32>(cog, HO * WO, 0, TAPS);
}
fn decodeK(k: i32) -> vec4<i32> {
  let c = k / (KH * KW);
  let tap = k % (KH * KW);
  return vec4<i32>(c * H * W, (tap / KW) * DH, (tap % KW) * DW, k);
}
fn decodeN(n: i32) -> vec4<i32> {
  return vec4<i32>((n / WO) * SH - PH, (n % WO) * SW - PW, 0, 0);
}
fn loadA(m: i32, kc: vec4<i32>) -> ${type} {
  return w[wBase + m * TAPS + kc.w];
}
fn loadB(kc: vec4<i32>, nc: vec4<i32>) -> ${type} {
  let r = nc.x + kc.y;
  let c = nc.y + kc.z;
  if (u32(r) < u32(H) && u32(c) < u32(W)) { return x[xBase + kc.x + r * W + c]; }
  return ${type}(0);
}
fn store(m: i32, n: i32, v: ${type}) {
  out[outBase + m * HO * WO + n] = v;
}
`,
        }),
      inputs: [storageOf(x.data), storageOf(weight.data)],
      output: out,
      params,
      groups: gemmGroups(channelsOut / attrs.groups, rows * cols, Math.min(MAX_GROUPS, slices - first)),
    });
  }
  return out;
}
