// The three float32 convolution passes on the SIMD GEMM (conv-layout.ts has their GEMMs and memory layout). Per
// chunk of images: copy the images (or dy) into the kernel memory, pack the operand every thread shares (the
// weight once per call; the filter gradient's dy per chunk), run the pass as one job cut across the threads
// (conv-parts.ts) and copy the result out. With stride 1 nothing is packed from the images: they are copied
// zero-padded and read in place (the SIMD kernel; the TypeScript panel kernel packs them), and the input gradient
// runs as a forward pass of dy by the transposed weight.
// Otherwise each thread packs its own panels straight from the images. Each returns false, having written
// nothing, when the SIMD runtime is off or unsupported, or the convolution is too small to gain from it or too
// large for its memory; the kernels then take the im2col + matmul path.

import { CONV_PASS, type ConvLayout, type ConvPass, type ConvShape, convLayout, inPlaceReads } from './conv-layout.js';
import { type ConvJob, SIMD_MR } from './gemm-job.js';
import { type MatrixView, packPanels } from './packing.js';
import { type GemmWorkspace, SIMD_MIN_MACS, convChunkBytes, gemmWorkspace } from './simd-gemm.js';

interface Plan {
  readonly ws: GemmWorkspace;
  readonly L: ConvLayout;
  /** Images per chunk. */
  readonly capacity: number;
  /** The pass reads the padded images in place (conv-layout.ts). */
  readonly inPlace: boolean;
}

function plan(s: ConvShape, pass: ConvPass, batch: number): Plan | null {
  const taps = (s.channels / s.groups) * s.kh * s.kw;
  const macsPerImage = s.outChannels * taps * s.rows * s.cols;
  if (macsPerImage === 0 || batch * macsPerImage < SIMD_MIN_MACS) return null;
  const capacityFor = (inPlace: boolean): number => {
    const perImage = convLayout(s, pass, 2, 1, inPlace).floats - convLayout(s, pass, 1, 1, inPlace).floats;
    return Math.max(1, Math.min(batch, Math.floor(convChunkBytes() / 4 / perImage)));
  };
  const wantsInPlace = (kernelCan: boolean): boolean => kernelCan && pass !== CONV_PASS.inputGrad && inPlaceReads(s);
  const ws = gemmWorkspace(capacityFor(false) * macsPerImage, (parts, kernelCan) => {
    const inPlace = wantsInPlace(kernelCan);
    return convLayout(s, pass, capacityFor(inPlace), parts, inPlace).floats;
  });
  if (ws === null) return null;
  const inPlace = wantsInPlace(ws.inPlace !== null);
  const capacity = capacityFor(inPlace);
  return { ws, L: convLayout(s, pass, capacity, ws.parts, inPlace), capacity, inPlace };
}

function job(s: ConvShape, pass: ConvPass, images: number, capacity: number, flags: { first: boolean; inPlace: boolean }): ConvJob {
  return { ...s, kind: 'conv', pass, images, capacity, first: flags.first ? 1 : 0, inPlace: flags.inPlace ? 1 : 0 };
}

/** Packs every K panel of the per-group matrix `group(g)` (L.m x L.k) as A, at `at(g, kp)`. */
function packA(view: Float32Array, L: ConvLayout, groups: number, group: (g: number) => MatrixView, at: (g: number, kp: number) => number): void {
  for (let g = 0; g < groups; g++) {
    for (let kp = 0; kp < L.kPanels; kp++) {
      const k0 = kp * L.kc;
      packPanels(group(g), 0, L.m, k0, Math.min(L.kc, L.k - k0), SIMD_MR, view, at(g, kp));
    }
  }
}

/**
 * Copies images [images, C, H, W] into the in-place layout's zero-padded images [C, Hp, Wp], zeroing what the
 * last positions read past them too (the filter gradient multiplies it by dy's zeros: it must be finite): one
 * copy into the kernel memory, then the module's bulk copies per row.
 */
function copyPadded(x: Float32Array, from: number, images: number, s: ConvShape, L: ConvLayout, ws: GemmWorkspace): void {
  if (ws.inPlace === null) throw new Error('cpu conv2d: an in-place pass without the in-place kernels');
  const [hp, wp] = [L.paddedHeight, L.paddedWidth];
  const [plane, planes] = [s.height * s.width, images * s.channels];
  ws.view.set(x.subarray(from, from + planes * plane), L.raw);
  ws.view.fill(0, L.source, L.source + planes * hp * wp + wp + 8);
  for (let p = 0; p < planes; p++) {
    const to = L.source + (p * hp + s.padH) * wp + s.padW;
    ws.inPlace.copyRows(4 * (L.raw + p * plane), 4 * to, s.height, 4 * s.width, 4 * s.width, 4 * wp);
  }
}

/**
 * The in-place kernels' table: tap (c, a, b) of a group is c Hp Wp + a dh Wp + b dw floats from a position
 * (in bytes), for `length` entries (the filter gradient's rows past the last tap read tap 0).
 */
function writeTapShifts(s: ConvShape, L: ConvLayout, view: Float32Array, length: number): void {
  const table = new Int32Array(view.buffer, 4 * L.offsets, length).fill(0);
  for (let t = 0, c = 0; c < s.channels / s.groups; c++) {
    for (let a = 0; a < s.kh; a++) {
      for (let b = 0; b < s.kw; b++, t++) table[t] = 4 * ((c * L.paddedHeight + a * s.dilationH) * L.paddedWidth + b * s.dilationW);
    }
  }
}

/** y [N, Co, Ho, Wo] = conv(x [N, C, H, W], w [Co, C / G, kh, kw]). */
export function simdConv2d(x: Float32Array, w: Float32Array, y: Float32Array, s: ConvShape, batch: number): boolean {
  const p = plan(s, CONV_PASS.forward, batch);
  if (p === null) return false;
  const { ws, L, capacity, inPlace } = p;
  const { groups } = s;
  const image = s.channels * s.height * s.width;
  const plane = s.outChannels * s.rows * s.cols;
  packA(ws.view, L, groups, (g) => ({ values: w, offset: g * L.m * L.k, rowStride: L.k, colStride: 1 }), (g, kp) => L.packed + (g * L.kPanels + kp) * L.packedPanel);
  if (inPlace) writeTapShifts(s, L, ws.view, L.k);
  for (let n0 = 0; n0 < batch; n0 += capacity) {
    const images = Math.min(capacity, batch - n0);
    if (inPlace) copyPadded(x, n0 * image, images, s, L, ws);
    else ws.view.set(x.subarray(n0 * image, (n0 + images) * image), L.source);
    ws.run(job(s, CONV_PASS.forward, images, capacity, { first: n0 === 0, inPlace }));
    y.set(ws.view.subarray(L.y, L.y + images * plane), n0 * plane);
  }
  return true;
}

/**
 * For stride 1, the input gradient is itself a stride-1 convolution (so the forward pass runs it, in place): of
 * dy by the weight with its two channel axes swapped within each group and its window flipped, padded by
 * d (k - 1) - p. Null where that padding would be negative.
 */
function transposedConvolution(w: Float32Array, s: ConvShape): { w: Float32Array; s: ConvShape } | null {
  const [padH, padW] = [s.dilationH * (s.kh - 1) - s.padH, s.dilationW * (s.kw - 1) - s.padW];
  if (!inPlaceReads(s) || padH < 0 || padW < 0) return null;
  const [perGroupIn, perGroupOut, window] = [s.channels / s.groups, s.outChannels / s.groups, s.kh * s.kw];
  const flipped = new Float32Array(w.length);
  for (let g = 0; g < s.groups; g++) {
    for (let o = 0; o < perGroupOut; o++) {
      for (let c = 0; c < perGroupIn; c++) {
        const from = ((g * perGroupOut + o) * perGroupIn + c) * window;
        const to = ((g * perGroupIn + c) * perGroupOut + o) * window;
        for (let t = 0; t < window; t++) flipped[to + window - 1 - t] = w[from + t];
      }
    }
  }
  const shape: ConvShape = {
    ...s, channels: s.outChannels, height: s.rows, width: s.cols, outChannels: s.channels, rows: s.height, cols: s.width, padH, padW,
  };
  return { w: flipped, s: shape };
}

/** dx [N, C, H, W] of conv2d from dy [N, Co, Ho, Wo] and w [Co, C / G, kh, kw]. */
export function simdConv2dBackwardInput(dy: Float32Array, w: Float32Array, dx: Float32Array, s: ConvShape, batch: number): boolean {
  const transposed = transposedConvolution(w, s);
  if (transposed && simdConv2d(dy, transposed.w, dx, transposed.s, batch)) return true;
  const p = plan(s, CONV_PASS.inputGrad, batch);
  if (p === null) return false;
  const { ws, L, capacity } = p;
  const image = s.channels * s.height * s.width;
  const plane = s.outChannels * L.n;
  packA(ws.view, L, s.groups, (g) => ({ values: w, offset: g * L.k * L.m, rowStride: 1, colStride: L.m }), (g, kp) => L.packed + (g * L.kPanels + kp) * L.packedPanel);
  for (let n0 = 0; n0 < batch; n0 += capacity) {
    const images = Math.min(capacity, batch - n0);
    ws.view.set(dy.subarray(n0 * plane, (n0 + images) * plane), L.source);
    ws.run(job(s, CONV_PASS.inputGrad, images, capacity, { first: n0 === 0, inPlace: false }));
    ws.run(job(s, CONV_PASS.col2im, images, capacity, { first: n0 === 0, inPlace: false }));
    dx.set(ws.view.subarray(L.dx, L.dx + images * image), n0 * image);
  }
  return true;
}

/** dw [Co, C / G, kh, kw] of conv2d from x [N, C, H, W] and dy [N, Co, Ho, Wo], summed over the images in order. */
export function simdConv2dBackwardFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, s: ConvShape, batch: number): boolean {
  const p = plan(s, CONV_PASS.filterGrad, batch);
  if (p === null) return false;
  const { ws, L, capacity, inPlace } = p;
  const { groups } = s;
  const image = s.channels * s.height * s.width;
  const positions = s.rows * s.cols;
  const perGroup = s.outChannels / groups;
  if (inPlace) writeTapShifts(s, L, ws.view, L.mPanels * SIMD_MR);
  for (let n0 = 0; n0 < batch; n0 += capacity) {
    const images = Math.min(capacity, batch - n0);
    if (inPlace) copyPadded(x, n0 * image, images, s, L, ws);
    else ws.view.set(x.subarray(n0 * image, (n0 + images) * image), L.source);
    if (inPlace) {
      // dy is packed as B by the threads (packDy), from one copy into the kernel memory.
      ws.view.set(dy.subarray(n0 * s.outChannels * positions, (n0 + images) * s.outChannels * positions), L.rawDy);
      ws.run(job(s, CONV_PASS.packDy, images, capacity, { first: n0 === 0, inPlace }));
    } else {
      for (let img = 0; img < images; img++) {
        const dyImage = (n0 + img) * s.outChannels * positions;
        const dyGroup = (g: number): MatrixView => ({ values: dy, offset: dyImage + g * perGroup * positions, rowStride: positions, colStride: 1 });
        packA(ws.view, L, groups, dyGroup, (g, kp) => L.packed + ((img * groups + g) * L.kPanels + kp) * L.packedPanel);
      }
    }
    ws.run(job(s, CONV_PASS.filterGrad, images, capacity, { first: n0 === 0, inPlace }));
  }
  // C is dw_g, or in place dw_g^T.
  const taps = inPlace ? L.m : L.n;
  for (let g = 0; g < groups; g++) {
    const cGroup = L.c + g * L.mPanels * SIMD_MR * L.ldc;
    for (let o = 0; o < perGroup; o++) {
      const to = (g * perGroup + o) * taps;
      if (inPlace) for (let t = 0; t < taps; t++) dw[to + t] = ws.view[cGroup + t * L.ldc + o];
      else dw.set(ws.view.subarray(cGroup + o * L.ldc, cGroup + o * L.ldc + taps), to);
    }
  }
  return true;
}
