// webgpu `conv2dBackwardFilter` as an implicit GEMM reducing over the batch and the output positions: per
// channel group, dW [Co / G, C / G kh kw] = dy [Co / G, N Ho Wo] x the input's columns^T [N Ho Wo, C / G kh kw],
// both operands read straight from dy and x. The product is short and wide-K (a 3x3 64->64 filter is 64 x 576
// against K = N Ho Wo), so K is split into chunks whose partial products go to a scratch buffer and a second
// pass adds them in chunk order: enough workgroups to fill the device, deterministic sums, no atomics.

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { elementGrid, elementMain, header, wgslType, type WgslType } from '../wgsl.js';
import { CONV_GEOMETRY, MAX_GROUPS, convParams } from './Conv2d.js';
import { QUAD, storeQuad } from './conv-quads.js';
import { gemmGroups, gemmTiling, implicitGemm } from './implicit-gemm.js';

/** Workgroups worth filling the device with before splitting K stops paying. */
const TARGET_GROUPS = 256;
/** Smallest K chunk a split may leave one workgroup. */
const MIN_CHUNK = 1024;

/** The filter gradient's shape-dependent choices (see implicit-gemm.ts for quads). */
interface FilterVariant {
  /** Output-gradient planes are a multiple of 4: its quads along K (output positions) load as vec4. */
  readonly vecDy: boolean;
  /** Output rows are a multiple of 4 wide: an input-window quad along K stays in one output row. */
  readonly sameRow: boolean;
  /** The weight's rows (C / G kh kw) are a multiple of 4: quads store as vec4. */
  readonly vecOut: boolean;
}

const FUNCTIONS = (type: WgslType, v: FilterVariant): string => `
var<private> dyBase: i32;
var<private> xBase: i32;
var<private> outBase: i32;
var<private> TAPS: i32;
fn setup(z: u32) -> vec4<i32> {
  readGeometry();
  let splits = param(0u);
  let chunk = param(1u);
  let g = i32(z) / splits;
  let s = i32(z) % splits;
  let cg = C / G;
  let cog = CO / G;
  TAPS = cg * KH * KW;
  dyBase = g * cog * HO * WO;
  xBase = g * cg * H * W;
  outBase = (s * G + g) * cog * TAPS;
  let k = BATCH * HO * WO;
  return vec4<i32>(cog, TAPS, s * chunk, min(k, (s + 1) * chunk));
}
fn decodeK(k: i32) -> vec4<i32> {
  let n = k / (HO * WO);
  let p = k % (HO * WO);
  return vec4<i32>(n * C * H * W, (p / WO) * SH - PH, (p % WO) * SW - PW, n * CO * HO * WO + p);
}
fn rowA(m: i32) -> i32 {
  return dyBase + m * HO * WO;
}
fn loadA(at: i32, m: i32, k: i32) -> vec4<${type}> {
  var v = vec4<${type}>(0);
${v.vecDy ? '  if (k < K_END) { v = dy[(at + kAt(k).w) / 4]; }' : QUAD.map((j) => `  if (k + ${j} < K_END) { v[${j}] = dy[at + kAt(k + ${j}).w]; }`).join('\n')}
  return v;
}
fn rowB(n: i32) -> vec4<i32> {
  let c = n / (KH * KW);
  let tap = n % (KH * KW);
  return vec4<i32>(xBase + c * H * W, (tap / KW) * DH, (tap % KW) * DW, 0);
}
fn loadB(at: vec4<i32>, n: i32, k: i32) -> vec4<${type}> {
  var v = vec4<${type}>(0);
${v.sameRow ? `  if (k < K_END) {
    let kc = kAt(k);
    let r = kc.y + at.y;
    let c = kc.z + at.z;
    let i = at.x + kc.x + r * W + c;
    if (u32(r) < u32(H)) {
${QUAD.map((j) => `      if (u32(c + ${j} * SW) < u32(W)) { v[${j}] = x[i + ${j} * SW]; }`).join('\n')}
    }
  }` : QUAD.map((j) => `  if (k + ${j} < K_END) {
    let kc = kAt(k + ${j});
    let r = kc.y + at.y;
    let c = kc.z + at.z;
    if (u32(r) < u32(H) && u32(c) < u32(W)) { v[${j}] = x[at.x + kc.x + r * W + c]; }
  }`).join('\n')}
  return v;
}
fn store(m: i32, n: i32, v: vec4<${type}>) {
${storeQuad('out', 'outBase + m * TAPS + n', v.vecOut, 'n', 'GEMM_N')}
}
`;

/** Adds `splits` partial results of `size` elements each, in split order. */
function sumSplits(rt: Runtime, type: WgslType, partial: DataId, out: DataId, size: number, splits: number): void {
  const params = new Params().u32(size).u32(splits);
  rt.dispatch({
    key: `conv2dBackwardFilter:sum:${type}`,
    source: () =>
      header([{ name: 'partial', type }], { name: 'out', type }, params.vec4Count) +
      elementMain(`  var acc = partial[i];
  for (var s = 1u; s < pu(1u); s++) { acc += partial[s * pu(0u) + i]; }
  out[i] = acc;`),
    inputs: [storageOf(partial)],
    output: storageOf(out),
    params,
    groups: elementGrid(size),
  });
}

export function conv2dBackwardFilter(
  rt: Runtime,
  inputs: readonly TensorInfo[],
  output: OutputSpec,
  attrs: KernelAttrs['conv2dBackwardFilter'],
): DataId {
  const [x, dy] = inputs;
  const type = wgslType('conv2dBackwardFilter', x.dtype);
  const size = sizeOf(output.shape);
  const out = rt.allocate(size * 4);
  if (size === 0) return out;
  const [channelsOut, perGroup, kh, kw] = output.shape;
  const m = channelsOut / attrs.groups;
  const n = perGroup * kh * kw;
  const k = x.shape[0] * dy.shape[2] * dy.shape[3];
  const tiling = gemmTiling(rt.softwareAdapter);
  const tiles = Math.ceil(m / tiling.tileM) * Math.ceil(n / tiling.tileN) * attrs.groups;
  const wanted = Math.min(Math.ceil(TARGET_GROUPS / tiles), Math.floor(k / MIN_CHUNK), Math.floor(MAX_GROUPS / attrs.groups));
  const splits = Math.max(1, wanted);
  const chunk = Math.ceil(k / splits / 16) * 16;
  const params = convParams(x.shape, dy.shape, [kh, kw], attrs).i32s([splits, chunk]);
  const target = splits === 1 ? out : rt.allocate(splits * size * 4);
  const planeOut = dy.shape[2] * dy.shape[3];
  const variant: FilterVariant = { vecDy: k > 0 && planeOut % 4 === 0, sameRow: dy.shape[3] % 4 === 0, vecOut: n % 4 === 0 };
  rt.dispatch({
    key: `conv2dBackwardFilter:${type}:${tiling.name}:${variant.vecDy}:${variant.sameRow}:${variant.vecOut}`,
    source: () =>
      header([{ name: 'x', type }, { name: 'dy', type, vec4: variant.vecDy }], { name: 'out', type, vec4: variant.vecOut }, params.vec4Count) +
      CONV_GEOMETRY +
      implicitGemm({ type, tiling, a: 'k', b: 'k', functions: FUNCTIONS(type, variant) }),
    inputs: [storageOf(x.data), storageOf(dy.data)],
    output: target,
    params,
    groups: gemmGroups(tiling, m, n, attrs.groups * splits),
  });
  if (target !== out) {
    sumSplits(rt, type, target, out, size, splits);
    rt.release(target);
  }
  return out;
}
