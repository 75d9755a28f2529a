// cpu `matmul`: a packed, register-blocked GEMM. op(A) is packed into panels of 4 rows and op(B) into panels
// of 4 columns, both k-major, so the 4x4 micro-kernel streams two contiguous arrays and keeps its 16
// accumulators in registers; transposes are absorbed by the packing. Edge panels are zero-padded.

import type { KernelImpl } from '../../kernels.js';
import type { TypedArray } from '../../types.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';

const MR = 4;
const NR = 4;

/** Packs op(A) (M x K) into ceil(M/4) panels of K x 4, element (i, k) read at a[offset + i*rs + k*cs]. */
function packRows(a: TypedArray, offset: number, rs: number, cs: number, m: number, k: number, out: TypedArray): void {
  const panels = Math.ceil(m / MR);
  for (let p = 0; p < panels; p++) {
    const base = p * k * MR;
    for (let r = 0; r < MR; r++) {
      const i = p * MR + r;
      if (i >= m) {
        for (let kk = 0; kk < k; kk++) out[base + kk * MR + r] = 0;
        continue;
      }
      const row = offset + i * rs;
      for (let kk = 0; kk < k; kk++) out[base + kk * MR + r] = a[row + kk * cs];
    }
  }
}

function gemm(ap: TypedArray, bp: TypedArray, c: TypedArray, cOffset: number, m: number, n: number, k: number): void {
  const rowPanels = Math.ceil(m / MR);
  const colPanels = Math.ceil(n / NR);
  for (let p = 0; p < rowPanels; p++) {
    const aBase = p * k * MR;
    const i0 = p * MR;
    for (let q = 0; q < colPanels; q++) {
      const bBase = q * k * NR;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let kk = 0, ai = aBase, bi = bBase; kk < k; kk++, ai += MR, bi += NR) {
        const a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
        const b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const j0 = q * NR;
      const rows = Math.min(MR, m - i0);
      const cols = Math.min(NR, n - j0);
      if (rows === MR && cols === NR) {
        let o = cOffset + i0 * n + j0;
        c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += n;
        c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += n;
        c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += n;
        c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
      } else {
        const block = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let r = 0; r < rows; r++) for (let s = 0; s < cols; s++) c[cOffset + (i0 + r) * n + j0 + s] = block[r * NR + s];
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
  const Packed = c.constructor as { new (n: number): TypedArray };
  const ap = new Packed(Math.ceil(m / MR) * MR * k);
  const bp = new Packed(Math.ceil(n / NR) * NR * k);
  const aBatch = ia.shape[0];
  const bBatch = ib.shape[0];
  // op(A)(i, k): row stride and column stride in A's storage; op(B)(k, j) packed as rows of B^T.
  const [ars, acs] = transA ? [1, m] : [k, 1];
  const [brs, bcs] = transB ? [k, 1] : [1, n];
  for (let t = 0; t < batch; t++) {
    if (t === 0 || aBatch > 1) packRows(a, (aBatch > 1 ? t : 0) * m * k, ars, acs, m, k, ap);
    if (t === 0 || bBatch > 1) packRows(b, (bBatch > 1 ? t : 0) * k * n, brs, bcs, n, k, bp);
    gemm(ap, bp, c, t * m * n, m, n, k);
  }
  return new CpuData(c);
};
