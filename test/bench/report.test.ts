// The bench table with comparator rows: framegrad's speedup over each comparator (its median over framegrad's on
// the backend it stands beside), rows grouped by case, not-run rows with their reason, one-run rows marked,
// and --compare flagging framegrad's regressions but not a comparator's. No timing runs here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRows, speedupOverComparator } from '../../src/bench/report.js';
import type { BenchRow, NotRunRow } from '../../src/bench/suites.js';

function row(backend: BenchRow['backend'], name: string, medianMs: number, extra: Partial<BenchRow> = {}): BenchRow {
  return { suite: 'targets', backend, name, medianMs, p25Ms: medianMs * 0.9, p75Ms: medianMs * 1.1, samples: 5, ...extra };
}

const rows: BenchRow[] = [
  row('cpu', 'matmul', 100),
  row('cpu', 'conv', 50),
  row('webgpu', 'matmul', 400),
  row('tfjs-cpu', 'matmul', 1000, { comparedWith: 'cpu', samples: 1 }),
  row('tfjs-wasm', 'matmul', 20, { comparedWith: 'cpu' }),
  row('tfjs-webgpu', 'matmul', 800, { comparedWith: 'webgpu' }),
  row('tfjs-cpu', 'conv', 250, { comparedWith: 'cpu' }),
  row('torch-cpu', 'step', 10, { comparedWith: 'cpu' }),
];
const notRun: NotRunRow[] = [{ suite: 'targets', backend: 'tfjs-wasm', name: 'conv', reason: 'n/a (no kernel)' }];

/** The table's body as [backend, case, ..., speedup] cell lists. */
function cells(table: string): string[][] {
  return table.split('\n').slice(2).filter((l) => l.startsWith('|')).map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
}

test('bench report: speedup over a comparator is its median over framegrad\'s on the backend it is compared with', () => {
  assert.equal(speedupOverComparator(rows[3], rows), 10);
  assert.equal(speedupOverComparator(rows[4], rows), 0.2);
  assert.equal(speedupOverComparator(rows[5], rows), 2);
  assert.equal(speedupOverComparator(rows[0], rows), undefined, 'framegrad rows have no speedup');
  assert.equal(speedupOverComparator(rows[7], rows), undefined, 'no framegrad row for the case');
});

test('bench report: comparator rows are grouped by case with a speedup column; not-run rows show why', () => {
  const table = formatRows(rows, undefined, notRun);
  assert.match(table.split('\n')[0], /framegrad speedup/);
  const body = cells(table);
  assert.deepEqual(body.map((c) => `${c[0]} ${c[1]}`), [
    'cpu matmul', 'webgpu matmul', 'tfjs-cpu matmul', 'tfjs-wasm matmul', 'tfjs-webgpu matmul',
    'cpu conv', 'tfjs-cpu conv', 'tfjs-wasm conv',
    'torch-cpu step',
  ]);
  assert.deepEqual(body.map((c) => c[5]), ['', '', '10.0x', '0.20x', '2.00x', '', '5.00x', '', '']);
  assert.equal(body[2][3], '1 run');
  assert.equal(body[7][2], 'n/a (no kernel)');
});

test('bench report: without comparators the table keeps its order and columns', () => {
  const table = formatRows(rows.slice(0, 3));
  assert.doesNotMatch(table, /framegrad speedup/);
  assert.deepEqual(cells(table).map((c) => `${c[0]} ${c[1]}`), ['cpu matmul', 'cpu conv', 'webgpu matmul']);
});

test('bench report: --compare flags framegrad regressions, not a slower comparator', () => {
  const baseline = { size: 'small', memory: [], rows: rows.map((r) => ({ ...r, medianMs: r.medianMs / 2 })) };
  const table = formatRows(rows, { baseline, threshold: 0.1 }, notRun);
  assert.match(table, /3 regression\(s\) past 10%/);
  assert.match(table, /cpu matmul: 50\.00 -> 100 ms/);
  assert.doesNotMatch(table, /tfjs-cpu matmul:/);
  const body = cells(table);
  assert.equal(body[2][6], '0.50x');
  assert.equal(body[7][6], '', 'a not-run row has no baseline');
});
