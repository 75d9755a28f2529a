// webgpu `conv2d` as an implicit GEMM: per image and channel group, out [Co / G, Ho Wo] = weight
// [Co / G, C / G kh kw] x the input's columns [C / G kh kw, Ho Wo] (+ the bias, added as outputs are stored),
// where each column element is read straight from the input (zero outside it), so neither a padded copy nor a
// column tensor is ever written. It also
// defines the geometry params and WGSL its two gradient kernels share.

import type { Conv2dAttrs, DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { header, wgslType, type WgslType } from '../wgsl.js';
import { loadQuad, storeQuad, windowQuad } from './conv-quads.js';
import { type GemmTiling, gemmGroups, gemmTiling, implicitGemm } from './implicit-gemm.js';

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
export function checkColumns(kernel: string, tiling: GemmTiling, columns: number): void {
  if (Math.ceil(columns / tiling.tileN) > MAX_GROUPS) throw new Error(`webgpu kernel '${kernel}': ${columns} output positions exceed the dispatch limit`);
}

/** The forward's shape-dependent choices (see implicit-gemm.ts for quads). */
interface ForwardVariant {
  /** Weight rows (C / G kh kw taps) are a multiple of 4 long: the weight's quads along K load as vec4. */
  readonly vecW: boolean;
  /** Output rows are a multiple of 4 wide: an input-window quad stays in one output row. */
  readonly sameRow: boolean;
  /** Output planes are a multiple of 4: output quads store as vec4. */
  readonly vecOut: boolean;
  /** A third input, bias [Co], is added to each output channel as it is stored. */
  readonly bias: boolean;
}

const FUNCTIONS = (type: WgslType, v: ForwardVariant): string => `
var<private> xBase: i32;
var<private> wBase: i32;
var<private> outBase: i32;
var<private> biasBase: i32;
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
  biasBase = g * cog;
  return vec4<i32>(cog, HO * WO, 0, TAPS);
}
fn decodeK(k: i32) -> vec4<i32> {
  let c = k / (KH * KW);
  let tap = k % (KH * KW);
  return vec4<i32>(c * H * W, (tap / KW) * DH, (tap % KW) * DW, k);
}
fn rowA(m: i32) -> i32 {
  return wBase + m * TAPS;
}
fn loadA(at: i32, m: i32, k: i32) -> vec4<${type}> {
  var v = vec4<${type}>(0);
${v.vecW ? '  if (k < K_END) { v = w[(at + k) / 4]; }' : loadQuad('w', 'at + k', 'k', 'K_END')}
  return v;
}
${windowQuad({ type, operand: 'B', src: 'x', base: 'xBase', cols: 'WO', rowStep: 'SH', rowOrigin: 'PH', colStep: 'SW', colOrigin: 'PW', height: 'H', width: 'W', sameRow: v.sameRow })}
fn store(m: i32, n: i32, acc: vec4<${type}>) {
  let v = acc${v.bias ? ` + vec4<${type}>(b[biasBase + m])` : ''};
${storeQuad('out', 'outBase + m * HO * WO + n', v.vecOut, 'n', 'GEMM_N')}
}
`;

export function conv2d(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['conv2d']): DataId {
  const [x, weight, bias] = inputs;
  const type = wgslType('conv2d', x.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  if (sizeOf(output.shape) === 0) return out;
  const slices = x.shape[0] * attrs.groups;
  const [, channelsOut, rows, cols] = output.shape;
  const tiling = gemmTiling(rt.softwareAdapter);
  checkColumns('conv2d', tiling, rows * cols);
  const taps = sizeOf(weight.shape.slice(1));
  const variant: ForwardVariant = { vecW: taps > 0 && taps % 4 === 0, sameRow: cols % 4 === 0, vecOut: (rows * cols) % 4 === 0, bias: bias !== undefined };
  const bindings = [{ name: 'x', type }, { name: 'w', type, vec4: variant.vecW }, ...(bias ? [{ name: 'b', type }] : [])];
  for (let first = 0; first < slices; first += MAX_GROUPS) {
    const params = convParams(x.shape, output.shape, weight.shape.slice(2), attrs).i32(first);
    rt.dispatch({
      key: `conv2d:${type}:${tiling.name}:${variant.vecW}:${variant.sameRow}:${variant.vecOut}:${variant.bias}`,
      source: () =>
        header(bindings, { name: 'out', type, vec4: variant.vecOut }, params.vec4Count) +
        CONV_GEOMETRY +
        implicitGemm({ type, tiling, a: 'k', b: 'rows', functions: FUNCTIONS(type, variant) }),
      inputs: inputs.map((t) => storageOf(t.data)),
      output: out,
      params,
      groups: gemmGroups(tiling, channelsOut / attrs.groups, rows * cols, Math.min(MAX_GROUPS, slices - first)),
    });
  }
  return out;
}
