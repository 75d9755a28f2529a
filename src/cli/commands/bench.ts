// `framegrad bench`: times the op, model and target suites on each requested backend, prints a table per suite
// (and webgpu's buffer usage after it), and optionally writes the results as JSON or compares them with a
// previous run. With --vs, the targets suite's cases also run on TensorFlow.js and PyTorch (comparators/),
// whose rows join the same table.

import { readFileSync, writeFileSync } from 'node:fs';
import { initBackend } from '../../backends/registry.js';
import type { BackendName } from '../../backends/types.js';
import { BENCH_SIZES, type BenchSize } from '../../bench/bench-case.js';
import { COMPARATORS, type ComparatorName, type ComparatorRun } from '../../bench/comparators/comparator.js';
import { runTfjs } from '../../bench/comparators/tfjs.js';
import { runTorch } from '../../bench/comparators/torch.js';
import type { MeasureOptions } from '../../bench/measure.js';
import { type BenchResult, type Comparison, formatMemory, formatRows } from '../../bench/report.js';
import { type BenchRow, type MemoryRow, type NotRunRow, SUITES, type SuiteName, runSuite, suiteCases } from '../../bench/suites.js';
import { TARGET_SHAPES, convlstmStepNote, targetSpecs } from '../../bench/targets.js';
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
  /** Comparator frameworks for the targets suite: comma-separated, or repeated (cac then gives an array). */
  readonly vs?: string | readonly string[];
}

/**
 * A comparator case whose first run takes longer than this is timed by that run alone: TensorFlow.js's cpu conv
 * filter gradient takes minutes at the target size (tfjs-webgpu's first runs compile shaders, so it always gets
 * the ordinary warm-up and timed runs).
 */
const COMPARATOR_SLOW_MS = 10_000;

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

/** The targets suite's comparator runs, on the cases `filter` leaves, next to framegrad's `backends`. */
async function runComparators(vs: readonly ComparatorName[], backends: readonly BackendName[], filter: string | undefined, measure: MeasureOptions): Promise<ComparatorRun> {
  const specs = targetSpecs(TARGET_SHAPES).filter((s) => !filter || s.name.includes(filter));
  const all: ComparatorRun = { rows: [], notRun: [], notes: [] };
  const add = (r: ComparatorRun): void => {
    all.rows.push(...r.rows);
    all.notRun.push(...r.notRun);
    all.notes.push(...r.notes);
  };
  if (vs.includes('tfjs')) add(await runTfjs(backends, specs, TARGET_SHAPES, { ...measure, slowMs: COMPARATOR_SLOW_MS }));
  if (vs.includes('torch')) {
    if (backends.includes('cpu')) add(await runTorch(specs, TARGET_SHAPES, measure.timeMs));
    else console.warn('bench: --vs torch compares with the cpu backend, which this run leaves out');
  }
  return all;
}

export async function benchCommand(flags: BenchFlags): Promise<BenchResult> {
  const vsFlags = flags.vs === undefined ? [] : Array.isArray(flags.vs) ? flags.vs : [flags.vs];
  const vs: ComparatorName[] = vsFlags.length === 0 ? [] : list('--vs comparator', vsFlags.join(','), COMPARATORS);
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
  if (vs.length > 0 && !suites.includes('targets')) console.warn('bench: --vs compares the targets suite only (add --suite targets)');
  const filter = flags.filter === undefined ? undefined : String(flags.filter);
  const backends = await availableBackends(flags.backend === undefined ? undefined : String(flags.backend));
  const rows: BenchRow[] = [];
  const notRun: NotRunRow[] = [];
  const memory: MemoryRow[] = [];
  for (const suite of suites) {
    const cases = suiteCases(suite, size).filter((c) => !filter || c.name.includes(filter));
    const suiteRows: BenchRow[] = [];
    const suiteNotRun: NotRunRow[] = [];
    const notes: string[] = [];
    for (const backend of backends) {
      const result = await runSuite(suite, cases, backend, measure);
      suiteRows.push(...result.rows);
      suiteNotRun.push(...result.notRun);
      memory.push(result.memory);
      if (backend === 'webgpu') notes.push(formatMemory(result.memory));
    }
    if (suite === 'targets') {
      if (vs.length > 0) {
        const compared = await runComparators(vs, backends, filter, measure);
        suiteRows.push(...compared.rows);
        suiteNotRun.push(...compared.notRun);
        notes.push(...compared.notes);
      }
      if (cases.some((c) => c.name.startsWith('ConvLSTM'))) notes.push(convlstmStepNote());
    }
    const heading = suite === 'targets' ? 'targets (the issue\'s target shapes)' : `${suite} (--size ${size})`;
    console.log(`\n${heading}\n${formatRows(suiteRows, comparison, suiteNotRun)}${notes.map((n) => `\n${n}`).join('')}`);
    rows.push(...suiteRows);
    notRun.push(...suiteNotRun);
  }
  const result: BenchResult = { size, rows, memory, notRun };
  if (flags.json) writeFileSync(flags.json, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
