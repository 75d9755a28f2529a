// `framegrad models`: the zoo, with each model's parameter count at its published (seed) configuration.

import { noGrad } from '../../autograd/grad-mode.js';
import { modelRegistry } from '../../models/registry.js';
import type { Module } from '../../nn/module.js';

export function modelsCommand(): void {
  const rows = Object.entries(modelRegistry).map(([name, entry]) => {
    const model: Module = noGrad(() => entry.create());
    return [name, model.parameterCount().toLocaleString('en-US'), entry.description];
  });
  const header = ['model', 'parameters', 'description'];
  const widths = [0, 1].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => `${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2]}`;
  console.log([line(header), ...rows.map(line)].join('\n'));
}
