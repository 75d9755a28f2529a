// `framegrad predict <checkpoint>`: predicts future frames for a test clip and writes them as a PNG strip
// (rows: input, ground truth, prediction) or an animated GIF (columns: truth, prediction).

import { extname } from 'node:path';
import { noGrad } from '../../autograd/grad-mode.js';
import { concatFrames, emptyClip } from '../../data/clip.js';
import { toClip } from '../../io/image.js';
import { writeGif, writePngStrip } from '../../node/image-files.js';
import { restore, type RestoreFlags } from './restore.js';

export interface PredictFlags extends RestoreFlags {
  readonly frames?: number;
  readonly out: string;
  /** Which clip of the first test batch. */
  readonly sample?: number;
}

export async function predictCommand(checkpoint: string, flags: PredictFlags): Promise<void> {
  const { task, model, meta, data } = await restore(checkpoint, flags);
  const frames = flags.frames ?? meta.frames.outputFrames;
  if (!Number.isInteger(frames) || frames < 1) throw new Error(`--frames must be a positive integer, got ${frames}`);
  const first = await data.test.batches(0).next();
  if (first.done) throw new Error('the test split is empty');
  const { input, target } = first.value;
  const prediction = noGrad(() => task.predict(model, input, frames));
  const sample = flags.sample ?? 0;
  const [context, truth, predicted] = await Promise.all([toClip(input, sample), toClip(target, sample), toClip(prediction, sample)]);
  const kind = extname(flags.out).toLowerCase();
  if (kind === '.png') {
    // Rows line up in time: the prediction and truth rows start after the context frames.
    const blank = emptyClip(context.frames, context.channels, context.height, context.width);
    await writePngStrip(flags.out, [context, concatFrames(blank, truth), concatFrames(blank, predicted)]);
  } else if (kind === '.gif') {
    await writeGif(flags.out, [concatFrames(context, truth), concatFrames(context, predicted)]);
  } else {
    throw new Error(`--out must end in .png or .gif, got '${flags.out}'`);
  }
  console.error(`wrote ${flags.out}: ${context.frames} context frames, ${frames} predicted (${meta.model})`);
}
