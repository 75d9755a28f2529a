// A dataset of real image sequences (one folder of PNG frames per clip, or Vimeo90K's triplets/septuplets) read
// through an injected ClipSource: each clip is brought to the model's size (bilinear resize with framegrad's
// interpolate, a centre crop, or a random crop), optionally augmented, then split into input and target frames.

import { interpolate } from '../ops/spatial/interpolate.js';
import { tensor } from '../tensor/creation.js';
import type { Generator } from '../tensor/random.js';
import { tidy } from '../tensor/scope.js';
import { type AugmentConfig, augmentClip, centerCrop, randomCrop } from './augment.js';
import { type Clip, type ClipPair, checkDims, splitClip } from './clip.js';
import { ClipDataset, type LoaderOptions } from './clip-dataset.js';
import type { ClipSource } from './clip-source.js';
import { STREAM, generatorFor } from './seeds.js';

/** How frames reach the model's size: 'resize' (bilinear, half-pixel, no antialias), 'centerCrop', or 'randomCrop' (same window for all frames). */
export type FitMode = 'resize' | 'centerCrop' | 'randomCrop';

export interface ImageFolderConfig extends LoaderOptions {
  /** Frame height the model takes. Required. */
  readonly height: number;
  /** Frame width the model takes. Required. */
  readonly width: number;
  /** Default 'resize'. */
  readonly fit?: FitMode;
  /** Frames given as input; the rest are the target. Default: all but the last (Vimeo triplet: im1, im2 -> im3). */
  readonly inputFrames?: number;
  /** Augmentations after fitting (e.g. IFRVP_AUGMENT); none by default. */
  readonly augment?: AugmentConfig;
  /** Whether this is a training set (shuffled by default) or a test set. Default 'train'. */
  readonly split?: 'train' | 'test';
}

/** Bilinear resize of every frame (align_corners false) through interpolate on the cpu backend. */
export function resizeClip(clip: Clip, height: number, width: number): Clip {
  if (clip.height === height && clip.width === width) return clip;
  const data = tidy(() => {
    const x = tensor(clip.data, { shape: [clip.frames, clip.channels, clip.height, clip.width], dtype: 'float32', backend: 'cpu' });
    return interpolate(x, { size: [height, width], mode: 'bilinear', alignCorners: false }).contiguous();
  });
  const values = Float32Array.from(data.dataSync());
  data.dispose();
  return { ...clip, height, width, data: values };
}

function fit(clip: Clip, mode: FitMode, height: number, width: number, gen: Generator): Clip {
  if (mode === 'resize') return resizeClip(clip, height, width);
  if (mode === 'centerCrop') return centerCrop(clip, height, width);
  return randomCrop(clip, gen, height, width);
}

export function imageFolder(source: ClipSource, config: ImageFolderConfig): ClipDataset {
  const { height, width } = config;
  const mode = config.fit ?? 'resize';
  const seed = config.seed ?? 0;
  checkDims('imageFolder', { height, width });
  if (!['resize', 'centerCrop', 'randomCrop'].includes(mode)) throw new Error(`imageFolder: unknown fit '${mode}'`);
  const read = async (index: number, epoch: number): Promise<ClipPair> => {
    const name = source.names[index];
    const clip = await source.read(index);
    const inputFrames = config.inputFrames ?? clip.frames - 1;
    const gen = generatorFor(seed, STREAM.augment, epoch, index);
    try {
      const fitted = fit(clip, mode, height, width, gen);
      return splitClip(config.augment ? augmentClip(fitted, gen, config.augment) : fitted, inputFrames);
    } catch (e) {
      throw new Error(`imageFolder: clip '${name}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
  return new ClipDataset('imageFolder', source.names.length, read, config, config.split ?? 'train');
}
