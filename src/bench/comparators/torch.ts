// `--vs torch` (Node only): runs bench/torch_targets.py, the targets suite on PyTorch's CPU backend with 2
// threads, in a Python child process (/usr/bin/python3, Debian's python3-torch; FRAMEGRAD_TORCH_PYTHON picks
// another interpreter), and turns the JSON it prints into torch-cpu rows beside framegrad's cpu rows. A missing
// interpreter, torch or script costs one line.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Timing } from '../measure.js';
import { TARGET_IDS, type TargetId, type TargetShapes, type TargetSpec } from '../targets.js';
import { type ComparatorRun, comparatorRow, unavailableLine } from './comparator.js';

/** PyTorch's intra-op threads: the machine's two cores, as the reference figure. */
export const TORCH_THREADS = 2;

/** The interpreter that runs the script. */
export function torchPython(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.FRAMEGRAD_TORCH_PYTHON || '/usr/bin/python3';
}

/** bench/torch_targets.py, from dist/src/bench/comparators (the compiled CLI) or src/bench/comparators. */
export const TORCH_SCRIPT = fileURLToPath(new URL('../../../../bench/torch_targets.py', import.meta.url));

export interface TorchOutput {
  readonly version: string;
  readonly threads: number;
  /** The BLAS the build links (torch.mm goes through it): 'generic' is the system libblas.so.3. */
  readonly blas: string;
  /** Whether convolutions can go through oneDNN. */
  readonly onednn: boolean;
  readonly timings: ReadonlyMap<TargetId, Timing>;
  /** Trainable parameters of the script's ConvLSTM model, when it ran. */
  readonly convlstmParameters?: number;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Parses the script's stdout (its last non-empty line is the JSON); throws saying what is wrong. */
export function parseTorchOutput(stdout: string): TorchOutput {
  const line = stdout.trim().split('\n').pop() ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`torch_targets.py printed no JSON: ${JSON.stringify(line.slice(0, 200))}`);
  }
  const o = parsed as { torch?: unknown; threads?: unknown; blas?: unknown; onednn?: unknown; cases?: unknown; convlstm_parameters?: unknown };
  if (typeof o !== 'object' || o === null || typeof o.torch !== 'string' || !isNumber(o.threads) || !Array.isArray(o.cases)) {
    throw new Error('torch_targets.py: expected {"torch", "threads", "cases"} in its JSON');
  }
  const timings = new Map<TargetId, Timing>();
  for (const c of o.cases as unknown[]) {
    const { id, median_ms, p25_ms, p75_ms, samples } = (c ?? {}) as Record<string, unknown>;
    if (!TARGET_IDS.includes(id as TargetId) || !isNumber(median_ms) || !isNumber(p25_ms) || !isNumber(p75_ms) || !isNumber(samples)) {
      throw new Error(`torch_targets.py: bad case ${JSON.stringify(c)}`);
    }
    timings.set(id as TargetId, { medianMs: median_ms, p25Ms: p25_ms, p75Ms: p75_ms, samples });
  }
  return { version: o.torch, threads: o.threads, blas: typeof o.blas === 'string' ? o.blas : 'unknown', onednn: o.onednn === true, timings, convlstmParameters: isNumber(o.convlstm_parameters) ? o.convlstm_parameters : undefined };
}

/** Runs the script; resolves to its stdout, or rejects with the reason it did not run (first stderr line). */
function runScript(python: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [TORCH_SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Uint8Array) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk: Uint8Array) => (stderr += String(chunk)));
    child.on('error', (e) => reject(new Error(`${python}: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else {
        const lines = stderr.trim().split('\n');
        reject(new Error(`${python} exited with status ${code}: ${lines[lines.length - 1] || 'no message'}`));
      }
    });
  });
}

/** The torch-cpu rows of `specs` (compared with framegrad's cpu rows), or one unavailability line and no rows. */
export async function runTorch(specs: readonly TargetSpec[], shapes: TargetShapes, timeMs: number, python: string = torchPython()): Promise<ComparatorRun> {
  const run: ComparatorRun = { rows: [], notRun: [], notes: [] };
  if (specs.length === 0) return run;
  if (!existsSync(TORCH_SCRIPT)) {
    console.warn(unavailableLine('torch-cpu', `${TORCH_SCRIPT} is missing`));
    return run;
  }
  const args = ['--shapes', JSON.stringify(shapes), '--cases', specs.map((s) => s.id).join(','), '--time-ms', String(timeMs), '--threads', String(TORCH_THREADS)];
  let output: TorchOutput;
  try {
    output = parseTorchOutput(await runScript(python, args));
  } catch (e) {
    console.warn(unavailableLine('torch-cpu', e instanceof Error ? e.message : String(e)));
    return run;
  }
  for (const spec of specs) {
    const t = output.timings.get(spec.id);
    if (t) run.rows.push(comparatorRow('torch-cpu', 'cpu', spec, t));
  }
  const parameters = output.convlstmParameters === undefined ? '' : `; its ConvLSTM model has ${output.convlstmParameters.toLocaleString('en-US')} trainable parameters`;
  const blas = output.blas === 'generic' ? 'generic BLAS (the system libblas.so.3)' : `BLAS ${output.blas}`;
  run.notes.push(`torch-cpu: PyTorch ${output.version}, ${output.threads} threads, matmul via ${blas}, convolutions ${output.onednn ? 'via oneDNN' : 'without oneDNN'} (bench/torch_targets.py)${parameters}`);
  return run;
}
