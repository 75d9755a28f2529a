// Packing straight from an image into the SIMD GEMM's panel layout, so the convolution passes never store the
// columns (im2col) matrix [T = C kh kw taps, P = Ho Wo positions] nor read it back: packImageColumns gives the
// panels of 8 positions (the forward pass's B), packImageTaps the panels of 8 taps (the filter gradient's B),
// each exactly what packPanels would give from the columns; packWideRows packs dy for the in-place filter
// gradient (conv-layout.ts). col2imChannel is the input gradient's adjoint step
// for one channel, which touches only that channel's plane, so threads can take channels apart.

import type { ConvShape } from './conv-layout.js';

/** The output positions [lo, hi) whose tap lands inside [0, size): lo * s - pad + off >= 0, (hi - 1) * s - pad + off < size. */
export function validRange(offset: number, stride: number, size: number, count: number): [number, number] {
  const lo = Math.max(0, Math.ceil(-offset / stride));
  const hi = Math.min(count, Math.floor((size - 1 - offset) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

// Per tap of the K panel being packed: its channel plane's offset, and its row and column offsets in the input.
let tapPlane = new Int32Array(256);
let tapRow = new Int32Array(256);
let tapCol = new Int32Array(256);

function tapTables(s: ConvShape, tap0: number, kc: number): void {
  if (tapPlane.length < kc) [tapPlane, tapRow, tapCol] = [new Int32Array(kc), new Int32Array(kc), new Int32Array(kc)];
  const window = s.kh * s.kw;
  for (let kk = 0; kk < kc; kk++) {
    const t = tap0 + kk;
    const c = Math.floor(t / window);
    const a = Math.floor((t - c * window) / s.kw);
    const b = t - c * window - a * s.kw;
    tapPlane[kk] = c * s.height * s.width;
    tapRow[kk] = a * s.dilationH - s.padH;
    tapCol[kk] = b * s.dilationW - s.padW;
  }
}

// A panel's 8 positions as input coordinates of tap (0, 0) plus its padding; a position past the end gets a row
// so far outside that no tap brings it back in.
const OUTSIDE = -(1 << 30);
const panelRow = new Int32Array(8);
const panelCol = new Int32Array(8);

/**
 * Columns of taps [tap0, tap0 + kc) and positions [pos0, pos0 + count) of the image whose first channel is at
 * `src[at]`, as panels of 8 positions, k-major: out[outAt + p * kc * 8 + kk * 8 + r] (positions past the end read 0).
 */
export function packImageColumns(src: Float32Array, at: number, s: ConvShape, tap0: number, kc: number, pos0: number, count: number, out: Float32Array, outAt: number): void {
  tapTables(s, tap0, kc);
  const [plane, tapR, tapC] = [tapPlane, tapRow, tapCol];
  const { height: h, width: w, cols, strideH: sh, strideW: sw } = s;
  const span = 7 * sw;
  for (let p = 0, base = outAt; p * 8 < count; p++, base += kc * 8) {
    const j0 = pos0 + p * 8;
    const oh = Math.floor(j0 / cols);
    const ow0 = j0 - oh * cols;
    if (count - p * 8 >= 8 && ow0 + 8 <= cols) {
      // All 8 positions in one output row: each tap reads 8 input values sw apart in one input row.
      const ihBase = oh * sh;
      const iwBase = ow0 * sw;
      for (let kk = 0, o = base; kk < kc; kk++, o += 8) {
        const ih = ihBase + tapR[kk];
        const iw = iwBase + tapC[kk];
        const from = at + plane[kk] + ih * w + iw;
        if (ih < 0 || ih >= h) {
          out[o] = 0; out[o + 1] = 0; out[o + 2] = 0; out[o + 3] = 0; out[o + 4] = 0; out[o + 5] = 0; out[o + 6] = 0; out[o + 7] = 0;
        } else if (sw === 1 && iw >= 0 && iw + 7 < w) {
          out[o] = src[from]; out[o + 1] = src[from + 1]; out[o + 2] = src[from + 2]; out[o + 3] = src[from + 3];
          out[o + 4] = src[from + 4]; out[o + 5] = src[from + 5]; out[o + 6] = src[from + 6]; out[o + 7] = src[from + 7];
        } else if (iw >= 0 && iw + span < w) {
          for (let r = 0; r < 8; r++) out[o + r] = src[from + r * sw];
        } else {
          for (let r = 0, x = iw; r < 8; r++, x += sw) out[o + r] = x >= 0 && x < w ? src[from + r * sw] : 0;
        }
      }
      continue;
    }
    // The panel wraps onto the next output row or runs past the last position: place each position alone.
    for (let r = 0; r < 8; r++) {
      const j = j0 + r;
      const row = Math.floor(j / cols);
      panelRow[r] = p * 8 + r < count ? row * sh : OUTSIDE;
      panelCol[r] = (j - row * cols) * sw;
    }
    for (let kk = 0, o = base; kk < kc; kk++, o += 8) {
      for (let r = 0; r < 8; r++) {
        const ih = panelRow[r] + tapR[kk];
        const iw = panelCol[r] + tapC[kk];
        out[o + r] = ih >= 0 && ih < h && iw >= 0 && iw < w ? src[at + plane[kk] + ih * w + iw] : 0;
      }
    }
  }
}

/**
 * Columns of taps [tap0, tap0 + count) and positions [pos0, pos0 + kc) of the image whose first channel is at
 * `src[at]`, as panels of 8 taps, k (position)-major: out[outAt + p * kc * 8 + kk * 8 + r] (taps past the end read 0).
 */
export function packImageTaps(src: Float32Array, at: number, s: ConvShape, tap0: number, count: number, pos0: number, kc: number, out: Float32Array, outAt: number): void {
  const { height: h, width: w, cols, strideH: sh, strideW: sw } = s;
  const window = s.kh * s.kw;
  for (let p = 0, base = outAt; p * 8 < count; p++, base += kc * 8) {
    for (let r = 0; r < 8; r++) {
      if (p * 8 + r >= count) {
        for (let kk = 0, o = base + r; kk < kc; kk++, o += 8) out[o] = 0;
        continue;
      }
      const t = tap0 + p * 8 + r;
      const c = Math.floor(t / window);
      const a = Math.floor((t - c * window) / s.kw);
      const b = t - c * window - a * s.kw;
      const rowOffset = a * s.dilationH - s.padH;
      const colOffset = b * s.dilationW - s.padW;
      const [jLo, jHi] = validRange(colOffset, sw, w, cols);
      const plane = at + c * h * w + colOffset;
      // Walk the positions one output row (segment) at a time: zeros, the in-bounds run, zeros.
      for (let pos = pos0, o = base + r; pos < pos0 + kc; ) {
        const oh = Math.floor(pos / cols);
        const ow = pos - oh * cols;
        const owEnd = Math.min(cols, ow + pos0 + kc - pos);
        const ih = oh * sh + rowOffset;
        const inside = ih >= 0 && ih < h;
        const lo = inside ? Math.min(owEnd, Math.max(ow, jLo)) : owEnd;
        const hi = inside ? Math.max(lo, Math.min(owEnd, jHi)) : owEnd;
        let x = ow;
        for (; x < lo; x++, o += 8) out[o] = 0;
        for (let from = plane + ih * w + x * sw; x < hi; x++, o += 8, from += sw) out[o] = src[from];
        for (; x < owEnd; x++, o += 8) out[o] = 0;
        pos += owEnd - ow;
      }
    }
  }
}

/**
 * Rows [0, count) of `src` (row i at src[at + i rowStride], a [Ho, Wo] plane) over the positions [k0, k0 + kc) of
 * its `wide` layout [Ho, Wp] (Wp >= Wo; the positions past Wo read 0), as panels of 8 rows, k-major:
 * out[outAt + p * kc * 8 + kk * 8 + r] (rows past the end read 0). The in-place filter gradient's dy as B.
 */
export function packWideRows(src: Float32Array, at: number, rowStride: number, count: number, cols: number, wide: number, k0: number, kc: number, out: Float32Array, outAt: number): void {
  for (let p = 0, base = outAt; p * 8 < count; p++, base += kc * 8) {
    for (let r = 0; r < 8; r++) {
      const row = p * 8 + r;
      let o = base + r;
      if (row >= count) {
        for (let kk = 0; kk < kc; kk++, o += 8) out[o] = 0;
        continue;
      }
      for (let pos = k0; pos < k0 + kc; ) {
        const oh = Math.floor(pos / wide);
        const ow = pos - oh * wide;
        const end = Math.min(wide, ow + k0 + kc - pos);
        const kept = Math.max(ow, Math.min(end, cols));
        for (let x = ow, from = at + row * rowStride + oh * cols + ow; x < kept; x++, o += 8, from++) out[o] = src[from];
        for (let x = kept; x < end; x++, o += 8) out[o] = 0;
        pos += end - ow;
      }
    }
  }
}

/**
 * Zeroes the input plane at `dst[dstAt]` and adds onto it the column rows of one channel's kh kw taps (tap row
 * t at `cols[rowsAt + t * ldc]`), tap by tap in order: the summation order col2im over all channels has.
 */
export function col2imChannel(cols: Float32Array, rowsAt: number, ldc: number, s: ConvShape, dst: Float32Array, dstAt: number): void {
  const { height: h, width: w, rows, cols: outCols, strideH: sh, strideW: sw } = s;
  dst.fill(0, dstAt, dstAt + h * w);
  for (let a = 0; a < s.kh; a++) {
    const rowOffset = a * s.dilationH - s.padH;
    const [iLo, iHi] = validRange(rowOffset, sh, h, rows);
    for (let b = 0; b < s.kw; b++) {
      const colOffset = b * s.dilationW - s.padW;
      const [jLo, jHi] = validRange(colOffset, sw, w, outCols);
      const row = rowsAt + (a * s.kw + b) * ldc;
      for (let i = iLo; i < iHi; i++) {
        const from = row + i * outCols;
        const to = dstAt + (i * sh + rowOffset) * w + colOffset;
        for (let j = jLo; j < jHi; j++) dst[to + j * sw] += cols[from + j];
      }
    }
  }
}
