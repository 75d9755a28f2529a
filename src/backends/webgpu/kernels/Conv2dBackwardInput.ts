// webgpu `conv2dBackwardInput` (also the transposed convolution) as an implicit GEMM that reads the output
// gradient directly. With stride s, the input rows h = r + s t of one phase r (0 <= r < s) are reached only by
// the taps a with (r + padding - a dilation) divisible by s, which form a progression a0, a0 + step, ...; per
// phase (rh, rw), image and group: dx [C / G, phase positions] = weight^T [C / G, Co / G x phase taps] x
// dy gathered [Co / G x phase taps, phase positions]. No tap is multiplied by a structural zero, and each input
// element is written once (no atomics, no col2im pass).

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { header, wgslType, type WgslType } from '../wgsl.js';
import { QUAD, storeQuad, windowQuad } from './conv-quads.js';
import { CONV_GEOMETRY, MAX_GROUPS, checkColumns, convParams } from './Conv2d.js';
import { gemmGroups, gemmTiling, implicitGemm } from './implicit-gemm.js';

/** One dim of one phase: the taps that reach it and where they read dy. */
interface PhaseDim {
  /** Input positions r, r + s, ... below the input size. */
  readonly positions: number;
  /** First tap, tap step and tap count (0 when no tap reaches the phase). */
  readonly first: number;
  readonly step: number;
  readonly taps: number;
  /** dy position of position t and tap i: t + q0 - i dq. */
  readonly q0: number;
  readonly dq: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function phaseDim(r: number, size: number, kernel: number, stride: number, padding: number, dilation: number): PhaseDim {
  const positions = Math.max(0, Math.ceil((size - r) / stride));
  let first = 0;
  while (first < kernel && (r + padding - first * dilation) % stride !== 0) first++;
  const step = stride / gcd(stride, dilation);
  if (first === kernel) return { positions, first: 0, step, taps: 0, q0: 0, dq: 0 };
  const taps = Math.ceil((kernel - first) / step);
  return { positions, first, step, taps, q0: (r + padding - first * dilation) / stride, dq: (step * dilation) / stride };
}

/** One phase's shape-dependent choices (see implicit-gemm.ts for quads). */
interface PhaseVariant {
  /** The phase's rows are a multiple of 4 wide: an output-gradient window quad stays in one row. */
  readonly sameRow: boolean;
  /** Stride 1 (one phase, whose positions are the input's) and input planes a multiple of 4: quads store as vec4. */
  readonly vecOut: boolean;
}

const FUNCTIONS = (type: WgslType, v: PhaseVariant): string => `
var<private> dyBase: i32;
var<private> wBase: i32;
var<private> dxBase: i32;
var<private> CG: i32;
var<private> RH: i32;
var<private> RW: i32;
var<private> NU: i32;
var<private> A0: i32;
var<private> STEPA: i32;
var<private> NA: i32;
var<private> Q0H: i32;
var<private> DQH: i32;
var<private> B0: i32;
var<private> STEPB: i32;
var<private> NB: i32;
var<private> Q0W: i32;
var<private> DQW: i32;
fn setup(z: u32) -> vec4<i32> {
  readGeometry();
  let slice = i32(z) + param(0u);
  RH = param(1u); RW = param(2u);
  let nt = param(3u);
  NU = param(4u);
  A0 = param(5u); STEPA = param(6u); NA = param(7u); Q0H = param(8u); DQH = param(9u);
  B0 = param(10u); STEPB = param(11u); NB = param(12u); Q0W = param(13u); DQW = param(14u);
  let n = slice / G;
  let g = slice % G;
  CG = C / G;
  let cog = CO / G;
  dyBase = (n * CO + g * cog) * HO * WO;
  wBase = g * cog * CG * KH * KW;
  dxBase = (n * C + g * CG) * H * W;
  return vec4<i32>(CG, nt * NU, 0, cog * NA * NB);
}
fn decodeK(k: i32) -> vec4<i32> {
  let co = k / (NA * NB);
  let tap = k % (NA * NB);
  let i = tap / NB;
  let j = tap % NB;
  return vec4<i32>(co * HO * WO, Q0H - i * DQH, Q0W - j * DQW, co * CG * KH * KW + (A0 + i * STEPA) * KW + B0 + j * STEPB);
}
fn rowA(m: i32) -> i32 {
  return wBase + m * KH * KW;
}
// Four consecutive input channels' weights at one tap: a stride of kh kw apart.
fn loadA(at: i32, m: i32, k: i32) -> vec4<${type}> {
  let i = at + kAt(k).w;
  var v = vec4<${type}>(0);
${QUAD.map((j) => `  if (m + ${j} < GEMM_M) { v[${j}] = w[i + ${j} * KH * KW]; }`).join('\n')}
  return v;
}
${windowQuad({ type, operand: 'B', src: 'dy', base: 'dyBase', cols: 'NU', rowStep: '1', rowOrigin: '0', colStep: '1', colOrigin: '0', height: 'HO', width: 'WO', sameRow: v.sameRow })}
fn store(m: i32, n: i32, v: vec4<${type}>) {
${v.vecOut ? storeQuad('out', 'dxBase + m * H * W + n', true, 'n', 'GEMM_N') : QUAD.map((j) => `  if (n + ${j} < GEMM_N) { out[inputAt(m, n + ${j})] = v[${j}]; }`).join('\n')}
}
// Where phase position p of channel m lies in dx.
fn inputAt(m: i32, p: i32) -> i32 {
  return dxBase + m * H * W + (RH + SH * (p / NU)) * W + RW + SW * (p % NU);
}
`;

export function conv2dBackwardInput(
  rt: Runtime,
  inputs: readonly TensorInfo[],
  output: OutputSpec,
  attrs: KernelAttrs['conv2dBackwardInput'],
): DataId {
  const [dy, weight] = inputs;
  const type = wgslType('conv2dBackwardInput', dy.dtype);
  const out = rt.allocate(sizeOf(output.shape) * 4);
  if (sizeOf(output.shape) === 0) return out;
  const [batch, channels, height, width] = output.shape;
  const [kh, kw] = weight.shape.slice(2);
  const slices = batch * attrs.groups;
  const tiling = gemmTiling(rt.softwareAdapter);
  const unitStride = attrs.stride[0] === 1 && attrs.stride[1] === 1;
  for (let rh = 0; rh < attrs.stride[0]; rh++) {
    const rowPhase = phaseDim(rh, height, kh, attrs.stride[0], attrs.padding[0], attrs.dilation[0]);
    for (let rw = 0; rw < attrs.stride[1]; rw++) {
      const colPhase = phaseDim(rw, width, kw, attrs.stride[1], attrs.padding[1], attrs.dilation[1]);
      const positions = rowPhase.positions * colPhase.positions;
      if (positions === 0) continue;
      checkColumns('conv2dBackwardInput', tiling, positions);
      for (let first = 0; first < slices; first += MAX_GROUPS) {
        const params = convParams(output.shape, dy.shape, [kh, kw], attrs).i32s([
          first, rh, rw, rowPhase.positions, colPhase.positions,
          rowPhase.first, rowPhase.step, rowPhase.taps, rowPhase.q0, rowPhase.dq,
          colPhase.first, colPhase.step, colPhase.taps, colPhase.q0, colPhase.dq,
        ]);
        const variant: PhaseVariant = { sameRow: colPhase.positions % 4 === 0, vecOut: unitStride && (height * width) % 4 === 0 };
        rt.dispatch({
          key: `conv2dBackwardInput:${type}:${tiling.name}:${variant.sameRow}:${variant.vecOut}`,
          source: () =>
            header([{ name: 'dy', type }, { name: 'w', type }], { name: 'out', type, vec4: variant.vecOut }, params.vec4Count) +
            CONV_GEOMETRY +
            implicitGemm({ type, tiling, a: 'rows', b: 'rows', functions: FUNCTIONS(type, variant) }),
          inputs: [storageOf(dy.data), storageOf(weight.data)],
          output: out,
          params,
          groups: gemmGroups(tiling, channels / attrs.groups, positions, Math.min(MAX_GROUPS, slices - first)),
        });
      }
    }
  }
  return out;
}
