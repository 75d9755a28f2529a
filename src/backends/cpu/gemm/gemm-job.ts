// The jobs the float32 GEMM hands to its threads, all working in the SIMD kernel's memory: 'panels' multiplies
// one packed K panel of A by one of B (simd-gemm.ts's matmul), 'conv' runs one pass of a convolution over a chunk
// of images (conv-gemm.ts), its threads packing their own operands from images copied into that memory. A job
// is a kind and a few integers, so it travels to workers through a small shared Int32Array; this file is the one
// place that knows that layout, and the panel loop every job ends in.

import { SIMD_NR } from './simd-kernel-module.js';
import { tsPanelColumn } from './ts-panel-kernel.js';

/** Rows per micro-tile of the SIMD kernel (4 x 8 tile: 8 accumulator registers). */
export const SIMD_MR = 4;
/** Longest K panel: a 4 x KC sliver of A and an 8 x KC sliver of B (4 + 8 KiB) fit L1 together. */
export const KC = 256;
/** A panels per cache block: 128 rows x KC of packed A (128 KiB) stays in L2 while B slivers stream through L1. */
const ROW_PANELS_PER_BLOCK = 32;

export type PanelColumn = (a: number, b: number, c: number, kc: number, ldc: number, panels: number, accumulate: number) => void;
/**
 * panelColumn reading one operand in place through a table of byte offsets (simd-kernel-module.ts):
 * panelColumnOffsets B's k-th row at b + offsets[k], panelRowsOffsets A's row r of panel p from a + offsets[MR p + r].
 */
export type PanelColumnOffsets = (a: number, b: number, c: number, kc: number, ldc: number, panels: number, accumulate: number, offsets: number) => void;

/** copyRows(src, dst, rows, bytes, srcStride, dstStride) of the SIMD module (bulk memory copies). */
export type CopyRows = (src: number, dst: number, rows: number, bytes: number, srcStride: number, dstStride: number) => void;

/** What the in-place convolution passes need of the SIMD module. */
export interface InPlaceKernels {
  readonly panelColumnOffsets: PanelColumnOffsets;
  readonly panelRowsOffsets: PanelColumnOffsets;
  readonly copyRows: CopyRows;
}

/** The micro-kernels a thread runs jobs with; the TypeScript panel kernel has no in-place variants. */
export interface GemmKernels {
  readonly panelColumn: PanelColumn;
  readonly inPlace: InPlaceKernels | null;
}

/** The kernels of the SIMD module instantiated on `memory`, or the TypeScript panel kernel when `module` is null. */
export function gemmKernels(module: WebAssembly.Module | null, memory: WebAssembly.Memory): GemmKernels {
  if (module === null) return { panelColumn: tsPanelColumn(memory), inPlace: null };
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const inPlace: InPlaceKernels = {
    panelColumnOffsets: exports.panelColumnOffsets as PanelColumnOffsets,
    panelRowsOffsets: exports.panelRowsOffsets as PanelColumnOffsets,
    copyRows: exports.copyRows as CopyRows,
  };
  return { panelColumn: exports.panelColumn as PanelColumn, inPlace };
}

/** What a thread runs a part of a job with: the micro-kernels and a float view of the kernel memory. */
export interface JobContext {
  readonly kernels: GemmKernels;
  /** The memory as float32s (remade after the memory grows). */
  view(): Float32Array;
}

const FIELDS = {
  // Byte offsets of packed A (mPanels x kc x MR), packed B (nPanels x kc x 8) and C (rows `ldc` bytes apart);
  // `accumulate` (0 or 1) adds into C instead of overwriting it (every K panel after the first).
  panels: ['a', 'b', 'c', 'kc', 'ldc', 'mPanels', 'nPanels', 'accumulate'],
  // One pass (CONV_PASS) over `images` images laid out for `capacity` (conv-layout.ts); `first` (0 or 1): the
  // filter gradient's first chunk, which starts its sums instead of adding to them; `inPlace` (0 or 1): the
  // pass reads the zero-padded images in place (stride 1, SIMD kernel).
  conv: [
    'pass', 'images', 'capacity', 'first', 'inPlace',
    'channels', 'height', 'width', 'outChannels', 'rows', 'cols', 'kh', 'kw',
    'strideH', 'strideW', 'padH', 'padW', 'dilationH', 'dilationW', 'groups',
  ],
} as const;

type JobKind = keyof typeof FIELDS;
const KINDS: readonly JobKind[] = ['panels', 'conv'];

export type JobOf<K extends JobKind> = { readonly kind: K } & { readonly [F in (typeof FIELDS)[K][number]]: number };
export type GemmJob = JobOf<'panels'>;
export type ConvJob = JobOf<'conv'>;
export type Job = GemmJob | ConvJob;

// Layout of the shared control block: a generation counter workers wait on, a count of finished parts the
// caller waits on, the number of parts, the job's kind, then its fields.
export const CONTROL = { generation: 0, done: 1, parts: 2, kind: 3, fields: 4, length: 4 + FIELDS.conv.length } as const;

export function writeJob(control: Int32Array, job: Job, parts: number): void {
  control[CONTROL.parts] = parts;
  control[CONTROL.kind] = KINDS.indexOf(job.kind);
  const fields: readonly string[] = FIELDS[job.kind];
  const values: Readonly<Record<string, number | string>> = job;
  fields.forEach((field, i) => {
    control[CONTROL.fields + i] = Number(values[field]);
  });
}

export function readJob(control: Int32Array): { job: Job; parts: number } {
  const kind = KINDS[control[CONTROL.kind]];
  const job: Record<string, number | string> = { kind };
  FIELDS[kind].forEach((field, i) => {
    job[field] = control[CONTROL.fields + i];
  });
  return { job: job as Job, parts: control[CONTROL.parts] };
}

/**
 * C (byte offset `c`, rows `ldc` bytes apart) = or += packed A row panels [p0, p1) times packed B column panels
 * [q0, q1), all packed with panel length `kc`; offsets are of panel 0 of each operand.
 */
export function multiplyPanels(
  kernels: GemmKernels,
  at: { readonly a: number; readonly b: number; readonly c: number; readonly kc: number; readonly ldc: number },
  rowPanels: readonly [number, number],
  columnPanels: readonly [number, number],
  accumulate: boolean,
): void {
  const aPanelBytes = at.kc * SIMD_MR * 4;
  const bPanelBytes = at.kc * SIMD_NR * 4;
  const [p0, p1] = rowPanels;
  const [q0, q1] = columnPanels;
  const kernel = kernels.panelColumn;
  for (let p = p0; p < p1; p += ROW_PANELS_PER_BLOCK) {
    const panels = Math.min(ROW_PANELS_PER_BLOCK, p1 - p);
    const a = at.a + p * aPanelBytes;
    const c = at.c + p * SIMD_MR * at.ldc;
    for (let q = q0; q < q1; q++) kernel(a, at.b + q * bPanelBytes, c + q * SIMD_NR * 4, at.kc, at.ldc, panels, accumulate ? 1 : 0);
  }
}

/**
 * multiplyPanels with one operand read in place through the table at byte offset `offsets`: B (column panel q's
 * k-th row at b + 32 q + offsets[k]) or A (row r of panel p at a + offsets[MR p + r], the table holding panels
 * [p0, p1) only).
 */
export function multiplyInPlace(
  kernels: GemmKernels,
  operand: 'a' | 'b',
  at: { readonly a: number; readonly b: number; readonly c: number; readonly kc: number; readonly ldc: number; readonly offsets: number },
  rowPanels: number,
  columnPanels: number,
  accumulate: boolean,
): void {
  if (kernels.inPlace === null) throw new Error('cpu GEMM: an in-place job reached a kernel without in-place variants');
  const { panelColumnOffsets, panelRowsOffsets } = kernels.inPlace;
  for (let p = 0; p < rowPanels; p += ROW_PANELS_PER_BLOCK) {
    const panels = Math.min(ROW_PANELS_PER_BLOCK, rowPanels - p);
    const c = at.c + p * SIMD_MR * at.ldc;
    for (let q = 0; q < columnPanels; q++) {
      if (operand === 'b') panelColumnOffsets(at.a + p * at.kc * SIMD_MR * 4, at.b + q * SIMD_NR * 4, c + q * SIMD_NR * 4, at.kc, at.ldc, panels, accumulate ? 1 : 0, at.offsets);
      else panelRowsOffsets(at.a, at.b + q * at.kc * SIMD_NR * 4, c + q * SIMD_NR * 4, at.kc, at.ldc, panels, accumulate ? 1 : 0, at.offsets + p * SIMD_MR * 4);
    }
  }
}

/** The range [start, end) of `total` units that part `part` of `parts` takes (contiguous, sizes within one). */
export function partRange(total: number, part: number, parts: number): [number, number] {
  return [Math.floor((total * part) / parts), Math.floor((total * (part + 1)) / parts)];
}
