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
import { header, wgslType } from '../wgsl.js';
import { CONV_GEOMETRY, MAX_GROUPS, checkColumns, convParams } from './Conv2d.js';
import { gemmGroups, implicitGemm } from './implicit-gemm.js';

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

const FUNCTIONS = (type: string): string => `
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
fn decodeN(n: i32) -> vec4<i32> {
  return vec4<i32>(n / NU, n % NU, 0, 0);
}
fn loadA(m: i32, kc: vec4<i32>) -> ${type} {
  return w[wBase + kc.w + m * KH * KW];
}
fn loadB(kc: vec4<i32>, nc: vec4<i32>) -> ${type} {
  let r = nc.x + kc.y;
  let c = nc.y + kc.z;
  if (u32(r) < u32(HO) && u32(c) < u32(WO)) { return dy[dyBase + kc.x + r * WO + c]; }
  return ${type}(0);
}
fn store(m: i32, n: i32, v: ${type}) {
  out[dxBase + m * H * W + (RH + SH * (n / NU)) * W + RW + SW * (n % NU)] = v;
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
  for (let rh = 0; rh < attrs.stride[0]; rh++) {
    const rowPhase = phaseDim(rh, height, kh, attrs.stride[0], attrs.padding[0], attrs.dilation[0]);
    for (let rw = 0; rw < attrs.stride[1]; rw++) {
      const colPhase = phaseDim(rw, width, kw, attrs.stride[1], attrs.padding[1], attrs.dilation[1]);
      const positions = rowPhase.positions * colPhase.positions;
      if (positions === 0) continue;
      checkColumns('conv2dBackwardInput', positions);
      for (let first = 0; first < slices; first += MAX_GROUPS) {
        const params = convParams(output.shape, dy.shape, [kh, kw], attrs).i32s([
          first, rh, rw, rowPhase.positions, colPhase.positions,
          rowPhase.first, rowPhase.step, rowPhase.taps, rowPhase.q0, rowPhase.dq,
          colPhase.first, colPhase.step, colPhase.taps, colPhase.q0, colPhase.dq,
        ]);
        rt.dispatch({
          key: `conv2dBackwardInput:${type}`,
          source: () => header([{ name: 'dy', type }, { name: 'w', type }], { name: 'out', type }, params.vec4Count) + CONV_GEOMETRY + implicitGemm({ type, functions: FUNCTIONS(type) }),
          inputs: [storageOf(dy.data), storageOf(weight.data)],
          output: out,
          params,
          groups: gemmGroups(channels / attrs.groups, positions, Math.min(MAX_GROUPS, slices - first)),
        });
      }
    }
  }
  return out;
}
