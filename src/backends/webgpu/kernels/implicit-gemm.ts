// The implicit-GEMM shader the three webgpu conv2d kernels share: a tiled matrix product C = A B whose operands
// are never materialised. Each kernel supplies WGSL that reads one element of A or B straight from the tensors
// it stands for (the input's windows, the weight, the output gradient), so convolution costs no column tensor.
//
// Each workgroup computes a TM x TN tile of C, each invocation an RM x RN block of it, staging TK-deep slices of
// A and B in workgroup memory. Index arithmetic stays out of the inner loops: the K slice's coordinates (the
// divisions) are decoded once per workgroup into a small table while the previous slice is multiplied, and the
// B column each invocation loads is decoded once per invocation (so THREADS must be a multiple of TN).
// The sizes were picked on lavapipe (CI's software adapter), where 8 x 8 blocks per invocation took about 1.5x
// less CPU time than 4 x 4 and larger tiles or deeper slices made no measurable difference.

import type { WgslType } from '../wgsl.js';

export const TM = 64;
export const TN = 64;
const TK = 16;
const RM = 8;
const RN = 8;
const WX = TN / RN;
const WY = TM / RM;
const THREADS = WX * WY;

/** The WGSL a conv kernel plugs into the shared GEMM. */
export interface GemmParts {
  readonly type: WgslType;
  /**
   * Module-scope WGSL defining `fn setup(z: u32) -> vec4<i32>` (returns M, N and the K range [begin, end) of
   * workgroup slice z, and sets the private vars the other functions need for it), `fn decodeK(k: i32) ->
   * vec4<i32>` (a K index's coordinates), `fn decodeN(n: i32) -> vec4<i32>` (a column's coordinates),
   * `fn loadA(m: i32, kc: vec4<i32>) -> T`, `fn loadB(kc: vec4<i32>, nc: vec4<i32>) -> T` (both called only
   * in range) and `fn store(m: i32, n: i32, v: T)`.
   */
  readonly functions: string;
}

/** Workgroup counts covering an M x N product for `slices` z slices. */
export function gemmGroups(m: number, n: number, slices: number): [number, number, number] {
  return [Math.ceil(n / TN), Math.ceil(m / TM), slices];
}

/** The compute entry point around `parts` (the binding header comes first, from the caller). */
export function implicitGemm({ type, functions }: GemmParts): string {
  const loadsA = (TM * TK) / THREADS;
  const loadsB = (TN * TK) / THREADS;
  return `
var<workgroup> As: array<${type}, ${TM * TK}>;
var<workgroup> Bs: array<${type}, ${TN * TK}>;
var<workgroup> Ks: array<vec4<i32>, ${2 * TK}>;
var<workgroup> Bounds: vec4<i32>;
${functions}
@compute @workgroup_size(${WX}, ${WY})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let t = i32(lid.y * ${WX}u + lid.x);
  // setup's result is the same for the whole workgroup, but only a uniform load lets the K loop hold barriers.
  let mine = setup(wid.z);
  if (t == 0) { Bounds = mine; }
  let mnk = workgroupUniformLoad(&Bounds);
  let M = mnk.x;
  let N = mnk.y;
  let K_BEGIN = mnk.z;
  let K_END = mnk.w;
  let m0 = i32(wid.y) * ${TM};
  let n0 = i32(wid.x) * ${TN};
  let bCol = t % ${TN};
  let bRow = t / ${TN};
  var nc = vec4<i32>(0);
  if (n0 + bCol < N) { nc = decodeN(n0 + bCol); }
  if (t < ${TK} && K_BEGIN + t < K_END) { Ks[t] = decodeK(K_BEGIN + t); }
  workgroupBarrier();
  var acc: array<${type}, ${RM * RN}>;
  var slot = 0;
  for (var k0 = K_BEGIN; k0 < K_END; k0 += ${TK}) {
    for (var j = 0; j < ${loadsA}; j++) {
      let e = t + j * ${THREADS};
      let r = e / ${TK};
      let kk = e % ${TK};
      var v = ${type}(0);
      if (m0 + r < M && k0 + kk < K_END) { v = loadA(m0 + r, Ks[slot + kk]); }
      As[kk * ${TM} + r] = v;
    }
    for (var j = 0; j < ${loadsB}; j++) {
      let kk = bRow + j * ${THREADS / TN};
      var v = ${type}(0);
      if (n0 + bCol < N && k0 + kk < K_END) { v = loadB(Ks[slot + kk], nc); }
      Bs[kk * ${TN} + bCol] = v;
    }
    workgroupBarrier();
    // The next slice's coordinates go to the other half of Ks: this slice's loads are done with it.
    let next = ${TK} - slot;
    if (t < ${TK} && k0 + ${TK} + t < K_END) { Ks[next + t] = decodeK(k0 + ${TK} + t); }
    for (var kk = 0; kk < ${TK}; kk++) {
      var a: array<${type}, ${RM}>;
      var b: array<${type}, ${RN}>;
      for (var q = 0; q < ${RM}; q++) { a[q] = As[kk * ${TM} + i32(lid.y) + ${WY} * q]; }
      for (var q = 0; q < ${RN}; q++) { b[q] = Bs[kk * ${TN} + i32(lid.x) + ${WX} * q]; }
      for (var r = 0; r < ${RM}; r++) {
        for (var c = 0; c < ${RN}; c++) {
          acc[r * ${RN} + c] += a[r] * b[c];
        }
      }
    }
    workgroupBarrier();
    slot = next;
  }
  for (var r = 0; r < ${RM}; r++) {
    let m = m0 + i32(lid.y) + ${WY} * r;
    for (var c = 0; c < ${RN}; c++) {
      let n = n0 + i32(lid.x) + ${WX} * c;
      if (m < M && n < N) { store(m, n, acc[r * ${RN} + c]); }
    }
  }
}
`;
}
