// What one thread runs of a convolution job (conv-layout.ts has the passes and the memory layout). The GEMM passes
// cut the columns of C (forward and input grad: every image's positions; filter grad: the taps, which in place
// are C's rows) into contiguous ranges, one per thread; a thread packs B for its own columns (unless it reads the
// image in place), a block at a time, and runs every K panel on them, so each C element is computed by one thread
// in one fixed order and the result does not depend on the threads. The col2im pass gives each thread whole
// channels, the packDy pass whole K panels of dy.

import { CONV_PASS, type ConvLayout, type ConvPass, BLOCK_PANELS, convLayout } from './conv-layout.js';
import { col2imChannel, packImageColumns, packImageTaps, packWideRows } from './conv-packing.js';
import { type ConvJob, type JobContext, SIMD_MR, multiplyInPlace, multiplyPanels, partRange } from './gemm-job.js';
import { packPanels } from './packing.js';
import { SIMD_NR } from './simd-kernel-module.js';

/**
 * One block of B's column panels [q0, q1) of `segment` (an image's group; the filter gradient's: a group; in place
 * the filter gradient's blocks are of A's row panels).
 */
interface Block {
  readonly segment: number;
  readonly q0: number;
  readonly q1: number;
}

function runBlock(ctx: JobContext, job: ConvJob, L: ConvLayout, block: Block, scratch: number): void {
  const view = ctx.view();
  const { segment, q0, q1 } = block;
  const pass = job.pass;
  const groups = job.groups;
  const image = job.channels * job.height * job.width;
  const groupImage = image / groups;
  const count = Math.min((q1 - q0) * SIMD_NR, L.n - q0 * SIMD_NR);
  const filter = pass === CONV_PASS.filterGrad;
  const g = filter ? segment : segment % groups;
  const cAt = L.c + segment * L.mPanels * SIMD_MR * L.ldc + q0 * SIMD_NR;
  // The filter gradient sums over every image of the chunk; the other passes' segment is one image's group.
  const [img0, img1] = filter ? [0, job.images] : [Math.floor(segment / groups), Math.floor(segment / groups) + 1];
  for (let img = img0; img < img1; img++) {
    const source = L.source + img * image + g * groupImage;
    for (let kp = 0; kp < L.kPanels; kp++) {
      const k0 = kp * L.kc;
      const kLen = Math.min(L.kc, L.k - k0);
      if (pass === CONV_PASS.forward) packImageColumns(view, source, job, k0, kLen, q0 * SIMD_NR, count, view, scratch);
      else if (filter) packImageTaps(view, source, job, q0 * SIMD_NR, count, k0, kLen, view, scratch);
      else {
        const positions = L.n;
        const dy = { values: view, offset: L.source + (img * groups + g) * L.k * positions, rowStride: 1, colStride: positions };
        packPanels(dy, q0 * SIMD_NR, count, k0, kLen, SIMD_NR, view, scratch);
      }
      const aPanel = L.packed + ((filter ? img * groups + g : g) * L.kPanels + kp) * L.packedPanel;
      const accumulate = filter ? job.first === 0 || img > 0 || kp > 0 : kp > 0;
      multiplyPanels(ctx.kernels, { a: 4 * aPanel, b: 4 * scratch, c: 4 * cAt, kc: kLen, ldc: 4 * L.ldc }, [0, L.mPanels], [0, q1 - q0], accumulate);
    }
  }
  if (pass === CONV_PASS.forward) copyToY(view, job, L, block);
}

/**
 * Copies the forward pass's C columns [8 q0, 8 q1) of `segment` (an image's group) into y [Co / G, Ho, Wo] there,
 * dropping in place the positions past Wo of each Wp-long row.
 */
function copyToY(view: Float32Array, job: ConvJob, L: ConvLayout, block: Block): void {
  const { segment, q0, q1 } = block;
  const positions = job.rows * job.cols;
  const wide = job.inPlace !== 0 ? L.paddedWidth : job.cols;
  const [j0, j1] = [q0 * SIMD_NR, Math.min(q1 * SIMD_NR, L.n)];
  for (let r = 0; r < L.m; r++) {
    const from = L.c + (segment * L.mPanels * SIMD_MR + r) * L.ldc;
    const to = L.y + (segment * L.m + r) * positions;
    for (let j = j0; j < j1; ) {
      const oh = Math.floor(j / wide);
      const ow = j - oh * wide;
      const end = Math.min(j1 - j + ow, wide);
      const kept = Math.min(end, job.cols);
      for (let x = ow, src = from + oh * wide, dst = to + oh * job.cols; x < kept; x++) view[dst + x] = view[src + x];
      j += end - ow;
    }
  }
}

/**
 * The in-place passes (stride 1) read the zero-padded image through a table of tap shifts: the forward pass as B
 * (the block is of column panels), the filter gradient as A (the block is of row panels, i.e. taps).
 */
function runInPlaceBlock(ctx: JobContext, job: ConvJob, L: ConvLayout, block: Block): void {
  const { segment, q0, q1 } = block;
  const filter = job.pass === CONV_PASS.filterGrad;
  const groups = job.groups;
  const groupImage = (job.channels / groups) * L.paddedHeight * L.paddedWidth;
  if (!filter) {
    const b = L.source + segment * groupImage + q0 * SIMD_NR;
    const cAt = L.c + segment * L.mPanels * SIMD_MR * L.ldc + q0 * SIMD_NR;
    const g = segment % groups;
    for (let kp = 0; kp < L.kPanels; kp++) {
      const kLen = Math.min(L.kc, L.k - kp * L.kc);
      const a = L.packed + (g * L.kPanels + kp) * L.packedPanel;
      const at = { a: 4 * a, b: 4 * b, c: 4 * cAt, kc: kLen, ldc: 4 * L.ldc, offsets: 4 * (L.offsets + kp * L.kc) };
      multiplyInPlace(ctx.kernels, 'b', at, L.mPanels, q1 - q0, kp > 0);
    }
    copyToY(ctx.view(), job, L, block);
    return;
  }
  // Filter gradient: segment is a group, [q0, q1) its tap panels; C^T rows are taps, columns output channels.
  const g = segment;
  const cAt = L.c + (g * L.mPanels + q0) * SIMD_MR * L.ldc;
  for (let img = 0; img < job.images; img++) {
    const image = L.source + (img * groups + g) * groupImage;
    for (let kp = 0; kp < L.kPanels; kp++) {
      const k0 = kp * L.kc;
      const kLen = Math.min(L.kc, L.k - k0);
      const b = L.packed + ((img * groups + g) * L.kPanels + kp) * L.packedPanel;
      const at = { a: 4 * (image + k0), b: 4 * b, c: 4 * cAt, kc: kLen, ldc: 4 * L.ldc, offsets: 4 * (L.offsets + q0 * SIMD_MR) };
      multiplyInPlace(ctx.kernels, 'a', at, q1 - q0, L.nPanels, job.first === 0 || img > 0 || kp > 0);
    }
  }
}

function runCol2imPart(ctx: JobContext, job: ConvJob, L: ConvLayout, part: number, parts: number): void {
  const view = ctx.view();
  const perGroup = job.channels / job.groups;
  const plane = job.height * job.width;
  const [u0, u1] = partRange(job.images * job.channels, part, parts);
  for (let u = u0; u < u1; u++) {
    const img = Math.floor(u / job.channels);
    const channel = u - img * job.channels;
    const g = Math.floor(channel / perGroup);
    const rowsAt = L.c + ((img * job.groups + g) * L.mPanels * SIMD_MR + (channel - g * perGroup) * job.kh * job.kw) * L.ldc;
    col2imChannel(view, rowsAt, L.ldc, job, view, L.dx + u * plane);
  }
}

/** Packs dy of units [image][group][kPanel] as the in-place filter gradient's B (conv-gemm.ts sets it out). */
function runPackDyPart(ctx: JobContext, job: ConvJob, L: ConvLayout, part: number, parts: number): void {
  const view = ctx.view();
  const positions = job.rows * job.cols;
  const perGroup = job.outChannels / job.groups;
  const [u0, u1] = partRange(job.images * job.groups * L.kPanels, part, parts);
  for (let u = u0; u < u1; u++) {
    const segment = Math.floor(u / L.kPanels);
    const k0 = (u - segment * L.kPanels) * L.kc;
    const from = L.rawDy + segment * perGroup * positions;
    packWideRows(view, from, positions, perGroup, job.cols, L.paddedWidth, k0, Math.min(L.kc, L.k - k0), view, L.packed + u * L.packedPanel);
  }
}

export function runConvPart(ctx: JobContext, job: ConvJob, part: number, parts: number): void {
  const pass = job.pass as ConvPass;
  const L = convLayout(job, pass, job.capacity, parts, job.inPlace !== 0);
  if (pass === CONV_PASS.col2im) {
    runCol2imPart(ctx, job, L, part, parts);
    return;
  }
  if (pass === CONV_PASS.packDy) {
    runPackDyPart(ctx, job, L, part, parts);
    return;
  }
  const segments = pass === CONV_PASS.filterGrad ? job.groups : job.images * job.groups;
  // Each segment's panels that threads take apart: C's column panels, or in place in the filter gradient its rows.
  const panels = pass === CONV_PASS.filterGrad && job.inPlace !== 0 ? L.mPanels : L.nPanels;
  const scratch = L.scratch + part * L.scratchFloats;
  const [u0, u1] = partRange(segments * panels, part, parts);
  for (let u = u0; u < u1; ) {
    const segment = Math.floor(u / panels);
    const q0 = u - segment * panels;
    const q1 = Math.min(panels, q0 + BLOCK_PANELS, q0 + u1 - u);
    if (job.inPlace !== 0) runInPlaceBlock(ctx, job, L, { segment, q0, q1 });
    else runBlock(ctx, job, L, { segment, q0, q1 }, scratch);
    u += q1 - q0;
  }
}
