// What the three cpu conv2d kernels share where the SIMD GEMM's own convolution passes (gemm/conv-gemm.ts) do not
// run (float64, SIMD off on one thread, tiny convolutions): convolution as the columns (im2col) of one image at a
// time times the weight, on the cpu `matmul` kernel. Only one image's columns [C kh kw, Ho Wo] exist at once. im2col and its adjoint col2im solve each tap's valid window
// range up front, so their inner loops carry no bounds tests.

import type { Conv2dAttrs, KernelAttrs } from '../../kernels.js';
import type { DType, TypedArray } from '../../types.js';
import { CpuData, untrackCpuData } from '../cpu-data.js';
import type { ConvShape } from '../gemm/conv-layout.js';
import { validRange } from '../gemm/conv-packing.js';
import { matmul } from './Matmul.js';

/** One image's geometry: input planes [C, H, W], output planes [Ho, Wo], kernel [kh, kw]. */
export interface ColumnGeometry {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly rows: number;
  readonly cols: number;
  readonly kh: number;
  readonly kw: number;
  readonly attrs: Conv2dAttrs;
}

/** The geometry as the SIMD GEMM's convolution passes take it (gemm/conv-gemm.ts). */
/** What the three cpu conv kernels unpack from their shapes: x [N, C, H, W], weight [Co, C / G, kh, kw], y [N, Co, Ho, Wo]. */
export interface ConvProblem {
  readonly batch: number;
  readonly channelsOut: number;
  readonly groups: number;
  /** C / G kh kw: one output's multiply-adds per position. */
  readonly taps: number;
  /** Ho Wo. */
  readonly positions: number;
  readonly g: ColumnGeometry;
}

export function convProblem(xShape: readonly number[], weightShape: readonly number[], yShape: readonly number[], attrs: Conv2dAttrs): ConvProblem {
  const [batch, channels, height, width] = xShape;
  const [channelsOut, perGroup, kh, kw] = weightShape;
  const [rows, cols] = yShape.slice(2);
  const g: ColumnGeometry = { channels, height, width, rows, cols, kh, kw, attrs };
  return { batch, channelsOut, groups: attrs.groups, taps: perGroup * kh * kw, positions: rows * cols, g };
}

export function convShape(g: ColumnGeometry, outChannels: number): ConvShape {
  const { stride, padding, dilation, groups } = g.attrs;
  return {
    channels: g.channels, height: g.height, width: g.width, outChannels, rows: g.rows, cols: g.cols, kh: g.kh, kw: g.kw,
    strideH: stride[0], strideW: stride[1], padH: padding[0], padW: padding[1], dilationH: dilation[0], dilationW: dilation[1], groups,
  };
}

/**
 * Calls `visit(colsAt, inAt, lo, hi)` for every (channel, tap) row of the columns and every output row whose tap
 * row lands in the input: column elements colsAt + j pair with input elements inAt + j * stride_1 for j in [lo, hi).
 */
function forEachWindowRow(
  g: ColumnGeometry,
  visit: (colsAt: number, inAt: number, lo: number, hi: number) => void,
): void {
  const { channels, height, width, rows, cols, kh, kw, attrs } = g;
  const [sh, sw] = attrs.stride;
  const [dh, dw] = attrs.dilation;
  const [ph, pw] = attrs.padding;
  for (let c = 0; c < channels; c++) {
    for (let a = 0; a < kh; a++) {
      const rowOffset = a * dh - ph;
      const [iLo, iHi] = validRange(rowOffset, sh, height, rows);
      for (let b = 0; b < kw; b++) {
        const colOffset = b * dw - pw;
        const [jLo, jHi] = validRange(colOffset, sw, width, cols);
        const row = ((c * kh + a) * kw + b) * rows * cols;
        for (let i = iLo; i < iHi; i++) {
          visit(row + i * cols, (c * height + i * sh + rowOffset) * width + colOffset, jLo, jHi);
        }
      }
    }
  }
}

/** Writes image `x` (offset `xAt`) as columns [C kh kw, Ho Wo] into `out`; windows overhanging the input read 0. */
export function im2col(x: TypedArray, xAt: number, g: ColumnGeometry, out: TypedArray): void {
  out.fill(0);
  const sw = g.attrs.stride[1];
  forEachWindowRow(g, (colsAt, inAt, lo, hi) => {
    const from = xAt + inAt + lo * sw;
    // A unit-stride run is a block copy (typed-array set is a memcpy; short runs are cheaper as a loop).
    if (sw === 1 && hi - lo >= 32) out.set(x.subarray(from, from + hi - lo), colsAt + lo);
    else for (let j = lo, p = from; j < hi; j++, p += sw) out[colsAt + j] = x[p];
  });
}

/** Adds columns [C kh kw, Ho Wo] into image `dx` (offset `dxAt`), each tap in turn (a fixed summation order). */
export function col2im(cols: TypedArray, g: ColumnGeometry, dx: TypedArray, dxAt: number): void {
  const sw = g.attrs.stride[1];
  forEachWindowRow(g, (colsAt, inAt, lo, hi) => {
    for (let j = lo, p = dxAt + inAt + lo * sw; j < hi; j++, p += sw) dx[p] += cols[colsAt + j];
  });
}

/**
 * A batched product on the cpu matmul kernel: a [B|1, ., .] times b [B|1, ., .] with the given transposes. The
 * result is pooled scratch the caller owns: it hands it back (giveBackArray) once read.
 */
export function gemm(
  dtype: DType,
  a: TypedArray,
  aShape: readonly number[],
  b: TypedArray,
  bShape: readonly number[],
  outShape: readonly number[],
  attrs: KernelAttrs['matmul'],
): TypedArray {
  const left = new CpuData(a);
  const right = new CpuData(b);
  const out = matmul([{ data: left, shape: aShape, dtype }, { data: right, shape: bShape, dtype }], { shape: outShape, dtype }, attrs);
  untrackCpuData(left);
  untrackCpuData(right);
  if (!(out instanceof CpuData)) throw new Error('cpu conv2d: matmul returned foreign storage');
  untrackCpuData(out);
  return out.values;
}
