// Printing benchmark results: one aligned table per suite (median, interquartile spread, throughput, framegrad's
// speedup over each comparator's row for the same case, and the speedup over a baseline run with regressions
// past a threshold flagged), and each webgpu suite's buffer usage.

import type { BenchRow, MemoryRow, NotRunRow, RowBackend } from './suites.js';

/** What `--json` writes and `--compare` reads. */
export interface BenchResult {
  readonly size: string;
  readonly rows: readonly BenchRow[];
  readonly memory: readonly MemoryRow[];
  /** Comparator cases that could not run, with why. */
  readonly notRun?: readonly NotRunRow[];
}

export interface Comparison {
  readonly baseline: BenchResult;
  /** A case slower than its baseline by more than this fraction is flagged (0.1 = 10%). */
  readonly threshold: number;
}

/** Row order within a case: framegrad's backends, then the comparators. */
const BACKEND_ORDER: readonly RowBackend[] = ['cpu', 'webgpu', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgpu', 'torch-cpu'];

const key = (r: { suite: string; backend: string; name: string }, backend: string = r.backend): string => `${r.suite}\u0000${backend}\u0000${r.name}`;

function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

function table(header: readonly string[], rows: readonly string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]): string => `| ${r.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (rightAligned.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/**
 * framegrad's speedup over a comparator's row: the comparator's median over framegrad's on the backend it is
 * compared with (above 1: framegrad is faster). Undefined for framegrad's own rows and when that backend has no row.
 */
export function speedupOverComparator(row: BenchRow, rows: readonly BenchRow[]): number | undefined {
  if (row.comparedWith === undefined) return undefined;
  const ours = rows.find((r) => key(r) === key(row, row.comparedWith));
  return ours ? row.medianMs / ours.medianMs : undefined;
}

/** Timed rows and not-run rows, grouped by case (first appearance) and ordered by backend within a case. */
function ordered(rows: readonly BenchRow[], notRun: readonly NotRunRow[]): (BenchRow | NotRunRow)[] {
  const all: (BenchRow | NotRunRow)[] = [...rows, ...notRun];
  const caseOrder = new Map<string, number>();
  for (const r of all) if (!caseOrder.has(r.name)) caseOrder.set(r.name, caseOrder.size);
  const rank = (r: BenchRow | NotRunRow): number => (caseOrder.get(r.name) ?? 0) * BACKEND_ORDER.length + BACKEND_ORDER.indexOf(r.backend);
  return all.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map(({ r }) => r);
}

/**
 * The suite's table. Rows from comparators (and not-run rows) group the table by case; comparators add a
 * framegrad-speedup column; a comparison adds a baseline-speedup column and a list of framegrad's regressions (a comparator
 * getting slower is not one).
 */
export function formatRows(rows: readonly BenchRow[], comparison?: Comparison, notRun: readonly NotRunRow[] = []): string {
  const before = new Map((comparison?.baseline.rows ?? []).map((r) => [key(r), r]));
  const withComparators = rows.some((r) => r.comparedWith !== undefined);
  const entries = withComparators || notRun.length > 0 ? ordered(rows, notRun) : rows;
  const regressions: string[] = [];
  const body = entries.map((r) => {
    if ('reason' in r) return [r.backend, r.name, r.reason, '', '', ...(withComparators ? [''] : []), ...(comparison ? [''] : [])];
    const spread = r.samples === 1 ? '1 run' : formatMs(r.p75Ms - r.p25Ms);
    const cells = [r.backend, r.name, formatMs(r.medianMs), spread, r.rate ? `${r.rate.value.toFixed(r.rate.value < 0.1 ? 4 : 2)} ${r.rate.unit}` : ''];
    if (withComparators) {
      const speedup = speedupOverComparator(r, rows);
      cells.push(speedup === undefined ? '' : `${speedup.toFixed(speedup < 10 ? 2 : 1)}x`);
    }
    if (!comparison) return cells;
    const old = before.get(key(r));
    if (!old) return [...cells, 'new'];
    const speedup = old.medianMs / r.medianMs;
    const regressed = r.comparedWith === undefined && r.medianMs > old.medianMs * (1 + comparison.threshold);
    if (regressed) regressions.push(`${r.backend} ${r.name}: ${formatMs(old.medianMs)} -> ${formatMs(r.medianMs)} ms`);
    return [...cells, `${speedup.toFixed(2)}x${regressed ? ' REGRESSION' : ''}`];
  });
  const header = [
    'backend',
    'case',
    'median ms',
    'spread ms (p75-p25)',
    'throughput',
    ...(withComparators ? ['framegrad speedup'] : []),
    ...(comparison ? ['vs baseline'] : []),
  ];
  const text = table(header, body, new Set([2, 3, 4, 5, 6]));
  if (!comparison) return text;
  const limit = `${(comparison.threshold * 100).toFixed(0)}%`;
  return regressions.length === 0
    ? `${text}\nno regressions past ${limit}`
    : `${text}\n${regressions.length} regression(s) past ${limit}:\n${regressions.map((s) => `  ${s}`).join('\n')}`;
}

export function formatMemory(m: MemoryRow): string {
  const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  return `${m.backend} after ${m.suite}: ${m.liveBuffers} live buffers (${mb(m.liveBytes)}), ${m.pooledBuffers} pooled (${mb(m.pooledBytes)})`;
}
