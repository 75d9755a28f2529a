// The plain-TypeScript counterpart of the SIMD kernel's panelColumn, on the same packed layout in the same
// (shared) memory, so that with FRAMEGRAD_CPU_SIMD=0 large float32 products can still be split across worker
// threads. Each 4 x 8 tile is computed as two 4 x 4 halves, whose 16 accumulators fit the registers.

import type { PanelColumn } from './gemm-job.js';

/** A panelColumn over `memory` (its view is remade when the memory has grown since the last call). */
export function tsPanelColumn(memory: WebAssembly.Memory): PanelColumn {
  let view = new Float32Array(memory.buffer);
  return (a, b, c, kc, ldc, panels, accumulate) => {
    if (view.byteLength !== memory.buffer.byteLength) view = new Float32Array(memory.buffer);
    const m = view;
    const ldcF = ldc >> 2;
    let ap = a >> 2;
    let cp = c >> 2;
    for (let p = 0; p < panels; p++, ap += 4 * kc, cp += 4 * ldcF) {
      for (let half = 0; half < 2; half++) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let kk = 0, ai = ap, bi = (b >> 2) + 4 * half; kk < kc; kk++, ai += 4, bi += 8) {
          const a0 = m[ai], a1 = m[ai + 1], a2 = m[ai + 2], a3 = m[ai + 3];
          const b0 = m[bi], b1 = m[bi + 1], b2 = m[bi + 2], b3 = m[bi + 3];
          c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
          c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
          c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
          c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        let o = cp + 4 * half;
        if (accumulate === 0) {
          m[o] = c00; m[o + 1] = c01; m[o + 2] = c02; m[o + 3] = c03; o += ldcF;
          m[o] = c10; m[o + 1] = c11; m[o + 2] = c12; m[o + 3] = c13; o += ldcF;
          m[o] = c20; m[o + 1] = c21; m[o + 2] = c22; m[o + 3] = c23; o += ldcF;
          m[o] = c30; m[o + 1] = c31; m[o + 2] = c32; m[o + 3] = c33;
        } else {
          m[o] += c00; m[o + 1] += c01; m[o + 2] += c02; m[o + 3] += c03; o += ldcF;
          m[o] += c10; m[o + 1] += c11; m[o + 2] += c12; m[o + 3] += c13; o += ldcF;
          m[o] += c20; m[o + 1] += c21; m[o + 2] += c22; m[o + 3] += c23; o += ldcF;
          m[o] += c30; m[o + 1] += c31; m[o + 2] += c32; m[o + 3] += c33;
        }
      }
    }
  };
}
