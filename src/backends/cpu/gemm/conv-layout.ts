// Where a convolution pass keeps its operands in the SIMD kernel's memory. The caller (conv-gemm.ts) and every
// thread (conv-parts.ts) compute the same layout from the same job fields, so only the geometry travels.
// Each pass is one GEMM per channel group over a chunk of `capacity` images:
//   forward      y_g [Co/G, P]      = w_g [Co/G, T] x columns_g [T, P]
//   input grad   columns_g [T, P]   = w_g^T [T, Co/G] x dy_g [Co/G, P], then col2im into dx
//   filter grad  dw_g [Co/G, T]     = sum over images of dy_g [Co/G, P] x columns_g^T [P, T]
// with T = C/G kh kw taps and P = Ho Wo positions. The columns are never stored: each thread packs the panels it
// multiplies straight from the image. With stride 1 the passes pack nothing from the image ('in place'): it is
// stored zero-padded, [C, Hp, Wp], so that tap (c, a, b) of output position (oh, ow) is element
// c Hp Wp + a dh Wp + b dw + (oh Wp + ow): every tap's row of the columns is the padded image shifted, and the
// kernel reads it through a table of those shifts, with the positions taken as Ho x Wp (those past Wo are
// discarded from C, or meet zeros in the filter gradient's dy).

import { KC, SIMD_MR } from './gemm-job.js';
import { SIMD_NR } from './simd-kernel-module.js';

/** The GEMM passes, and two that prepare or finish one: col2im after the input gradient, packDy before the in-place filter gradient. */
export const CONV_PASS = { forward: 0, inputGrad: 1, filterGrad: 2, col2im: 3, packDy: 4 } as const;
export type ConvPass = (typeof CONV_PASS)[keyof typeof CONV_PASS];

/** One convolution's geometry, as plain integers: input [C, H, W], output [Co, Ho (rows), Wo (cols)]. */
export interface ConvShape {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly outChannels: number;
  readonly rows: number;
  readonly cols: number;
  readonly kh: number;
  readonly kw: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padH: number;
  readonly padW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly groups: number;
}

/** B column panels a thread packs and multiplies at once (8 x 32 columns x KC: up to 256 KiB, within L2). */
export const BLOCK_PANELS = 32;

/** Float offsets and sizes; every region starts on a 16-byte boundary. */
export interface ConvLayout {
  /** The per-group GEMM: C [m, n] = A [m, k] x B [k, n], k cut into kPanels panels of at most kc. */
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly kc: number;
  readonly kPanels: number;
  readonly mPanels: number;
  readonly nPanels: number;
  /** Floats between rows of C (n rounded up to whole column panels). */
  readonly ldc: number;
  /** Floats of one K panel of the operand the caller packs (all its panels). */
  readonly packedPanel: number;
  /**
   * The operand the caller packs, which every thread reads: the weight as A, [group][kPanel]; the filter
   * gradient's dy, [image][group][kPanel], as A (or in place, as B: dy^T, its other operand being the image).
   */
  readonly packed: number;
  /** What B is packed from: the images [capacity, C, H, W] (input grad: dy [capacity, Co, P]); in place padded. */
  readonly source: number;
  /** In place only: the images as given, [capacity, C, H, W], copied in at once and then laid out padded. */
  readonly raw: number;
  /** In-place filter grad only: dy as given, [capacity, Co, Ho, Wo], which the packDy pass packs as B. */
  readonly rawDy: number;
  /** C: [image][group][mPanels MR rows][ldc] (filter grad: [group][mPanels MR rows][ldc]). */
  readonly c: number;
  /** Input grad only: dx [capacity, C, H, W], which col2im fills. */
  readonly dx: number;
  /** Forward only: y [capacity, Co, Ho, Wo], which the threads fill from C, so the caller copies it out at once. */
  readonly y: number;
  /**
   * In place only: the padded image's extent (else 0), and the table of tap shifts (int32 byte offsets; the
   * filter gradient's has one per row of A, mPanels MR, its padding rows read the first tap).
   */
  readonly paddedHeight: number;
  readonly paddedWidth: number;
  readonly offsets: number;
  /** One block of packed B per thread, `scratchFloats` apart. */
  readonly scratch: number;
  readonly scratchFloats: number;
  readonly floats: number;
}

const align = (floats: number): number => Math.ceil(floats / 4) * 4;

/**
 * Whether a pass can read the image in place: stride 1 (any dilation and padding). The forward pass then reads
 * B in place, the filter gradient A: C^T [T, Co/G] = shifted images [T, Ho Wp] x dy^T [Ho Wp, Co/G], with dy
 * packed as B and zero at the discarded positions.
 */
export function inPlaceReads(s: ConvShape): boolean {
  return s.strideH === 1 && s.strideW === 1;
}

export function convLayout(s: ConvShape, anyPass: ConvPass, capacity: number, parts: number, inPlace: boolean): ConvLayout {
  // A preparing or finishing pass works on its GEMM's layout.
  const pass = anyPass === CONV_PASS.col2im ? CONV_PASS.inputGrad : anyPass === CONV_PASS.packDy ? CONV_PASS.filterGrad : anyPass;
  const taps = (s.channels / s.groups) * s.kh * s.kw;
  const perGroup = s.outChannels / s.groups;
  // Padded so that every window lies inside and the image fits: rows Ho - 1 + (kh - 1) dh + 1, and ph + H. One
  // more zero row takes the last output row's discarded columns, which run up to (kw - 1) dw floats past the
  // last window row: without it they would read the next plane's first row, and the filter gradient's zeros
  // times an Inf or NaN there would poison taps that never see it.
  const paddedHeight = inPlace ? Math.max(s.padH + s.height, s.rows + (s.kh - 1) * s.dilationH) + 1 : 0;
  const paddedWidth = inPlace ? Math.max(s.padW + s.width, s.cols + (s.kw - 1) * s.dilationW) : 0;
  const positions = s.rows * (inPlace ? paddedWidth : s.cols);
  const filter = pass === CONV_PASS.filterGrad;
  const [m, n, k] = pass === CONV_PASS.forward
    ? [perGroup, positions, taps]
    : filter ? (inPlace ? [taps, perGroup, positions] : [perGroup, taps, positions]) : [taps, positions, perGroup];
  const kPanels = Math.ceil(k / KC);
  const kc = Math.ceil(k / kPanels);
  const mPanels = Math.ceil(m / SIMD_MR);
  const nPanels = Math.ceil(n / SIMD_NR);
  const ldc = nPanels * SIMD_NR;
  const packedPanel = filter && inPlace ? nPanels * SIMD_NR * kc : mPanels * SIMD_MR * kc;
  const image = s.channels * s.height * s.width;
  const packedFloats = (filter ? capacity : 1) * s.groups * kPanels * packedPanel;
  // In place, the last positions of the last image read up to Wp + 7 floats past its end (discarded columns).
  const sourceFloats = inPlace
    ? capacity * s.channels * paddedHeight * paddedWidth + paddedWidth + SIMD_NR
    : capacity * (pass === CONV_PASS.forward || filter ? image : s.outChannels * s.rows * s.cols);
  const cFloats = (filter ? 1 : capacity) * s.groups * mPanels * SIMD_MR * ldc;
  const dxFloats = pass === CONV_PASS.inputGrad ? capacity * image : 0;
  const scratchFloats = inPlace ? 0 : Math.min(BLOCK_PANELS, nPanels) * SIMD_NR * kc;
  const packed = 0;
  const source = packed + align(packedFloats);
  const raw = source + align(sourceFloats);
  const rawDy = raw + align(inPlace ? capacity * image : 0);
  const c = rawDy + align(inPlace && filter ? capacity * s.outChannels * s.rows * s.cols : 0);
  const dx = c + align(cFloats);
  const y = dx + align(dxFloats);
  const offsets = y + align(pass === CONV_PASS.forward ? capacity * s.outChannels * s.rows * s.cols : 0);
  const scratch = offsets + align(inPlace ? (filter ? mPanels * SIMD_MR : taps) : 0);
  return {
    m, n, k, kc, kPanels, mPanels, nPanels, ldc, packedPanel, packed, source, raw, rawDy, c, dx, y, paddedHeight, paddedWidth, offsets, scratch, scratchFloats,
    floats: scratch + parts * scratchFloats,
  };
}
