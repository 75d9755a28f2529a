// The benchmark suites `framegrad bench --suite` can run, by name, and running one suite on one backend: each case
// is prepared, timed and disposed in turn, and the backend's memory is read once the suite is done.

import type { BackendName } from '../backends/types.js';
import { getBackend } from '../backends/registry.js';
import type { BenchCase, BenchSize } from './bench-case.js';
import { measure, type MeasureOptions } from './measure.js';
import { modelCases } from './model-cases.js';
import { opCases } from './op-cases.js';
import { targetCases } from './target-cases.js';

/** `targets` holds the target measurements (minutes on cpu), so it is not in the CLI's default. */
export const SUITES = ['ops', 'models', 'targets'] as const;
export type SuiteName = (typeof SUITES)[number];

/** What runs a row: a framegrad backend, or another framework's backend timed by `--vs` (see comparators/). */
export type RowBackend = BackendName | ComparatorBackend;
export type ComparatorBackend = 'tfjs-cpu' | 'tfjs-wasm' | 'tfjs-webgpu' | 'torch-cpu';

export interface BenchRow {
  readonly suite: SuiteName;
  readonly backend: RowBackend;
  /** On a comparator's row: the framegrad backend its speedup column compares with. */
  readonly comparedWith?: BackendName;
  readonly name: string;
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
  readonly samples: number;
  /** GFLOP/s or GB/s at the median, for cases that declare their work. */
  readonly rate?: { readonly value: number; readonly unit: 'GFLOP/s' | 'GB/s' };
}

/** A case a backend does not run (a comparator without the kernel, a case skipped on a backend), shown with why. */
export interface NotRunRow {
  readonly suite: SuiteName;
  readonly backend: RowBackend;
  readonly name: string;
  readonly reason: string;
}

/** Buffers a backend holds once a suite's cases are disposed: live ones (leaks show here) and pooled ones. */
export interface MemoryRow {
  readonly suite: SuiteName;
  readonly backend: BackendName;
  readonly liveBuffers: number;
  readonly liveBytes: number;
  readonly pooledBuffers: number;
  readonly pooledBytes: number;
}

/** The suite's cases; `targets` has fixed shapes, whatever the size. */
export function suiteCases(suite: SuiteName, size: BenchSize): BenchCase[] {
  if (suite === 'ops') return opCases(size);
  return suite === 'models' ? modelCases() : targetCases();
}

export function rateOf(c: Pick<BenchCase, 'work'>, ms: number): BenchRow['rate'] {
  if (!c.work) return undefined;
  return 'flop' in c.work ? { value: c.work.flop / ms / 1e6, unit: 'GFLOP/s' } : { value: c.work.bytes / ms / 1e6, unit: 'GB/s' };
}

/** Times each case on `backend`; a case that throws is reported on stderr and left out. */
export async function runSuite(
  suite: SuiteName,
  cases: readonly BenchCase[],
  backend: BackendName,
  options: MeasureOptions,
): Promise<{ rows: BenchRow[]; notRun: NotRunRow[]; memory: MemoryRow }> {
  const rows: BenchRow[] = [];
  const notRun: NotRunRow[] = [];
  for (const c of cases) {
    const skipped = c.skip?.[backend];
    if (skipped !== undefined) {
      notRun.push({ suite, backend, name: c.name, reason: skipped });
      continue;
    }
    try {
      const prepared = c.prepare(backend);
      try {
        const timing = c.timing ? { ...options, warmup: c.timing.warmup, iterations: options.iterations ?? c.timing.iterations } : options;
        const t = await measure(prepared.step, timing);
        rows.push({ suite, backend, name: c.name, ...t, rate: rateOf(c, t.medianMs) });
      } finally {
        prepared.dispose();
      }
    } catch (e) {
      console.warn(`bench: ${backend} ${c.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { rows, notRun, memory: { suite, backend, ...getBackend(backend).memory() } };
}
