// Packing for the GEMMs: copies a block of a matrix operand into panels of `width` rows, each stored k-major,
// so a micro-kernel reads both operands with unit stride whatever their original layout (transposes included).
// Edge panels are zero-padded to the full width.

import type { TypedArray } from '../../types.js';

/** Where a matrix operand lives: element (i, k) is at `values[offset + i * rowStride + k * colStride]`. */
export interface MatrixView {
  readonly values: TypedArray;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/**
 * Packs rows [i0, i0 + rows) and k range [k0, k0 + kc) into `out` from `outOffset` on:
 * out[outOffset + panel * kc * width + kk * width + r]. Reads along whichever of i or k is contiguous.
 */
export function packPanels(src: MatrixView, i0: number, rows: number, k0: number, kc: number, width: number, out: TypedArray, outOffset: number): void {
  const { values, offset, rowStride: rs, colStride: cs } = src;
  const panels = Math.ceil(rows / width);
  for (let p = 0; p < panels; p++) {
    const base = outOffset + p * kc * width;
    const valid = Math.min(width, rows - p * width);
    const row0 = offset + (i0 + p * width) * rs + k0 * cs;
    if (rs === 1 && valid === width) {
      // The panel's rows sit next to each other in memory: copy `width` contiguous values per k.
      if (width === 8 && values instanceof Float32Array && out instanceof Float32Array) copyRuns8(values, row0, cs, out, base, kc);
      else {
        for (let kk = 0, s = row0, o = base; kk < kc; kk++, s += cs, o += width) {
          for (let r = 0; r < width; r++) out[o + r] = values[s + r];
        }
      }
      continue;
    }
    for (let r = 0; r < width; r++) {
      if (r >= valid) {
        for (let kk = 0; kk < kc; kk++) out[base + kk * width + r] = 0;
        continue;
      }
      for (let kk = 0, s = row0 + r * rs, o = base + r; kk < kc; kk++, s += cs, o += width) out[o] = values[s];
    }
  }
}

/** The SIMD GEMM's hot packing case: `count` runs of 8 contiguous float32s, `step` apart, written back to back. */
function copyRuns8(src: Float32Array, at: number, step: number, out: Float32Array, o: number, count: number): void {
  for (let kk = 0; kk < count; kk++, at += step, o += 8) {
    out[o] = src[at];
    out[o + 1] = src[at + 1];
    out[o + 2] = src[at + 2];
    out[o + 3] = src[at + 3];
    out[o + 4] = src[at + 4];
    out[o + 5] = src[at + 5];
    out[o + 6] = src[at + 6];
    out[o + 7] = src[at + 7];
  }
}
