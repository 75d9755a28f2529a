// Batched matmul, tiled: each 16x16 workgroup computes a 64x64 output tile, each invocation a 4x4 block,
// staging 64x16 slices of A and 16x64 slices of B in workgroup memory. Out-of-range tile elements load as 0,
// so any M, N, K works. Transposes only change how tiles are loaded (chosen so global reads stay coalesced).

import type { DataId, KernelAttrs, OutputSpec, TensorInfo } from '../../kernels.js';
import { Params } from '../params.js';
import type { Runtime } from '../runtime.js';
import { sizeOf } from '../shape.js';
import { storageOf } from '../storage.js';
import { header, wgslType, type WgslType } from '../wgsl.js';

const TILE = 64;
const MAX_GROUPS = 65535;

/** Loads one tile element `e` (0..1023) of a `rows` x 16 (k-inner) or 16 x `cols` (k-outer) slice. */
function loadTile(
  target: string,
  source: string,
  kInner: boolean,
  rowsParam: string,
  rowBase: string,
  base: string,
  type: WgslType,
): string {
  // kInner: source element (r, k) at r * K + k, so consecutive invocations take consecutive k.
  // otherwise: source element (k, r) at k * R + r, so consecutive invocations take consecutive r.
  const [r, kk] = kInner ? ['e / 16u', 'e % 16u'] : ['e % 64u', 'e / 64u'];
  const index = kInner ? `(${rowBase} + rr) * K + k0 + kk` : `(k0 + kk) * ${rowsParam} + ${rowBase} + rr`;
  return `
      {
        let rr = ${r};
        let kk = ${kk};
        var v = ${type}(0);
        if (${rowBase} + rr < ${rowsParam} && k0 + kk < K) { v = ${source}[${base} + ${index}]; }
        ${target}[kk * 64u + rr] = v;
      }`;
}

function source(type: WgslType, transA: boolean, transB: boolean, paramVec4s: number): string {
  return `${header(
    [
      { name: 'A', type },
      { name: 'B', type },
    ],
    { name: 'out', type },
    paramVec4s,
  )}
var<workgroup> As: array<${type}, 1024>;
var<workgroup> Bs: array<${type}, 1024>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = pu(0u);
  let N = pu(1u);
  let K = pu(2u);
  let batch = wid.z + pu(5u);
  let aBase = batch * pu(3u);
  let bBase = batch * pu(4u);
  let m0 = wid.y * 64u;
  let n0 = wid.x * 64u;
  let t = lid.y * 16u + lid.x;
  var acc: array<${type}, 16>;
  for (var k0 = 0u; k0 < K; k0 += 16u) {
    for (var j = 0u; j < 4u; j++) {
      let e = t + j * 256u;${loadTile('As', 'A', !transA, 'M', 'm0', 'aBase', type)}${loadTile('Bs', 'B', transB, 'N', 'n0', 'bBase', type)}
    }
    workgroupBarrier();
    for (var kk = 0u; kk < 16u; kk++) {
      var a: array<${type}, 4>;
      var b: array<${type}, 4>;
      for (var q = 0u; q < 4u; q++) {
        a[q] = As[kk * 64u + lid.y + 16u * q];
        b[q] = Bs[kk * 64u + lid.x + 16u * q];
      }
      for (var r = 0u; r < 4u; r++) {
        for (var c = 0u; c < 4u; c++) {
          acc[r * 4u + c] += a[r] * b[c];
        }
      }
    }
    workgroupBarrier();
  }
  let outBase = batch * M * N;
  for (var r = 0u; r < 4u; r++) {
    for (var c = 0u; c < 4u; c++) {
      let m = m0 + lid.y + 16u * r;
      let n = n0 + lid.x + 16u * c;
      if (m < M && n < N) { out[outBase + m * N + n] = acc[r * 4u + c]; }
    }
  }
}
`;
}

/** A 2-d operand is a batch of one. */
function batched(shape: readonly number[]): readonly number[] {
  return shape.length === 2 ? [1, ...shape] : shape;
}

export function matmul(rt: Runtime, inputs: readonly TensorInfo[], output: OutputSpec, attrs: KernelAttrs['matmul']): DataId {
  const [a, b] = inputs;
  const type = wgslType('matmul', a.dtype);
  const total = sizeOf(output.shape);
  const out = rt.allocate(total * 4);
  if (total === 0) return out;
  const [batchA, a1, a2] = batched(a.shape);
  const [batchB, b1, b2] = batched(b.shape);
  const [M, K] = attrs.transA ? [a2, a1] : [a1, a2];
  const N = attrs.transB ? b1 : b2;
  const batches = total / (M * N);
  const groupsX = Math.ceil(N / TILE);
  const groupsY = Math.ceil(M / TILE);
  if (groupsX > MAX_GROUPS || groupsY > MAX_GROUPS) {
    throw new Error(`webgpu kernel 'matmul': ${M}x${N} output exceeds the dispatch limit`);
  }
  // More batches than one dispatch's z allows: split, passing each dispatch's first batch in the params.
  for (let first = 0; first < batches; first += MAX_GROUPS) {
    const count = Math.min(MAX_GROUPS, batches - first);
    const params = new Params()
      .u32(M)
      .u32(N)
      .u32(K)
      .u32(batchA === 1 ? 0 : M * K)
      .u32(batchB === 1 ? 0 : K * N)
      .u32(first);
    rt.dispatch({
      key: `matmul:${type}:${attrs.transA}:${attrs.transB}`,
      source: () => source(type, attrs.transA, attrs.transB, params.vec4Count),
      inputs: [storageOf(a.data), storageOf(b.data)],
      output: out,
      params,
      groups: [groupsX, groupsY, count],
    });
  }
  return out;
}
