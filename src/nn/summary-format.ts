// The text of a model summary, laid out as torchinfo 1.8 prints it (default columns Output Shape and Param #,
// depth-idx labels, 25-character columns, a name column of at least 40), so tables can be compared with
// PyTorch's line by line. Mult-adds use the short unit names "(G)"/"(M)"/"(T)". Input size counts tensor bytes
// only (torchinfo adds Python's small object overhead per input).

import type { ModelSummary, SummaryRow } from './summary.js';

const COLUMN_WIDTH = 25;

/** Python's f"{n:,}" for an integer. */
const grouped = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** Python's f"{x:.2f}": exact ties (x an odd multiple of 1/8) round half to even, which toFixed does not. */
function fixed2(x: number): string {
  if (Number.isInteger(x * 8) && (x * 8) % 2 !== 0) {
    const lower = Math.floor(x * 100);
    return ((lower % 2 === 0 ? lower : lower + 1) / 100).toFixed(2);
  }
  return x.toFixed(2);
}

/** torchinfo's format_output_num: an integer stays whole, otherwise two decimals, both with thousands separators. */
function formatNumber(value: number): string {
  if (Number.isInteger(value)) return grouped(value);
  const [whole, fraction] = fixed2(value).split('.');
  return `${grouped(Number(whole))}.${fraction}`;
}

function multAddsLine(total: number): string {
  const [unit, scale] = total >= 1e12 ? ['T', 1e12] : total >= 1e9 ? ['G', 1e9] : ['M', 1e6];
  return `Total mult-adds (${unit}): ${formatNumber(total / scale)}`;
}

function label(row: SummaryRow): string {
  return row.depth > 0 ? `${row.typeName}: ${row.depth}-${row.depthIndex}` : row.typeName;
}

/** torchinfo's tree prefix: none at the root, "├─" at depth 1, "│    " repeated then "└─" below. */
function prefix(depth: number): string {
  if (depth === 0) return '';
  return depth === 1 ? '├─' : `${'│    '.repeat(depth - 1)}└─`;
}

export function formatSummary(summary: Omit<ModelSummary, 'table' | 'toString'>): string {
  // The name column widens (in steps of 5) to fit the longest label plus 5 per depth, hidden rows included.
  const longest = Math.max(0, ...summary.rows.map((r) => label(r).length + r.depth * 5 + 1));
  const nameWidth = longest >= 40 ? Math.ceil(longest / 5) * 5 : 40;
  const divider = '='.repeat(nameWidth + 2 * COLUMN_WIDTH);
  const line = (name: string, columns: readonly string[]): string =>
    `${`${name.padEnd(nameWidth)} ${columns.map((c) => `${c.padEnd(COLUMN_WIDTH)} `).join('')}`.trimEnd()}\n`;
  const rows = summary.rows
    .filter((r) => r.shown)
    .map((r) => line(`${prefix(r.depth)}${label(r)}`, [r.outputShape && r.outputShape.length > 0 ? `[${r.outputShape.join(', ')}]` : '--', r.paramsText]))
    .join('');
  const mb = (bytes: number): string => fixed2(bytes / 1e6);
  return (
    `${divider}\n${line('Layer (type:depth-idx)', ['Output Shape', 'Param #'])}${divider}\n${rows}${divider}\n` +
    `Total params: ${grouped(summary.totalParams)}\n` +
    `Trainable params: ${grouped(summary.trainableParams)}\n` +
    `Non-trainable params: ${grouped(summary.nonTrainableParams)}\n` +
    `${multAddsLine(summary.totalMultAdds)}\n${divider}\n` +
    `Input size (MB): ${mb(summary.inputBytes)}\n` +
    `Forward/backward pass size (MB): ${mb(summary.forwardBackwardBytes)}\n` +
    `Params size (MB): ${mb(summary.paramBytes)}\n` +
    `Estimated Total Size (MB): ${mb(summary.totalBytes)}\n${divider}`
  );
}
