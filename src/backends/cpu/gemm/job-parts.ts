// What one thread runs of a job (gemm-job.ts): the calling thread runs part 0, each worker thread its own part.
// A 'panels' job is cut by B's column panels when there are enough of them, else by A's row panels.

import { type GemmJob, type Job, type JobContext, multiplyPanels, partRange } from './gemm-job.js';
import { runConvPart } from './conv-parts.js';

function runPanelsPart(ctx: JobContext, job: GemmJob, part: number, parts: number): void {
  const byColumns = job.nPanels >= parts * 2 || job.mPanels < parts;
  const range = partRange(byColumns ? job.nPanels : job.mPanels, part, parts);
  const rows: [number, number] = byColumns ? [0, job.mPanels] : range;
  const columns: [number, number] = byColumns ? range : [0, job.nPanels];
  multiplyPanels(ctx.kernels, job, rows, columns, job.accumulate !== 0);
}

export function runJobPart(ctx: JobContext, job: Job, part: number, parts: number): void {
  if (job.kind === 'panels') runPanelsPart(ctx, job, part, parts);
  else runConvPart(ctx, job, part, parts);
}
