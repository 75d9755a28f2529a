// `framegrad bench`: times the op and model suites on each requested backend, prints a table per suite (and
// webgpu's buffer usage after it), and optionally writes the results as JSON or compares them with a previous run.

import { readFileSync, writeFileSync } from 'node:fs';
import { initBackend } from '../../backends/registry.js';
import type { BackendName } from '../../backends/types.js';
import { BENCH_SIZES, type BenchSize } from '../../bench/bench-case.js';
import type { MeasureOptions } from '../../bench/measure.js';
import { type BenchResult, type Comparison, formatMemory, formatRows } from '../../bench/report.js';
import { type BenchRow, type MemoryRow, SUITES, type SuiteName, runSuite, suiteCases } from '../../bench/suites.js';
import { parseChoice } from '../../training/optimizer-factory.js';

export interface BenchFlags {
  /** Comma-separated backends; by default every one that initialises. */
  readonly backend?: string;
  /** Comma-separated suites. */
  readonly suite: string;
  readonly filter?: string;
  readonly size: string;
  /** Milliseconds of timed runs per case (at least three runs). */
  readonly time: number;
  /** Exactly this many timed runs per case instead of --time. */
  readonly iterations?: number;
  readonly json?: string;
  readonly compare?: string;
  /** Percent slowdown past which --compare flags a case. */
  readonly threshold: number;
}

const BACKENDS: readonly BackendName[] = ['cpu', 'webgpu'];

function list<T extends string>(what: string, value: string, choices: readonly T[]): T[] {
  return [...new Set(value.split(',').map((s) => parseChoice(what, s.trim(), choices)))];
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`bench: --${name} must be a positive number, got ${value}`);
  return value;
}

function readBaseline(path: string): BenchResult {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const rows: unknown = parsed !== null && typeof parsed === 'object' && 'rows' in parsed ? parsed.rows : undefined;
  if (!Array.isArray(rows)) throw new Error(`bench: ${path} is not a file written by framegrad bench --json`);
  return parsed as BenchResult;
}

/** The requested backends that initialise; naming one that does not is an error, defaulting to it is a note. */
async function availableBackends(requested: string | undefined): Promise<BackendName[]> {
  const names = requested === undefined ? BACKENDS : list('backend', requested, BACKENDS);
  const ready: BackendName[] = [];
  for (const name of names) {
    try {
      await initBackend(name);
      ready.push(name);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      if (requested !== undefined) throw new Error(`bench: backend ${name} is unavailable: ${why}`);
      console.warn(`bench: skipping ${name} (${why})`);
    }
  }
  return ready;
}

export async function benchCommand(flags: BenchFlags): Promise<BenchResult> {
  const suites: SuiteName[] = list('suite', String(flags.suite), SUITES);
  const size: BenchSize = parseChoice('size', String(flags.size), BENCH_SIZES);
  const measure: MeasureOptions = {
    timeMs: positive('time', Number(flags.time)),
    iterations: flags.iterations === undefined ? undefined : Math.round(positive('iterations', Number(flags.iterations))),
    warmup: 1,
    minIterations: 3,
  };
  const comparison: Comparison | undefined = flags.compare
    ? { baseline: readBaseline(flags.compare), threshold: positive('threshold', Number(flags.threshold)) / 100 }
    : undefined;
  const backends = await availableBackends(flags.backend === undefined ? undefined : String(flags.backend));
  const rows: BenchRow[] = [];
  const memory: MemoryRow[] = [];
  for (const suite of suites) {
    const cases = suiteCases(suite, size).filter((c) => !flags.filter || c.name.includes(String(flags.filter)));
    const suiteRows: BenchRow[] = [];
    const notes: string[] = [];
    for (const backend of backends) {
      const result = await runSuite(suite, cases, backend, measure);
      suiteRows.push(...result.rows);
      memory.push(result.memory);
      if (backend === 'webgpu') notes.push(formatMemory(result.memory));
    }
    console.log(`\n${suite} (--size ${size})\n${formatRows(suiteRows, comparison)}${notes.map((n) => `\n${n}`).join('')}`);
    rows.push(...suiteRows);
  }
  const result: BenchResult = { size, rows, memory };
  if (flags.json) writeFileSync(flags.json, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
