// The implicit-GEMM shader the three webgpu conv2d kernels share: a tiled matrix product C = A B whose operands
// are never materialised. Each kernel supplies WGSL that reads A or B straight from the tensors they stand for
// (the input's windows, the weight, the output gradient), so convolution costs no column tensor.
//
// Each workgroup computes a tileM x tileN tile of C, each invocation a threadM x threadN block of it held as
// named vec4 accumulators, staging tileK-deep slices of A and B in workgroup memory as vec4s (the matmul
// kernel's layout, matmul-wgsl.ts). An invocation moves operand elements four at a time, a "quad": four
// consecutive rows at one k, or one row at four consecutive k, whichever the tensor behind the operand holds
// contiguously (or at least shares the index arithmetic of), so a kernel reads a quad as one vec4 where the
// layout allows it and otherwise as four scalars decoded together. Index arithmetic stays out of the inner loops:
// the K slice's coordinates (the divisions) are decoded once per workgroup into a small table while the previous
// slice is multiplied, and the rows an invocation loads are decoded once per invocation.

import type { WgslType } from '../wgsl.js';
import type { MatmulConfig } from './matmul-config.js';

/** A tiling of the GEMM: the tile and register-block fields of the matmul's configs (matmul-config.ts). */
export type GemmTiling = Pick<MatmulConfig, 'name' | 'tileM' | 'tileN' | 'tileK' | 'threadM' | 'threadN'>;

/**
 * On a GPU: 64 x 64 tiles of 64 invocations with 8 x 8 outputs each (the matmul's `mid8`, the tiling these
 * kernels used before vec4 staging), so that the convolutions of a video model ([1, 64, 128, 128] 3x3: 256
 * workgroups) still spread over an H100's 132 multiprocessors.
 */
const GPU_TILING: GemmTiling = { name: 'gpu', tileM: 64, tileN: 64, tileK: 16, threadM: 8, threadN: 8 };

/**
 * On a software adapter (lavapipe) what costs is the instructions each invocation runs, and its workgroup-memory
 * reads (gathers there) most: 16 x 16 blocks per invocation read 4 vec4s per 64 multiply-adds where 8 x 8 read
 * 4 per 32. Process CPU time of the [1, 64, 128, 128] 3x3 64 -> 64 forward / input gradient / filter gradient:
 * 8 x 8 on 64 x 64 tiles 420 / 370 / 390 ms, 8 x 16 on 64 x 128 330 / 300 / 330, 16 x 16 on 64 x 128 205 /
 * 210 / 270, 16 x 32 270 / 255 / 390 (and its shaders compile far slower); a 32-deep K slice made no measurable
 * difference. (Medians of 7 runs each on a busy 2-core machine.)
 */
const SOFTWARE_TILING: GemmTiling = { name: 'software', tileM: 64, tileN: 128, tileK: 16, threadM: 16, threadN: 16 };

/** The tilings the adapters get, for tests and benchmarks to force either. */
export const GEMM_TILINGS = { gpu: GPU_TILING, software: SOFTWARE_TILING } as const;

let forced: GemmTiling | null = null;

/** For tests and benchmarks: every later webgpu conv2d kernel uses `tiling`, until called again with null. */
export function forceGemmTiling(tiling: GemmTiling | null): void {
  if (tiling) validateTiling(tiling);
  forced = tiling;
}

/** The tiling for an adapter (`software`: Runtime.softwareAdapter). */
export function gemmTiling(software: boolean): GemmTiling {
  return forced ?? (software ? SOFTWARE_TILING : GPU_TILING);
}

/**
 * How an invocation's quads of one operand run: along the operand's rows (M for A, N for B) at one k, or along
 * K at one row. A 'k' operand's slices are stored transposed into workgroup memory, with a 4-element pad per k
 * row so that the transposing stores spread over memory banks on a GPU.
 */
export type QuadAxis = 'rows' | 'k';

/** The WGSL a conv kernel plugs into the shared GEMM. */
export interface GemmParts {
  readonly type: WgslType;
  readonly tiling: GemmTiling;
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
export function gemmGroups(tiling: GemmTiling, m: number, n: number, slices: number): [number, number, number] {
  return [Math.ceil(n / tiling.tileN), Math.ceil(m / tiling.tileM), slices];
}

function threadsOf(t: GemmTiling): number {
  return (t.tileM / t.threadM) * (t.tileN / t.threadN);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** One operand's staging into workgroup memory `name`s, laid out [k][row / 4] as vec4s. */
function staging(name: 'A' | 'B', axis: QuadAxis, tiling: GemmTiling, type: WgslType) {
  const { tileK } = tiling;
  const tile = name === 'A' ? tiling.tileM : tiling.tileN;
  const threads = threadsOf(tiling);
  const x = name.toLowerCase();
  const origin = name === 'A' ? 'm0' : 'n0';
  const extent = name === 'A' ? 'GEMM_M' : 'GEMM_N';
  const stride = (tile + (axis === 'k' ? 4 : 0)) / 4;
  const steps = (tile * tileK) / 4 / threads;
  // Step i moves the quad of element u = t + i threads: rows (u % (tile / 4)) 4.. at k u / (tile / 4), or row
  // u / (tileK / 4) at k (u % (tileK / 4)) 4.. . When threads is a multiple of tile / 4 (of tileK / 4), the rows
  // (the k) are the same at every step, and a 'rows' operand decodes its rows once.
  const quads = axis === 'rows' ? tile / 4 : tileK / 4;
  const same = threads % quads === 0;
  const inner = (i: number): string => (same ? `(t % ${quads}) * 4` : `((t + ${i * threads}) % ${quads}) * 4`);
  const outer = (i: number): string => (same ? `t / ${quads} + ${(i * threads) / quads}` : `(t + ${i * threads}) / ${quads}`);
  const [row, k] = axis === 'rows' ? [inner, outer] : [outer, inner];
  const rowsOnce = axis === 'rows' && same;
  const decoded = (i: number): string => (rowsOnce ? `r${x}` : `r${x}${i}`);
  const decls = rowsOnce
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
  return { decls: decls.join('\n'), loads: range(steps).map(load).join('\n'), size: tileK * stride, stride };
}

/** Throws unless the generator can build `t`: whole vec4 groups, load steps split evenly, a K table filled in one step. */
function validateTiling(t: GemmTiling): void {
  const threads = threadsOf(t);
  const even = [t.tileM, t.tileN].every((tile) => ((tile * t.tileK) / 4) % threads === 0);
  if (t.threadM % 4 !== 0 || t.threadN % 4 !== 0 || t.tileM % t.threadM !== 0 || t.tileN % t.threadN !== 0 || !even || threads < t.tileK) {
    throw new Error(`webgpu implicit GEMM: tiling '${t.name}' is not buildable`);
  }
}

/** The compute entry point around `parts` (the binding header comes first, from the caller). */
export function implicitGemm({ type, tiling, a, b, functions }: GemmParts): string {
  validateTiling(tiling);
  const { tileK, threadM, threadN } = tiling;
  const wx = tiling.tileN / threadN;
  const wy = tiling.tileM / threadM;
  const A = staging('A', a, tiling, type);
  const B = staging('B', b, tiling, type);
  const accumulators = range(threadM).flatMap((i) => range(threadN / 4).map((g) => `  var c${i}_${g} = vec4<${type}>(0);`));
  // Vec4 group g of an invocation's rows (columns) starts at row 4 (g wy + lid.y) (column 4 (g wx + lid.x)), so
  // neighbouring invocations read neighbouring vec4s of workgroup memory.
  const multiply = [
    ...range(threadM / 4).map((g) => `      let a${g} = As[kk * ${A.stride} + ${g * wy} + i32(lid.y)];`),
    ...range(threadN / 4).map((g) => `      let b${g} = Bs[kk * ${B.stride} + ${g * wx} + i32(lid.x)];`),
    ...range(threadM).flatMap((i) => range(threadN / 4).map((g) => `      c${i}_${g} += a${i >> 2}[${i & 3}] * b${g};`)),
  ];
  const stores = range(threadM).flatMap((i) =>
    range(threadN / 4).map((g) => {
      const m = `m0 + ${(i >> 2) * 4 * wy + (i & 3)} + 4 * i32(lid.y)`;
      const n = `n0 + ${g * 4 * wx} + 4 * i32(lid.x)`;
      return `  if (${m} < GEMM_M && ${n} < GEMM_N) { store(${m}, ${n}, c${i}_${g}); }`;
    }),
  );
  return `
var<workgroup> As: array<vec4<${type}>, ${A.size}>;
var<workgroup> Bs: array<vec4<${type}>, ${B.size}>;
var<workgroup> Ks: array<vec4<i32>, ${2 * tileK}>;
var<workgroup> Bounds: vec4<i32>;
var<private> GEMM_M: i32;
var<private> GEMM_N: i32;
var<private> K_END: i32;
// Where the slice being loaded starts, in K and in Ks.
var<private> K0: i32;
var<private> SLOT: i32;
fn kAt(k: i32) -> vec4<i32> { return Ks[SLOT + k - K0]; }
${functions}
@compute @workgroup_size(${wx}, ${wy})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let t = i32(lid.y * ${wx}u + lid.x);
  // setup's result is the same for the whole workgroup, but only a uniform load lets the K loop hold barriers.
  let mine = setup(wid.z);
  if (t == 0) { Bounds = mine; }
  let mnk = workgroupUniformLoad(&Bounds);
  GEMM_M = mnk.x;
  GEMM_N = mnk.y;
  K_END = mnk.w;
  let m0 = i32(wid.y) * ${tiling.tileM};
  let n0 = i32(wid.x) * ${tiling.tileN};
${A.decls}
${B.decls}
  if (t < ${tileK} && mnk.z + t < K_END) { Ks[t] = decodeK(mnk.z + t); }
  workgroupBarrier();
${accumulators.join('\n')}
  var slot = 0;
  for (var k0 = mnk.z; k0 < mnk.w; k0 += ${tileK}) {
    K0 = k0;
    SLOT = slot;
${A.loads}
${B.loads}
    workgroupBarrier();
    // The next slice's coordinates go to the other half of Ks: this slice's loads are done with it.
    let next = ${tileK} - slot;
    if (t < ${tileK} && k0 + ${tileK} + t < K_END) { Ks[next + t] = decodeK(k0 + ${tileK} + t); }
    for (var kk = 0; kk < ${tileK}; kk++) {
${multiply.join('\n')}
    }
    workgroupBarrier();
    slot = next;
  }
${stores.join('\n')}
}
`;
}
