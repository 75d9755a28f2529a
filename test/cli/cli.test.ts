// The command line end to end on tiny data: train a few steps, resume bit-identically, predict (valid PNG and
// GIF), eval (table and JSON), and clear errors for unknown models, datasets and mismatched checkpoints.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { evalCommand } from '../../src/cli/commands/eval.js';
import { predictCommand } from '../../src/cli/commands/predict.js';
import { trainCommand, type TrainFlags } from '../../src/cli/commands/train.js';
import { loadTrainingCheckpoint } from '../../src/node/training-files.js';

const run = promisify(execFile);
const cliPath = new URL('../../src/cli/main.js', import.meta.url).pathname;

function tinyRun(out: string, maxSteps: number, resume = false): TrainFlags {
  return {
    data: 'moving-squares', backend: 'cpu', epochs: 2, batchSize: 2, lr: 1e-3, optimizer: 'adam', scheduler: 'cosine',
    seed: 3, maxSteps, out, trainSize: 4, testSize: 2, resume,
  };
}

async function modelValues(dir: string): Promise<Map<string, number[]>> {
  const { modelState } = await loadTrainingCheckpoint(dir);
  return new Map(Object.entries(modelState).map(([k, t]) => [k, Array.from(t.dataSync())]));
}

test('cli: a resumed run continues bit-identically (across an epoch boundary)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'framegrad-cli-'));
  const straight = join(root, 'straight');
  const split = join(root, 'split');
  await trainCommand('ifrnet-t', tinyRun(straight, 3));
  await trainCommand('ifrnet-t', tinyRun(split, 1));
  await trainCommand('ifrnet-t', tinyRun(split, 3, true));
  const [a, b] = [await modelValues(straight), await modelValues(split)];
  assert.deepEqual([...b.keys()], [...a.keys()]);
  for (const [key, values] of a) assert.deepEqual(b.get(key), values, `parameter ${key} differs after resume`);
  const meta = (await loadTrainingCheckpoint(split)).meta;
  assert.deepEqual(meta.progress, { epoch: 1, stepInEpoch: 1, globalStep: 3 });
});

test('cli: predict writes a valid PNG strip and GIF; eval prints metrics next to the baseline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'framegrad-cli-'));
  await trainCommand('ifrnet-t', tinyRun(dir, 2));
  const png = join(dir, 'pred.png');
  const gif = join(dir, 'pred.gif');
  await predictCommand(dir, { out: png, frames: 3 });
  await predictCommand(dir, { out: gif, frames: 3 });
  const image = PNG.sync.read(await readFile(png));
  // Three rows (input, truth, prediction) of 40-pixel frames with 2-pixel gaps.
  assert.equal(image.height, 3 * 40 + 2 * 2);
  assert.equal((await readFile(gif)).subarray(0, 6).toString('latin1'), 'GIF89a');
  const result = await evalCommand(dir, { json: true });
  for (const table of [result.model, result.copyLastFrame]) {
    for (const value of Object.values(table)) assert.ok(Number.isFinite(value));
  }
  assert.equal(result.clips, 2);
});

test('cli: the binary runs and reports bad input clearly', async () => {
  const { stdout } = await run(process.execPath, [cliPath, '--help']);
  assert.match(stdout, /train <model>/);
  const fails = async (args: string[], pattern: RegExp): Promise<void> => {
    await assert.rejects(run(process.execPath, [cliPath, ...args]), (e: { stderr: string; code: number }) => {
      assert.equal(e.code, 1);
      assert.match(e.stderr, pattern);
      return true;
    });
  };
  await fails(['train', 'no-such-model'], /framegrad: unknown model 'no-such-model'/);
  await fails(['train', 'ifrnet-t', '--data', 'no-such-data', '--out', join(tmpdir(), 'x')], /unknown dataset 'no-such-data'/);
  await fails(['eval', join(tmpdir(), 'framegrad-missing-checkpoint')], /does not exist/);
});

test('cli: resuming with another model, or loading a corrupt checkpoint, fails clearly', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'framegrad-cli-'));
  await trainCommand('ifrnet-t', tinyRun(dir, 1));
  await assert.rejects(trainCommand('vqvae', tinyRun(dir, 2, true)), /checkpoint in .* is of model 'ifrnet-t', not 'vqvae'/);
  const bad = join(dir, 'bad.safetensors');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(bad, new Uint8Array([1, 2, 3]));
  await assert.rejects(evalCommand(bad, {}), /safetensors/);
});

test('cli: summary prints the layer table of a model built for the data, and refuses the sampling-loop model', async () => {
  const { summaryCommand } = await import('../../src/cli/commands/summary.js');
  const table = await summaryCommand('convlstm', { data: 'moving-squares', backend: 'cpu', depth: 3 });
  assert.match(table, /ConvLSTMNextFrame\s+\[1, 10, 1, 40, 40\]/);
  assert.match(table, /Total params: 7,513/);
  await assert.rejects(summaryCommand('rvd', { data: 'moving-squares', backend: 'cpu', depth: 3 }), /no single forward pass/);
});
