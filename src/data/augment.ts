// Clip augmentations as IFRNet/IFRVP use them (ifrnet.md §11.4): random crop, channel reversal, vertical and
// horizontal flips, the "rotate" that is really a transpose of H and W, a true 90-degree rotation (a framegrad
// option, off in the presets), and time reversal. Each is applied identically to every frame of a clip, and every
// random choice comes from the Generator passed in. Frames are [T, C, H, W] host clips.

import type { Generator } from '../tensor/random.js';
import { type Clip, checkDims, clipShape } from './clip.js';

/** Probability of each augmentation, applied in this order. Every field defaults to 0 (never). */
export interface AugmentConfig {
  /** Reverse the channel order (RGB <-> BGR). */
  readonly reverseChannels?: number;
  /** Flip rows (upside down). */
  readonly verticalFlip?: number;
  /** Flip columns (mirror). */
  readonly horizontalFlip?: number;
  /** Swap H and W (IFRNet's "rotate"); needs square frames. */
  readonly transpose?: number;
  /** Rotate by 90 degrees, clockwise or counter-clockwise with equal odds; needs square frames. */
  readonly rotate90?: number;
  /** Reverse the frame order. */
  readonly reverseTime?: number;
}

/** IFRVP's prediction training: time reversal off. Crop 256x256 with `randomCrop` first. */
export const IFRVP_AUGMENT: AugmentConfig = { reverseChannels: 0.5, verticalFlip: 0.3, horizontalFlip: 0.5, transpose: 0.05, reverseTime: 0 };

/** IFRNet's interpolation training (time reversal on). Crop 224x224 with `randomCrop` first. */
export const IFRNET_AUGMENT: AugmentConfig = { ...IFRVP_AUGMENT, reverseTime: 0.5 };

/** A clip of the given size whose value at (t, c, r, q) is the source value at index `source(t, c, r, q)`. */
function remap(clip: Clip, height: number, width: number, source: (t: number, c: number, r: number, q: number) => number): Clip {
  const { frames, channels } = clip;
  const data = new Float32Array(frames * channels * height * width);
  let i = 0;
  for (let t = 0; t < frames; t++) {
    for (let c = 0; c < channels; c++) {
      for (let r = 0; r < height; r++) {
        for (let q = 0; q < width; q++) data[i++] = clip.data[source(t, c, r, q)];
      }
    }
  }
  return { frames, channels, height, width, data };
}

const at = (clip: Clip, t: number, c: number, r: number, q: number): number => ((t * clip.channels + c) * clip.height + r) * clip.width + q;

/** The height x width window at (top, left) of every frame. */
export function crop(clip: Clip, top: number, left: number, height: number, width: number): Clip {
  checkDims('crop', { height, width });
  if (!(Number.isInteger(top) && Number.isInteger(left) && top >= 0 && left >= 0 && top + height <= clip.height && left + width <= clip.width)) {
    throw new Error(`crop: a ${height}x${width} window at (${top}, ${left}) does not fit frames of ${clip.height}x${clip.width}`);
  }
  return remap(clip, height, width, (t, c, r, q) => at(clip, t, c, r + top, q + left));
}

/** One height x width window, top and left uniform over the valid range, the same for every frame. */
export function randomCrop(clip: Clip, gen: Generator, height: number, width: number): Clip {
  if (height > clip.height || width > clip.width) throw new Error(`randomCrop: ${height}x${width} is larger than the frames (${clip.height}x${clip.width})`);
  const top = gen.integer(0, clip.height - height + 1);
  return crop(clip, top, gen.integer(0, clip.width - width + 1), height, width);
}

/** Python's round(): halves to even (torchvision's centre-crop offset). */
const roundHalfEven = (x: number): number => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x));

/** The centred window, offsets rounded as torchvision's center_crop does. */
export function centerCrop(clip: Clip, height: number, width: number): Clip {
  if (height > clip.height || width > clip.width) throw new Error(`centerCrop: ${height}x${width} is larger than the frames (${clip.height}x${clip.width})`);
  return crop(clip, roundHalfEven((clip.height - height) / 2), roundHalfEven((clip.width - width) / 2), height, width);
}

export const reverseChannels = (clip: Clip): Clip => remap(clip, clip.height, clip.width, (t, c, r, q) => at(clip, t, clip.channels - 1 - c, r, q));
export const flipVertical = (clip: Clip): Clip => remap(clip, clip.height, clip.width, (t, c, r, q) => at(clip, t, c, clip.height - 1 - r, q));
export const flipHorizontal = (clip: Clip): Clip => remap(clip, clip.height, clip.width, (t, c, r, q) => at(clip, t, c, r, clip.width - 1 - q));
export const reverseTime = (clip: Clip): Clip => remap(clip, clip.height, clip.width, (t, c, r, q) => at(clip, clip.frames - 1 - t, c, r, q));

/** Swaps H and W of every frame: out[r][q] = in[q][r]. */
export const transposeFrames = (clip: Clip): Clip => remap(clip, clip.width, clip.height, (t, c, r, q) => at(clip, t, c, q, r));

/** Rotates every frame by 90 degrees counter-clockwise `turns` times (negative: clockwise), like numpy.rot90. */
export function rotate90(clip: Clip, turns: number): Clip {
  const k = ((turns % 4) + 4) % 4;
  if (k === 0) return clip;
  const once = remap(clip, clip.width, clip.height, (t, c, r, q) => at(clip, t, c, q, clip.width - 1 - r));
  return rotate90(once, k - 1);
}

/** Applies each augmentation with its probability, one uniform draw per augmentation (plus a direction for rotate90). */
export function augmentClip(clip: Clip, gen: Generator, config: AugmentConfig): Clip {
  const hit = (p: number | undefined): boolean => gen.uniform() < (p ?? 0);
  const needSquare = (op: string, c: Clip): Clip => {
    if (c.height !== c.width) throw new Error(`augmentClip: ${op} needs square frames, got ${clipShape(c)}`);
    return c;
  };
  let out = clip;
  if (hit(config.reverseChannels)) out = reverseChannels(out);
  if (hit(config.verticalFlip)) out = flipVertical(out);
  if (hit(config.horizontalFlip)) out = flipHorizontal(out);
  if (hit(config.transpose)) out = transposeFrames(needSquare('transpose', out));
  if (hit(config.rotate90)) out = rotate90(needSquare('rotate90', out), gen.uniform() < 0.5 ? 1 : -1);
  if (hit(config.reverseTime)) out = reverseTime(out);
  return out;
}
