// `framegrad summary <model>`: torchinfo's layer table for a zoo model built for a dataset's frames, from one
// recorded forward pass on a one-clip batch.

import { getBackend, setBackend } from '../../backends/registry.js';
import type { Module } from '../../nn/module.js';
import { summary, type Summarizable } from '../../nn/summary.js';
import { getTask } from '../../training/tasks/index.js';
import { parseChoice } from '../../training/optimizer-factory.js';
import { openData } from '../datasets.js';

export interface SummaryFlags {
  readonly data: string;
  readonly backend: string;
  readonly full?: boolean;
  readonly depth: number;
  readonly size?: number;
}

function hasForward(model: Module): model is Summarizable {
  return typeof Reflect.get(model, 'forward') === 'function';
}

export async function summaryCommand(modelName: string, flags: SummaryFlags): Promise<string> {
  const task = getTask(modelName);
  if (!task.summaryArgs) throw new Error(`summary: ${modelName} has no single forward pass to record (its networks run inside a sampling loop)`);
  await setBackend(parseChoice('backend', flags.backend, ['cpu', 'webgpu'] as const));
  const { frames } = await openData(flags.data, { seed: 0, batchSize: 1, backend: getBackend().name, size: flags.size, trainSize: 1, testSize: 1 });
  const model = task.create(task.configFor(frames, flags.full ? 'full' : 'small'));
  if (!hasForward(model)) throw new Error(`summary: ${model.typeName} has no forward method`);
  const table = summary(model, { args: task.summaryArgs(frames, getBackend()) }, { depth: flags.depth }).toString();
  console.log(table);
  return table;
}
