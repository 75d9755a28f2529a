// What `framegrad bench --vs` comparators share: the --vs choices, the rows and notes a comparator hands back to
// the targets table, and the one line printed when a comparator's framework is not installed.

import type { BackendName } from '../../backends/types.js';
import type { BenchRow, ComparatorBackend, NotRunRow } from '../suites.js';
import type { Timing } from '../measure.js';
import { rateOf } from '../suites.js';
import type { TargetSpec } from '../targets.js';

/** The frameworks `--vs` can name. */
export const COMPARATORS = ['tfjs', 'torch'] as const;
export type ComparatorName = (typeof COMPARATORS)[number];

export interface ComparatorRun {
  readonly rows: BenchRow[];
  readonly notRun: NotRunRow[];
  /** Lines printed under the table (versions, threads, what was left out and why). */
  readonly notes: string[];
}

/** The line printed instead of a comparator's rows (a backend's, or all of a framework's) when it cannot load or run. */
export function unavailableLine(what: ComparatorBackend | ComparatorName, why: string): string {
  return `bench: ${what} comparator unavailable (${why.split('\n')[0].trim()})`;
}

/** A comparator's timed row for a target case. */
export function comparatorRow(backend: ComparatorBackend, comparedWith: BackendName, spec: TargetSpec, t: Timing): BenchRow {
  return { suite: 'targets', backend, comparedWith, name: spec.name, ...t, rate: rateOf({ work: { flop: spec.flop } }, t.medianMs) };
}
