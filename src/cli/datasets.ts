// The --data argument: which dataset a command trains or evaluates on, and the clip shape it implies.
// 'moving-squares' and 'moving-mnist' are split into context and future frames; 'satellite' is the synthetic
// 11-channel cloudcasting stand-in; 'folder:<path>' reads PNG clips (one folder per clip) at --size.

import type { BackendName } from '../backends/types.js';
import type { ClipDataset, Split } from '../data/clip-dataset.js';
import { imageFolder } from '../data/image-folder.js';
import { holdoutSplit } from '../data/clip-source.js';
import { movingMnist } from '../data/moving-mnist.js';
import { movingSquares } from '../data/moving-squares.js';
import { satellite } from '../data/satellite.js';
import { loadMnistDigits } from '../node/mnist-digits.js';
import { listClipFolders, pngClipSource } from '../node/png-clips.js';
import type { FrameSpec } from '../training/task.js';

export interface DataOptions {
  readonly seed: number;
  readonly batchSize: number;
  readonly backend: BackendName;
  /** Clips per epoch in the train split (small values make quick runs). */
  readonly trainSize?: number;
  readonly testSize?: number;
  /** Frame side for folder data. */
  readonly size?: number;
  /** Context and future frames of the generated datasets (defaults: 10 and 10; satellite 12 and 6). */
  readonly inputFrames?: number;
  readonly outputFrames?: number;
}

export interface DataSplits {
  readonly train: ClipDataset;
  readonly test: ClipDataset;
  readonly frames: FrameSpec;
}

export const DATASETS = ['moving-squares', 'moving-mnist', 'satellite', 'folder:<path>'] as const;

async function firstFrames(dataset: ClipDataset): Promise<FrameSpec> {
  const { input, target } = await dataset.example(0);
  return { channels: input.channels, height: input.height, width: input.width, inputFrames: input.frames, outputFrames: target.frames };
}

export async function openData(spec: string, options: DataOptions): Promise<DataSplits> {
  const common = (split: Split) => ({
    split,
    seed: options.seed,
    batchSize: options.batchSize,
    backend: options.backend,
    size: split === 'train' ? options.trainSize : options.testSize,
  });
  let train: ClipDataset;
  let test: ClipDataset;
  if (spec === 'moving-squares') {
    // Clean 40x40 movies split into context and future frames (the encoder-decoder example's layout, 10 + 10).
    const context = options.inputFrames ?? 10;
    const frames = context + (options.outputFrames ?? 10);
    const make = (split: Split) => movingSquares({ ...common(split), frames, splitAt: context, noise: false });
    [train, test] = [make('train'), make('test')];
  } else if (spec === 'moving-mnist') {
    const digits = await loadMnistDigits();
    const frames = { inputFrames: options.inputFrames ?? 10, frames: (options.inputFrames ?? 10) + (options.outputFrames ?? 10) };
    [train, test] = [movingMnist({ ...common('train'), ...frames, digits }), movingMnist({ ...common('test'), ...frames, digits })];
  } else if (spec === 'satellite') {
    const frames = { historyFrames: options.inputFrames, futureFrames: options.outputFrames };
    [train, test] = [satellite({ ...common('train'), ...frames }), satellite({ ...common('test'), ...frames })];
  } else if (spec.startsWith('folder:')) {
    const root = spec.slice('folder:'.length);
    const clips = await listClipFolders(root);
    const { train: trainClips, test: testClips } = holdoutSplit(pngClipSource(clips), 0.1);
    const side = options.size ?? 64;
    const make = (split: Split, source: typeof trainClips) =>
      imageFolder(source, { split, seed: options.seed, batchSize: options.batchSize, backend: options.backend, height: side, width: side });
    [train, test] = [make('train', trainClips), make('test', testClips)];
  } else {
    throw new Error(`unknown dataset '${spec}' (expected one of: ${DATASETS.join(', ')})`);
  }
  return { train, test, frames: await firstFrames(train) };
}
