// Ctrl-C during `framegrad train` saves a checkpoint before exiting, and a non-finite loss stops training with
// the step and a hint.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { movingSquares } from '../../src/data/moving-squares.js';
import { nn, optim } from '../../src/index.js';
import { loadTrainingCheckpoint } from '../../src/node/training-files.js';
import { getTask } from '../../src/training/tasks/index.js';
import type { VideoTask } from '../../src/training/task.js';
import { train } from '../../src/training/trainer.js';

const cliPath = new URL('../../src/cli/main.js', import.meta.url).pathname;

test('cli: SIGINT during train saves a checkpoint with the steps taken, then exits', async () => {
  const out = await mkdtemp(join(tmpdir(), 'framegrad-sigint-'));
  const child = spawn(process.execPath, [cliPath, 'train', 'ifrnet-t', '--epochs', '1000', '--batch-size', '2', '--train-size', '4', '--test-size', '2', '--out', out]);
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Interrupt once the first epoch (two steps) has ended and been saved.
      if (/epoch 1: train loss/.test(stderr) && child.exitCode === null && !child.killed) child.kill('SIGINT');
    });
    child.on('exit', () => resolve());
    child.on('error', reject);
  });
  assert.equal(child.exitCode, 0, stderr);
  assert.match(stderr, /stopped on interrupt; checkpoint saved to/);
  const { meta } = await loadTrainingCheckpoint(out);
  assert.ok(meta.progress.globalStep >= 2, `progress ${JSON.stringify(meta.progress)}`);
});

test('train: a non-finite loss stops the run naming the step and suggesting a fix', async () => {
  const real = getTask('ifrnet-t');
  const broken: VideoTask = { ...real, loss: (model, batch) => real.loss(model, batch).mul(Number.NaN) };
  const frames = { channels: 1, height: 40, width: 40, inputFrames: 2, outputFrames: 1 };
  const model = real.create(real.configFor(frames, 'small'));
  const trainSet = movingSquares({ size: 2, batchSize: 2, frames: 3, splitAt: 2, noise: false });
  const run = { task: broken, model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), scheduler: null, trainSet, validationSet: null, epochs: 1 };
  await assert.rejects(train(run, { epoch: 0, stepInEpoch: 0, globalStep: 0 }), /loss became NaN at step 1 \(epoch 1\); try a lower --lr/);
  assert.ok(model instanceof nn.Module);
});
