// The strided gather loop at the heart of permute/expand/slice/flip and of broadcasting: walks the output in
// order, innermost dim in a tight loop, updating the source offset incrementally (no per-element index math).
// Long contiguous rows (convolution's unfold reads whole image rows) are block copies.

import type { TypedArray } from '../types.js';

export function stridedCopy(src: TypedArray, dst: TypedArray, shape: readonly number[], strides: readonly number[], offset: number): void {
  const rank = shape.length;
  const n = dst.length;
  if (n === 0) return;
  if (rank === 0) {
    dst[0] = src[offset];
    return;
  }
  const inner = shape[rank - 1];
  const innerStride = strides[rank - 1];
  const idx = new Int32Array(rank);
  let base = offset;
  let o = 0;
  for (let row = 0, rows = n / inner; row < rows; row++) {
    if (innerStride === 1) {
      // A typed-array set is a memcpy; below ~32 elements the subarray view costs more than the loop.
      if (inner >= 32) dst.set(src.subarray(base, base + inner), o);
      else for (let j = 0; j < inner; j++) dst[o + j] = src[base + j];
      o += inner;
    } else {
      for (let j = 0, p = base; j < inner; j++, p += innerStride) dst[o++] = src[p];
    }
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}
