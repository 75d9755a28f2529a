// The implicit-GEMM shader the three webgpu conv2d kernels share: a tiled matrix product C = A B whose operands
// are never materialised. Each kernel supplies WGSL that reads A or B straight from the tensors they stand for
// (the input's windows, the weight, the output gradient), so convolution costs no column tensor.
//
// Each workgroup computes a TM x TN tile of C, each invocation an RM x RN block of it held as named vec4
// accumulators, staging TK-deep slices of A and B in workgroup memory as vec4s (the matmul kernel's layout,
// matmul-wgsl.ts). An invocation moves operand elements four at a time, a "quad": four consecutive rows at one
// k, or one row at four consecutive k, whichever the tensor behind the operand holds contiguously (or at least
// shares the index arithmetic of), so a kernel reads a quad as one vec4 where the layout allows it and otherwise
// as four scalars decoded together. Index arithmetic stays out of the inner loops: the K slice's coordinates
// (the divisions) are decoded once per workgroup into a small table while the previous slice is multiplied, and
// the rows an invocation loads are decoded once per invocation.
// The sizes were picked on lavapipe (CI's software adapter), where 8 x 8 blocks per invocation took about 1.5x
// less CPU time than 4 x 4; on a GPU, 64 x 64 tiles of 64 invocations keep a few hundred workgroups in flight
// for the convolutions of a video model (the matmul kernel's `mid8`).

import type { WgslType } from '../wgsl.js';

export const TM = 64;
export const TN = 64;
const TK = 16;
const RM = 8;
const RN = 8;
const WX = TN / RN;
const WY = TM / RM;
const THREADS = WX * WY;

/**
 * How an invocation's quads of one operand run: along the operand's rows (M for A, N for B) at one k, or along
 * K at one row. A 'k' operand's slices are stored transposed into workgroup memory, with a 4-element pad per k
 * row so that the transposing stores spread over memory banks on a GPU.
 */
export type QuadAxis = 'rows' | 'k';

/** The WGSL a conv kernel plugs into the shared GEMM. */
export interface GemmParts {
  readonly type: WgslType;
  readonly a: QuadAxis;
  readonly b: QuadAxis;
  /**
   * Module-scope WGSL defining
   * - `fn setup(z: u32) -> vec4<i32>`: M, N and the K range [begin, end) of workgroup slice z (begin a multiple
   *   of 4), setting the private vars the other functions need for it;
   * - `fn decodeK(k: i32) -> vec4<i32>`: a K index's coordinates, which the loads read back with `kAt(k)` for
   *   any k of the slice being loaded (k < K_END);
   * - `fn rowA(m: i32)` and `fn rowB(n: i32)`, returning whatever the loads need about a row (any type),
   *   decoded once per invocation; they may be given rows past M or N;
   * - `fn loadA(ra, m: i32, k: i32) -> vec4<T>` and `fn loadB(rb, n: i32, k: i32) -> vec4<T>`: the quad of
   *   rows m..m+3 at k (axis 'rows', called only with k < K_END) or of row m at k..k+3 (axis 'k', called only
   *   with m in range), zero where the quad leaves the matrix (values in rows past M or N are never stored, so
   *   any finite value read in bounds will do there);
   * - `fn store(m: i32, n: i32, v: vec4<T>)`: outputs (m, n..n+3), called with m and n in range.
   * The GEMM's `GEMM_M`, `GEMM_N` and `K_END` are private vars they may read.
   */
  readonly functions: string;
}

/** Workgroup counts covering an M x N product for `slices` z slices. */
export function gemmGroups(m: number, n: number, slices: number): [number, number, number] {
  return [Math.ceil(n / TN), Math.ceil(m / TM), slices];
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** One operand's staging into workgroup memory `name`s, laid out [k][row / 4] as vec4s. */
function staging(name: 'A' | 'B', axis: QuadAxis, tile: number, type: WgslType) {
  const x = name.toLowerCase();
  const origin = name === 'A' ? 'm0' : 'n0';
  const extent = name === 'A' ? 'GEMM_M' : 'GEMM_N';
  const stride = (tile + (axis === 'k' ? 4 : 0)) / 4;
  const steps = (tile * TK) / 4 / THREADS;
  // Step i moves the quad of element u = t + i THREADS: rows (u % (tile / 4)) 4.. at k u / (tile / 4), or row
  // u / (TK / 4) at k (u % (TK / 4)) 4.. . With THREADS a multiple of tile / 4 (of TK / 4), the rows (the k) are
  // the same at every step, so a 'rows' operand decodes its rows once.
  const row = (i: number): string => (axis === 'rows' ? `(t % ${tile / 4}) * 4` : `t / ${TK / 4} + ${(i * THREADS) / (TK / 4)}`);
  const k = (i: number): string => (axis === 'rows' ? `t / ${tile / 4} + ${(i * THREADS) / (tile / 4)}` : `(t % ${TK / 4}) * 4`);
  const decoded = (i: number): string => (axis === 'rows' ? `r${x}` : `r${x}${i}`);
  const decls = axis === 'rows'
    ? [`  let r${x} = row${name}(${origin} + ${row(0)});`]
    : range(steps).map((i) => `  let r${x}${i} = row${name}(${origin} + ${row(i)});`);
  const load = (i: number): string => {
    const [r, kk] = [`${origin} + ${row(i)}`, `k0 + ${k(i)}`];
    const guard = axis === 'rows' ? `${kk} < K_END` : `${r} < ${extent}`;
    const v = `l${x}${i}`;
    const at = (q: string): string => `${name}s[(${k(i)}${q}) * ${stride} + (${row(i)}) / 4]`;
    const store = axis === 'rows'
      ? `    ${at('')} = ${v};`
      : range(4).map((q) => `    ${at(` + ${q}`)}[(${row(i)}) % 4] = ${v}[${q}];`).join('\n');
    return `    var ${v} = vec4<${type}>(0);\n    if (${guard}) { ${v} = load${name}(${decoded(i)}, ${r}, ${kk}); }\n${store}`;
  };
  return { decls: decls.join('\n'), loads: range(steps).map(load).join('\n'), size: TK * stride, stride };
}

/** The compute entry point around `parts` (the binding header comes first, from the caller). */
export function implicitGemm({ type, a, b, functions }: GemmParts): string {
  const A = staging('A', a, TM, type);
  const B = staging('B', b, TN, type);
  const accumulators = range(RM).flatMap((i) => range(RN / 4).map((g) => `  var c${i}_${g} = vec4<${type}>(0);`));
  // Vec4 group g of an invocation's rows (columns) starts at row 4 (g WY + lid.y) (column 4 (g WX + lid.x)), so
  // neighbouring invocations read neighbouring vec4s of workgroup memory.
  const multiply = [
    ...range(RM / 4).map((g) => `      let a${g} = As[kk * ${A.stride} + ${g * WY} + i32(lid.y)];`),
    ...range(RN / 4).map((g) => `      let b${g} = Bs[kk * ${B.stride} + ${g * WX} + i32(lid.x)];`),
    ...range(RM).flatMap((i) => range(RN / 4).map((g) => `      c${i}_${g} += a${i >> 2}[${i & 3}] * b${g};`)),
  ];
  const stores = range(RM).flatMap((i) =>
    range(RN / 4).map((g) => {
      const m = `m0 + ${(i >> 2) * 4 * WY + (i & 3)} + 4 * i32(lid.y)`;
      const n = `n0 + ${g * 4 * WX} + 4 * i32(lid.x)`;
      return `  if (${m} < GEMM_M && ${n} < GEMM_N) { store(${m}, ${n}, c${i}_${g}); }`;
    }),
  );
  return `
var<workgroup> As: array<vec4<${type}>, ${A.size}>;
var<workgroup> Bs: array<vec4<${type}>, ${B.size}>;
var<workgroup> Ks: array<vec4<i32>, ${2 * TK}>;
var<workgroup> Bounds: vec4<i32>;
var<private> GEMM_M: i32;
var<private> GEMM_N: i32;
var<private> K_END: i32;
// Where the slice being loaded starts, in K and in Ks.
var<private> K0: i32;
var<private> SLOT: i32;
fn kAt(k: i32) -> vec4<i32> { return Ks[SLOT + k - K0]; }
${functions}
@compute @workgroup_size(${WX}, ${WY})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let t = i32(lid.y * ${WX}u + lid.x);
  // setup's result is the same for the whole workgroup, but only a uniform load lets the K loop hold barriers.
  let mine = setup(wid.z);
  if (t == 0) { Bounds = mine; }
  let mnk = workgroupUniformLoad(&Bounds);
  GEMM_M = mnk.x;
  GEMM_N = mnk.y;
  K_END = mnk.w;
  let m0 = i32(wid.y) * ${TM};
  let n0 = i32(wid.x) * ${TN};
${A.decls}
${B.decls}
  if (t < ${TK} && mnk.z + t < K_END) { Ks[t] = decodeK(mnk.z + t); }
  workgroupBarrier();
${accumulators.join('\n')}
  var slot = 0;
  for (var k0 = mnk.z; k0 < mnk.w; k0 += ${TK}) {
    K0 = k0;
    SLOT = slot;
${A.loads}
${B.loads}
    workgroupBarrier();
    // The next slice's coordinates go to the other half of Ks: this slice's loads are done with it.
    let next = ${TK} - slot;
    if (t < ${TK} && k0 + ${TK} + t < K_END) { Ks[next + t] = decodeK(k0 + ${TK} + t); }
    for (var kk = 0; kk < ${TK}; kk++) {
${multiply.join('\n')}
    }
    workgroupBarrier();
    slot = next;
  }
${stores.join('\n')}
}
`;
}
