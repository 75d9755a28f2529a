// The benchmark suites `framegrad bench --suite` can run, by name, and running one suite on one backend: each case
// is prepared, timed and disposed in turn, and the backend's memory is read once the suite is done.

import type { BackendName } from '../backends/types.js';
import { getBackend } from '../backends/registry.js';
import type { BenchCase, BenchSize } from './bench-case.js';
import { measure, type MeasureOptions } from './measure.js';
import { modelCases } from './model-cases.js';
import { opCases } from './op-cases.js';

export const SUITES = ['ops', 'models'] as const;
export type SuiteName = (typeof SUITES)[number];

export interface BenchRow {
  readonly suite: SuiteName;
  readonly backend: BackendName;
  readonly name: string;
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
  readonly samples: number;
  /** GFLOP/s or GB/s at the median, for cases that declare their work. */
  readonly rate?: { readonly value: number; readonly unit: 'GFLOP/s' | 'GB/s' };
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

export function suiteCases(suite: SuiteName, size: BenchSize): BenchCase[] {
  return suite === 'ops' ? opCases(size) : modelCases();
}

function rateOf(c: BenchCase, ms: number): BenchRow['rate'] {
  if (!c.work) return undefined;
  return 'flop' in c.work ? { value: c.work.flop / ms / 1e6, unit: 'GFLOP/s' } : { value: c.work.bytes / ms / 1e6, unit: 'GB/s' };
}

/** Times each case on `backend`; a case that throws is reported on stderr and left out. */
export async function runSuite(suite: SuiteName, cases: readonly BenchCase[], backend: BackendName, options: MeasureOptions): Promise<{ rows: BenchRow[]; memory: MemoryRow }> {
  const rows: BenchRow[] = [];
  for (const c of cases) {
    try {
      const prepared = c.prepare(backend);
      try {
        const t = await measure(prepared.step, options);
        rows.push({ suite, backend, name: c.name, ...t, rate: rateOf(c, t.medianMs) });
      } finally {
        prepared.dispose();
      }
    } catch (e) {
      console.warn(`bench: ${backend} ${c.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { rows, memory: { suite, backend, ...getBackend(backend).memory() } };
}
