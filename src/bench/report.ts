// Printing benchmark results: one aligned table per suite (median, interquartile spread, throughput, and the
// speedup over a baseline run with regressions past a threshold flagged), and each webgpu suite's buffer usage.

import type { BenchRow, MemoryRow } from './suites.js';

/** What `--json` writes and `--compare` reads. */
export interface BenchResult {
  readonly size: string;
  readonly rows: readonly BenchRow[];
  readonly memory: readonly MemoryRow[];
}

export interface Comparison {
  readonly baseline: BenchResult;
  /** A case slower than its baseline by more than this fraction is flagged (0.1 = 10%). */
  readonly threshold: number;
}

const key = (r: BenchRow): string => `${r.suite}\u0000${r.backend}\u0000${r.name}`;

function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

function table(header: readonly string[], rows: readonly string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]): string => `| ${r.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (rightAligned.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The suite's table; with a comparison, a speedup column and a list of the regressions. */
export function formatRows(rows: readonly BenchRow[], comparison?: Comparison): string {
  const before = new Map((comparison?.baseline.rows ?? []).map((r) => [key(r), r]));
  const regressions: string[] = [];
  const body = rows.map((r) => {
    const cells = [r.backend, r.name, formatMs(r.medianMs), formatMs(r.p75Ms - r.p25Ms), r.rate ? `${r.rate.value.toFixed(2)} ${r.rate.unit}` : ''];
    if (!comparison) return cells;
    const old = before.get(key(r));
    if (!old) return [...cells, 'new'];
    const speedup = old.medianMs / r.medianMs;
    const regressed = r.medianMs > old.medianMs * (1 + comparison.threshold);
    if (regressed) regressions.push(`${r.backend} ${r.name}: ${formatMs(old.medianMs)} -> ${formatMs(r.medianMs)} ms`);
    return [...cells, `${speedup.toFixed(2)}x${regressed ? ' REGRESSION' : ''}`];
  });
  const header = ['backend', 'case', 'median ms', 'spread ms (p75-p25)', 'throughput', ...(comparison ? ['vs baseline'] : [])];
  const text = table(header, body, new Set([2, 3, 4, 5]));
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
