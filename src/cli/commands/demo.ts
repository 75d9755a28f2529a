// `framegrad demo` (npm start): the main job. Trains the stacked ConvLSTM (small configuration) on moving
// squares on the cpu for a few minutes, evaluates it against the copy-last-frame baseline, and writes a GIF
// and a PNG strip of its predictions on test clips it has never seen.

import { join } from 'node:path';
import { evalCommand } from './eval.js';
import { predictCommand } from './predict.js';
import { trainCommand } from './train.js';

export interface DemoFlags {
  readonly out: string;
  readonly minutes: number;
  readonly backend: string;
}

export async function demoCommand(flags: DemoFlags): Promise<void> {
  if (!(flags.minutes > 0)) throw new Error(`--minutes must be positive, got ${flags.minutes}`);
  await trainCommand('convlstm', {
    data: 'moving-squares',
    backend: flags.backend,
    epochs: 100,
    batchSize: 4,
    lr: 1e-2,
    optimizer: 'adam',
    scheduler: 'none',
    seed: 0,
    out: flags.out,
    trainSize: 256,
    testSize: 32,
    inputFrames: 5,
    outputFrames: 5,
    maxMinutes: flags.minutes,
  });
  const result = await evalCommand(flags.out, {});
  await predictCommand(flags.out, { out: join(flags.out, 'prediction.gif') });
  await predictCommand(flags.out, { out: join(flags.out, 'prediction.png') });
  const beats = result.model.mse < result.copyLastFrame.mse;
  console.log(`\nMSE ${result.model.mse.toPrecision(4)} vs copy-last-frame ${result.copyLastFrame.mse.toPrecision(4)}: ${beats ? 'the model beats the baseline' : 'the baseline is still better; train longer (--minutes)'}`);
}
