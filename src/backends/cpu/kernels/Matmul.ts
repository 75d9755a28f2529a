// cpu `matmul`: a cache-blocked, packed, register-blocked GEMM (the GotoBLAS loop nest). K is cut into panels
// of at most KC and the columns into blocks of NC, so a packed block of op(B) (KC x NC) stays in L2 while each
// 4-column sliver of it (KC x 4) stays in L1 and meets every 4-row sliver of the packed op(A) block; the 4x4
// micro-kernel keeps its 16 accumulators in registers. Packing absorbs the transposes and reads each operand
// along its contiguous direction; edge panels are zero-padded. Partial sums over K panels accumulate in C.
// float32 products go to the WebAssembly SIMD GEMM (gemm/simd-gemm.ts) where it is available and on; this
// kernel is its reference and fallback, and the float64 GEMM.

import type { KernelImpl } from '../../kernels.js';
import type { TypedArray } from '../../types.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { packPanels } from '../gemm/packing.js';
import { simdMatmul } from '../gemm/simd-gemm.js';

const MR = 4;
const NR = 4;
/** Largest K panel: a 4 x KC sliver of each operand (2 x 4 KiB in float32) fits L1 with room to spare. */
const KC = 256;
/** Rows of op(A) per packed block (MC x KC: 128 KiB in float32). */
const MC = 128;
/** Columns of op(B) per packed block (KC x NC: 512 KiB in float32, within L2). */
const NC = 512;

/**
 * C[i0.., j0..] (row stride n) = or += packed A block (rows x kc) times packed B block (kc x cols).
 * `edge` is a 16-element scratch for tiles that overhang the matrix.
 */
function macroKernel(
  ap: TypedArray,
  bp: TypedArray,
  c: TypedArray,
  cBase: number,
  n: number,
  rows: number,
  cols: number,
  kc: number,
  accumulate: boolean,
  edge: Float64Array,
): void {
  const rowPanels = Math.ceil(rows / MR);
  const colPanels = Math.ceil(cols / NR);
  for (let q = 0; q < colPanels; q++) {
    const bBase = q * kc * NR;
    const j = q * NR;
    const tileCols = Math.min(NR, cols - j);
    for (let p = 0; p < rowPanels; p++) {
      const aBase = p * kc * MR;
      if (rows - p * MR === 1) {
        // A single-row panel (e.g. depthwise convolution's one weight row per group): skip the 3 zero rows.
        let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        for (let kk = 0, ai = aBase, bi = bBase; kk < kc; kk++, ai += MR, bi += NR) {
          const a0 = ap[ai];
          c0 += a0 * bp[bi]; c1 += a0 * bp[bi + 1]; c2 += a0 * bp[bi + 2]; c3 += a0 * bp[bi + 3];
        }
        edge[0] = c0; edge[1] = c1; edge[2] = c2; edge[3] = c3;
        const o = cBase + p * MR * n + j;
        for (let s = 0; s < tileCols; s++) {
          if (accumulate) c[o + s] += edge[s];
          else c[o + s] = edge[s];
        }
        continue;
      }
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let kk = 0, ai = aBase, bi = bBase; kk < kc; kk++, ai += MR, bi += NR) {
        const a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
        const b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const i = p * MR;
      const tileRows = Math.min(MR, rows - i);
      let o = cBase + i * n + j;
      if (tileRows === MR && tileCols === NR) {
        if (accumulate) {
          c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03; o += n;
          c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13; o += n;
          c[o] += c20; c[o + 1] += c21; c[o + 2] += c22; c[o + 3] += c23; o += n;
          c[o] += c30; c[o + 1] += c31; c[o + 2] += c32; c[o + 3] += c33;
        } else {
          c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += n;
          c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += n;
          c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += n;
          c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
        }
        continue;
      }
      edge[0] = c00; edge[1] = c01; edge[2] = c02; edge[3] = c03;
      edge[4] = c10; edge[5] = c11; edge[6] = c12; edge[7] = c13;
      edge[8] = c20; edge[9] = c21; edge[10] = c22; edge[11] = c23;
      edge[12] = c30; edge[13] = c31; edge[14] = c32; edge[15] = c33;
      for (let r = 0; r < tileRows; r++, o += n) {
        for (let s = 0; s < tileCols; s++) {
          if (accumulate) c[o + s] += edge[r * NR + s];
          else c[o + s] = edge[r * NR + s];
        }
      }
    }
  }
}

export const matmul: KernelImpl<'matmul'> = ([ia, ib], output, { transA, transB }) => {
  const a = valuesOf(ia);
  const b = valuesOf(ib);
  const c = allocate(output);
  const [batch, m, n] = output.shape;
  const k = transA ? ia.shape[1] : ia.shape[2];
  if (k === 0 || c.length === 0) return new CpuData(c);
  const aBatch = ia.shape[0];
  const bBatch = ib.shape[0];
  if (c instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array) {
    if (simdMatmul(a, b, c, { batch, m, n, k, aBatch, bBatch, transA, transB })) return new CpuData(c);
  }
  // Equal K panels of at most KC, so no panel is a sliver.
  const kc = Math.ceil(k / Math.ceil(k / KC));
  const mc = Math.min(m, MC);
  const nc = Math.min(n, NC);
  const Packed = c.constructor as { new (n: number): TypedArray };
  const ap = new Packed(Math.ceil(mc / MR) * MR * kc);
  const bp = new Packed(Math.ceil(nc / NR) * NR * kc);
  const edge = new Float64Array(MR * NR);
  // op(A)(i, k) and op(B)^T(j, k): row and column strides in storage.
  const [ars, acs] = transA ? [1, m] : [k, 1];
  const [brs, bcs] = transB ? [k, 1] : [1, n];
  for (let t = 0; t < batch; t++) {
    const aOff = (aBatch > 1 ? t : 0) * m * k;
    const bOff = (bBatch > 1 ? t : 0) * k * n;
    for (let j0 = 0; j0 < n; j0 += nc) {
      const cols = Math.min(nc, n - j0);
      for (let k0 = 0; k0 < k; k0 += kc) {
        const kLen = Math.min(kc, k - k0);
        packPanels({ values: b, offset: bOff, rowStride: brs, colStride: bcs }, j0, cols, k0, kLen, NR, bp, 0);
        for (let i0 = 0; i0 < m; i0 += mc) {
          const rows = Math.min(mc, m - i0);
          packPanels({ values: a, offset: aOff, rowStride: ars, colStride: acs }, i0, rows, k0, kLen, MR, ap, 0);
          macroKernel(ap, bp, c, t * m * n + i0 * n + j0, n, rows, cols, kLen, k0 > 0, edge);
        }
      }
    }
  }
  return new CpuData(c);
};
