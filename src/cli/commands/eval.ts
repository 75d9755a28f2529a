// `framegrad eval <checkpoint>`: the test-set metrics of a trained model against the copy-last-frame baseline,
// as a table or (--json) as JSON on stdout.

import { evaluate, formatEvaluation, type Evaluation } from '../../training/evaluate.js';
import { restore, type RestoreFlags } from './restore.js';

export interface EvalFlags extends RestoreFlags {
  readonly json?: boolean;
}

export async function evalCommand(checkpoint: string, flags: EvalFlags): Promise<Evaluation> {
  const { task, model, meta, data } = await restore(checkpoint, flags);
  const result = await evaluate(task, model, data.test);
  if (flags.json) console.log(JSON.stringify({ name: meta.model, data: meta.training.data, ...result }, null, 2));
  else console.log(`${meta.model} on ${String(meta.training.data)} (${result.clips} test clips)\n${formatEvaluation(result)}`);
  return result;
}
