// One multiplication of a packed K panel of A (all its MR-row panels) by a packed K panel of B (all its 8-column
// panels) into C, all in the SIMD kernel's memory, and how it is cut into parts: the calling thread runs part 0
// and worker threads (where a pool is installed) the others. The job travels to workers through a small shared
// Int32Array, so this file is the one place that knows its layout.

import { SIMD_NR } from './simd-kernel-module.js';

/** Rows per micro-tile of the SIMD kernel (4 x 8 tile: 8 accumulator registers). */
export const SIMD_MR = 4;
/** A panels per cache block: 128 rows x KC of packed A (128 KiB) stays in L2 while B slivers stream through L1. */
const ROW_PANELS_PER_BLOCK = 32;

export interface GemmJob {
  /** Byte offsets of packed A (mPanels x kc x MR), packed B (nPanels x kc x 8) and C (rows `ldc` bytes apart). */
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly kc: number;
  readonly ldc: number;
  readonly mPanels: number;
  readonly nPanels: number;
  /** Add into C instead of overwriting it (every K panel after the first). */
  readonly accumulate: boolean;
}

export type PanelColumn = (a: number, b: number, c: number, kc: number, ldc: number, panels: number, accumulate: number) => void;

/**
 * Runs part `part` of `parts` of the job: a contiguous range of B's column panels when there are enough of them,
 * else a range of A's row panels.
 */
export function runGemmPart(kernel: PanelColumn, job: GemmJob, part: number, parts: number): void {
  const byColumns = job.nPanels >= parts * 2 || job.mPanels < parts;
  const total = byColumns ? job.nPanels : job.mPanels;
  const start = Math.floor((total * part) / parts);
  const end = Math.floor((total * (part + 1)) / parts);
  const [q0, q1] = byColumns ? [start, end] : [0, job.nPanels];
  const [p0, p1] = byColumns ? [0, job.mPanels] : [start, end];
  const aPanelBytes = job.kc * SIMD_MR * 4;
  const bPanelBytes = job.kc * SIMD_NR * 4;
  const accumulate = job.accumulate ? 1 : 0;
  for (let p = p0; p < p1; p += ROW_PANELS_PER_BLOCK) {
    const panels = Math.min(ROW_PANELS_PER_BLOCK, p1 - p);
    const a = job.a + p * aPanelBytes;
    const c = job.c + p * SIMD_MR * job.ldc;
    for (let q = q0; q < q1; q++) kernel(a, job.b + q * bPanelBytes, c + q * SIMD_NR * 4, job.kc, job.ldc, panels, accumulate);
  }
}

// Layout of the shared control block: a generation counter workers wait on, a count of finished parts the
// caller waits on, the number of parts, then the job's fields.
export const CONTROL = { generation: 0, done: 1, parts: 2, a: 3, b: 4, c: 5, kc: 6, ldc: 7, mPanels: 8, nPanels: 9, accumulate: 10, length: 11 } as const;

export function writeJob(control: Int32Array, job: GemmJob, parts: number): void {
  control[CONTROL.parts] = parts;
  control[CONTROL.a] = job.a;
  control[CONTROL.b] = job.b;
  control[CONTROL.c] = job.c;
  control[CONTROL.kc] = job.kc;
  control[CONTROL.ldc] = job.ldc;
  control[CONTROL.mPanels] = job.mPanels;
  control[CONTROL.nPanels] = job.nPanels;
  control[CONTROL.accumulate] = job.accumulate ? 1 : 0;
}

export function readJob(control: Int32Array): { job: GemmJob; parts: number } {
  return {
    parts: control[CONTROL.parts],
    job: {
      a: control[CONTROL.a],
      b: control[CONTROL.b],
      c: control[CONTROL.c],
      kc: control[CONTROL.kc],
      ldc: control[CONTROL.ldc],
      mPanels: control[CONTROL.mPanels],
      nPanels: control[CONTROL.nPanels],
      accumulate: control[CONTROL.accumulate] !== 0,
    },
  };
}
