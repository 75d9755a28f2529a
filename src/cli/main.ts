#!/usr/bin/env node
// The framegrad command line (cac): the model zoo, training, prediction, evaluation and the demo that is
// the project's main job. Each command lives in src/cli/commands; this file only declares the flags.

import { cac } from 'cac';
import { DATASETS } from './datasets.js';
import { benchCommand } from './commands/bench.js';
import { demoCommand } from './commands/demo.js';
import { evalCommand } from './commands/eval.js';
import { modelsCommand } from './commands/models.js';
import { predictCommand } from './commands/predict.js';
import { summaryCommand } from './commands/summary.js';
import { trainCommand } from './commands/train.js';
import { OPTIMIZERS, SCHEDULERS } from '../training/optimizer-factory.js';
import { configureCpuAcceleration } from '../node/cpu-acceleration.js';

// The cpu GEMM's SIMD kernel and worker threads, as FRAMEGRAD_CPU_SIMD / FRAMEGRAD_CPU_THREADS say (README).
configureCpuAcceleration();

const cli = cac('framegrad');

cli.command('models', 'List the model zoo with parameter counts').action(() => modelsCommand());

cli
  .command('summary <model>', "A torchinfo-style layer table of a model built for a dataset's frames")
  .option('--data <name>', `Dataset whose frames the model is built for: ${DATASETS.join(', ')}`, { default: 'moving-squares' })
  .option('--backend <name>', 'cpu or webgpu', { default: 'cpu' })
  .option('--full', 'The published (full-size) configuration instead of the small one')
  .option('--depth <n>', 'Rows deeper than this are folded into their parents', { default: 3 })
  .option('--size <n>', 'Frame side for folder data', { default: 64 })
  .action(async (model: string, flags) => {
    await summaryCommand(model, flags);
  });

cli
  .command('train <model>', 'Train a zoo model on a dataset')
  .option('--data <name>', `Dataset: ${DATASETS.join(', ')}`, { default: 'moving-squares' })
  .option('--backend <name>', 'cpu or webgpu', { default: 'cpu' })
  .option('--epochs <n>', 'Epochs', { default: 3 })
  .option('--batch-size <n>', 'Clips per batch', { default: 8 })
  .option('--lr <x>', 'Learning rate', { default: 1e-3 })
  .option('--optimizer <name>', OPTIMIZERS.join(', '), { default: 'adam' })
  .option('--scheduler <name>', SCHEDULERS.join(', '), { default: 'none' })
  .option('--seed <n>', 'Seed of weights, batches and augmentations', { default: 0 })
  .option('--max-steps <n>', 'Stop after this many optimizer steps')
  .option('--train-size <n>', 'Clips per training epoch')
  .option('--test-size <n>', 'Clips in the validation/test split')
  .option('--size <n>', 'Frame side for folder data', { default: 64 })
  .option('--input-frames <n>', 'Context frames of generated data (default 10; satellite 12)')
  .option('--output-frames <n>', 'Future frames of generated data (default 10; satellite 6)')
  .option('--full', 'Use the published (full-size) configuration instead of the small one')
  .option('--out <dir>', 'Checkpoint directory', { default: 'runs/latest' })
  .option('--resume', 'Continue the run whose checkpoint is in --out')
  .action(async (model: string, flags) => {
    await trainCommand(model, flags);
  });

cli
  .command('predict <checkpoint>', 'Predict future frames of a test clip; write a PNG strip or a GIF')
  .option('--data <name>', 'Dataset (default: the one the model was trained on)')
  .option('--backend <name>', 'cpu or webgpu')
  .option('--frames <n>', 'Frames to predict (default: as trained)')
  .option('--sample <n>', 'Clip of the first test batch', { default: 0 })
  .option('--out <file>', 'Output .png or .gif', { default: 'prediction.gif' })
  .action(async (checkpoint: string, flags) => {
    await predictCommand(checkpoint, flags);
  });

cli
  .command('eval <checkpoint>', 'Test-set metrics against the copy-last-frame baseline')
  .option('--data <name>', 'Dataset (default: the one the model was trained on)')
  .option('--backend <name>', 'cpu or webgpu')
  .option('--test-size <n>', 'Clips to evaluate')
  .option('--json', 'Print JSON')
  .action(async (checkpoint: string, flags) => {
    await evalCommand(checkpoint, flags);
  });

cli
  .command('demo', 'The main job: train a ConvLSTM on moving squares, evaluate it, write a GIF')
  .option('--out <dir>', 'Output directory', { default: 'runs/demo' })
  .option('--minutes <x>', 'Training time budget', { default: 3 })
  .option('--backend <name>', 'cpu or webgpu', { default: 'cpu' })
  .action(async (flags) => {
    await demoCommand(flags);
  });

cli
  .command('bench', 'Time ops and zoo models on each backend; compare with a saved run')
  .option('--backend <list>', 'Comma-separated backends (default: every available one of cpu, webgpu)')
  .option('--suite <list>', 'Comma-separated suites: ops, models, targets (the issue\'s target shapes; minutes on cpu)', { default: 'ops' })
  .option('--filter <text>', 'Only cases whose name contains this')
  .option('--size <name>', 'Op shapes: small, medium or large', { default: 'small' })
  .option('--time <ms>', 'Timed milliseconds per case (at least 3 runs)', { default: 250 })
  .option('--iterations <n>', 'Exactly this many timed runs per case instead of --time')
  .option('--json <file>', 'Write the results as JSON')
  .option('--compare <file>', 'Print speedups over a previous --json run')
  .option('--threshold <percent>', 'Slowdown that --compare flags as a regression', { default: 10 })
  .option('--vs <list>', 'With --suite targets, also time the cases on: tfjs (TensorFlow.js cpu, wasm, webgpu), torch (PyTorch cpu)')
  .action(async (flags) => {
    await benchCommand(flags);
  });

cli.help();
cli.version('0.1.0');

try {
  cli.parse(process.argv, { run: false });
  await cli.runMatchedCommand();
  // Dawn keeps Node alive while a device exists; every command is done here.
  process.exit(0);
} catch (e) {
  console.error(`framegrad: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
