// Generates the WGSL of the batched matmul for one MatmulConfig: each workgroup computes a tileM x tileN output
// tile, staging tileK-deep slices of A (as [k][m]) and B (as [k][n]) in workgroup memory; each invocation keeps
// threadM x threadN accumulators in registers (named variables, every loop over them unrolled here so that the
// shader compiler keeps them in registers rather than in an indexed array). Out-of-range elements load as 0, so
// any M, N, K works.

import type { WgslType } from '../wgsl.js';
import { threadsOf, type MatmulConfig } from './matmul-config.js';

/** The shape-dependent choices one pipeline is compiled for. */
export interface MatmulVariant {
  readonly type: WgslType;
  readonly transA: boolean;
  readonly transB: boolean;
  /** A / B bound as arrays of vec4 (their contiguous dimension is a multiple of 4). */
  readonly vecA: boolean;
  readonly vecB: boolean;
  /** The output bound as an array of vec4 (N is a multiple of 4). */
  readonly vecOut: boolean;
}

/** One operand's staging: global X (rows `extent` of the output side, k) -> workgroup Xs as [k][row]. */
interface Operand {
  readonly name: 'A' | 'B';
  /** The output dimension the operand's rows run along (M for A, N for B) and its tile origin. */
  readonly extent: 'M' | 'N';
  readonly origin: 'm0' | 'n0';
  readonly tile: number;
  /** Global layout has k contiguous (A untransposed, B transposed) rather than the row index. */
  readonly kInner: boolean;
  readonly vec: boolean;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Loop-invariant per-invocation coordinates of each load step, the loads of the slice starting at `k0` into
 * registers (la<i> or lb<i>), and the stores of those registers into stage `stage` of Xs.
 */
function staging(o: Operand, c: MatmulConfig, type: WgslType) {
  const threads = threadsOf(c);
  const stride4 = (o.tile + c.pad) / 4;
  const width = o.vec ? 4 : 1;
  const steps = (o.tile * c.tileK) / width / threads;
  // Registers l<a|b><i>, coordinates l<a|b>r<i> and l<a|b>k<i>.
  const x = `l${o.name.toLowerCase()}`;
  const base = `${o.name.toLowerCase()}Base`;
  const elem = o.vec ? `vec4<${type}>` : type;
  // Per step i: the row r and k of the (first) element this invocation moves.
  const coords = range(steps).map((i) => {
    const u = `t + ${i * threads}u`;
    const [r, k] = o.kInner
      ? [`(${u}) / ${c.tileK / width}u`, `((${u}) % ${c.tileK / width}u) * ${width}u`]
      : [`((${u}) % ${o.tile / width}u) * ${width}u`, `(${u}) / ${o.tile / width}u`];
    return `  let ${x}r${i} = ${r};\n  let ${x}k${i} = ${k};`;
  });
  const decls = range(steps).map((i) => `  var ${x}${i} = ${elem}(0);`);
  const loads = (k0: string): string =>
    range(steps)
      .map((i) => {
        const row = `${o.origin} + ${x}r${i}`;
        const k = `${k0} + ${x}k${i}`;
        const index = o.kInner ? `${base} + (${row}) * K + ${k}` : `${base} + (${k}) * ${o.extent} + ${row}`;
        const at = o.vec ? `(${index}) / 4u` : index;
        return `    ${x}${i} = ${elem}(0);\n    if (${row} < ${o.extent} && ${k} < K) { ${x}${i} = ${o.name}[${at}]; }`;
      })
      .join('\n');
  const stores = (stage: string): string =>
    range(steps)
      .map((i) => {
        const slot = (kk: string) => `${stage} + (${x}k${i} + ${kk}) * ${stride4}u + ${x}r${i} / 4u`;
        if (!o.vec) return `    ${o.name}s[${slot('0u')}][${x}r${i} % 4u] = ${x}${i};`;
        // A vec4 along the rows lands whole; one along k is transposed into four rows of Xs.
        if (!o.kInner) return `    ${o.name}s[${slot('0u')}] = ${x}${i};`;
        return range(4)
          .map((q) => `    ${o.name}s[${slot(`${q}u`)}][${x}r${i} % 4u] = ${x}${i}[${q}];`)
          .join('\n');
      })
      .join('\n');
  return { coords: coords.join('\n'), decls: decls.join('\n'), loads, stores, stageSize: c.tileK * stride4 };
}

/**
 * The multiply-accumulate of one staged slice: a loop over k (unrolling it too makes software adapters' shader
 * compilers take many seconds), unrolled over the accumulators.
 */
function multiply(c: MatmulConfig, tx: number, ty: number, stageA: string, stageB: string): string {
  const lines = [`    for (var kk = 0u; kk < ${c.tileK}u; kk++) {`];
  lines.push(`      let ak = ${stageA} + kk * ${(c.tileM + c.pad) / 4}u + lid.y;`);
  lines.push(`      let bk = ${stageB} + kk * ${(c.tileN + c.pad) / 4}u + lid.x;`);
  // Vec4 group g of this invocation's rows (columns) starts at row g * 4 * ty (tx) + 4 * lid.y (lid.x).
  for (let g = 0; g < c.threadM / 4; g++) lines.push(`      let a${g} = As[ak + ${g * ty}u];`);
  for (let g = 0; g < c.threadN / 4; g++) lines.push(`      let b${g} = Bs[bk + ${g * tx}u];`);
  for (let i = 0; i < c.threadM; i++) {
    for (let g = 0; g < c.threadN / 4; g++) lines.push(`      c${i}_${g} += a${i >> 2}[${i & 3}] * b${g};`);
  }
  lines.push('    }');
  return lines.join('\n');
}

function writeOut(c: MatmulConfig, tx: number, ty: number, vecOut: boolean): string {
  const lines: string[] = [];
  for (let i = 0; i < c.threadM; i++) {
    lines.push(`  {\n    let m = m0 + ${(i >> 2) * 4 * ty + (i & 3)}u + 4u * lid.y;`);
    for (let g = 0; g < c.threadN / 4; g++) {
      lines.push(`    {\n      let n = n0 + ${g * 4 * tx}u + 4u * lid.x;`);
      if (vecOut) {
        lines.push(`      if (m < M && n < N) { out[(outBase + m * N + n) / 4u] = c${i}_${g}; }`);
      } else {
        for (let q = 0; q < 4; q++) lines.push(`      if (m < M && n + ${q}u < N) { out[outBase + m * N + n + ${q}u] = c${i}_${g}[${q}]; }`);
      }
      lines.push('    }');
    }
    lines.push('  }');
  }
  return lines.join('\n');
}

/** The WGSL for `c` and `v`; params: M, N, K, A's and B's batch strides (0 broadcasts), first batch index. */
export function matmulSource(c: MatmulConfig, v: MatmulVariant, paramVec4s: number): string {
  const { type } = v;
  const tx = c.tileN / c.threadN;
  const ty = c.tileM / c.threadM;
  const A = staging({ name: 'A', extent: 'M', origin: 'm0', tile: c.tileM, kInner: !v.transA, vec: v.vecA }, c, type);
  const B = staging({ name: 'B', extent: 'N', origin: 'n0', tile: c.tileN, kInner: v.transB, vec: v.vecB }, c, type);
  const vec = (on: boolean) => (on ? `vec4<${type}>` : type);
  const stages = c.doubleBuffer ? 2 : 1;
  const accumulators = range(c.threadM)
    .flatMap((i) => range(c.threadN / 4).map((g) => `  var c${i}_${g} = vec4<${type}>(0);`))
    .join('\n');
  const step = c.doubleBuffer
    ? `
  // Stage 0 holds the first slice; each step fetches the next one while multiplying the current one.
${A.loads('0u')}
${B.loads('0u')}
${A.stores('0u')}
${B.stores('0u')}
  workgroupBarrier();
  var stage = 0u;
  for (var k0 = 0u; k0 < K; k0 += ${c.tileK}u) {
    let next = k0 + ${c.tileK}u;
    if (next < K) {
${A.loads('next')}
${B.loads('next')}
    }
    let sa = stage * ${A.stageSize}u;
    let sb = stage * ${B.stageSize}u;
${multiply(c, tx, ty, 'sa', 'sb')}
    if (next < K) {
      let na = (1u - stage) * ${A.stageSize}u;
      let nb = (1u - stage) * ${B.stageSize}u;
${A.stores('na')}
${B.stores('nb')}
    }
    workgroupBarrier();
    stage = 1u - stage;
  }`
    : `
  for (var k0 = 0u; k0 < K; k0 += ${c.tileK}u) {
${A.loads('k0')}
${B.loads('k0')}
${A.stores('0u')}
${B.stores('0u')}
    workgroupBarrier();
${multiply(c, tx, ty, '0u', '0u')}
    workgroupBarrier();
  }`;
  // Bindings in the order the runtime lays out (inputs, output, params), as wgsl.ts's header() declares them.
  return `@group(0) @binding(0) var<storage, read> A: array<${vec(v.vecA)}>;
@group(0) @binding(1) var<storage, read> B: array<${vec(v.vecB)}>;
@group(0) @binding(2) var<storage, read_write> out: array<${vec(v.vecOut)}>;
@group(0) @binding(3) var<uniform> P: array<vec4<u32>, ${paramVec4s}>;
fn pu(i: u32) -> u32 { return P[i / 4u][i % 4u]; }

var<workgroup> As: array<vec4<${type}>, ${stages * A.stageSize}>;
var<workgroup> Bs: array<vec4<${type}>, ${stages * B.stageSize}>;

@compute @workgroup_size(${tx}, ${ty})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = pu(0u);
  let N = pu(1u);
  let K = pu(2u);
  let batch = wid.z + pu(5u);
  let aBase = batch * pu(3u);
  let bBase = batch * pu(4u);
  let m0 = wid.y * ${c.tileM}u;
  let n0 = wid.x * ${c.tileN}u;
  let t = lid.y * ${tx}u + lid.x;
${A.coords}
${B.coords}
${A.decls}
${B.decls}
${accumulators}
${step}
  let outBase = batch * M * N;
${writeOut(c, tx, ty, v.vecOut)}
}
`;
}
