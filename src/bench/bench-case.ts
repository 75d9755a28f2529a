// What a benchmark suite is made of: named cases that prepare their inputs on a backend (untimed) and hand back
// one timed step, plus the work a step does, from which the report derives GFLOP/s or GB/s.

import type { BackendName } from '../backends/types.js';

/** Work per step: floating-point operations, or float32 bytes read and written. */
export type Work = { readonly flop: number } | { readonly bytes: number };

export interface PreparedCase {
  /** One timed step; resolves once its results are read back. */
  readonly step: () => Promise<void>;
  /** Frees what `prepare` allocated. */
  dispose(): void;
}

export interface BenchCase {
  readonly name: string;
  readonly work?: Work;
  /** Fixed runs for a case too slow for the --time budget (a full training step on cpu); --iterations still wins. */
  readonly timing?: { readonly warmup: number; readonly iterations: number };
  /** Backends the case is not run on, with why (shown in the table). */
  readonly skip?: Partial<Readonly<Record<BackendName, string>>>;
  prepare(backend: BackendName): PreparedCase;
}

/** How big the op suite's shapes are: `small` keeps a default run short; `large` is the pre-CLI bench's sizes. */
export const BENCH_SIZES = ['small', 'medium', 'large'] as const;
export type BenchSize = (typeof BENCH_SIZES)[number];

/** The side-length multiplier each size applies to spatial dims and matrix sides. */
export const SIZE_SCALE: Record<BenchSize, number> = { small: 1, medium: 2, large: 4 };
