// Turning clips into pictures (browser-safe): RGBA images of a strip (rows such as input / ground truth /
// prediction, one tile per frame) or of one animation frame per time step (clips side by side). 3 channels show as
// RGB; any other count shows its first channel in gray. Values are clamped to [0, 1] and scaled to 0..255.

import type { Clip } from '../data/clip.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes, row-major RGBA. */
  readonly rgba: Uint8Array;
}

export interface LayoutOptions {
  /** Pixels between tiles. Default 2. */
  readonly gap?: number;
  /** Gray level of the gaps and empty tiles, in [0, 1]. Default 1 (white). */
  readonly background?: number;
}

/** Sample `sample` of a [B, T, C, H, W] tensor (or the whole of a [T, C, H, W] one) as a host clip. */
export async function toClip(x: Tensor, sample = 0): Promise<Clip> {
  if (x.rank !== 4 && x.rank !== 5) throw new Error(`toClip: expected [B, T, C, H, W] or [T, C, H, W], got ${formatShape(x.shape)}`);
  const [frames, channels, height, width] = x.shape.slice(-4);
  if (x.rank === 5 && !(Number.isInteger(sample) && sample >= 0 && sample < x.shape[0])) throw new Error(`toClip: sample ${sample} is outside the batch of ${x.shape[0]}`);
  const one = x.rank === 5 ? x.narrow(0, sample, 1) : x;
  const data = Float32Array.from(await one.data());
  if (one !== x) one.dispose();
  return { frames, channels, height, width, data };
}

const byte = (v: number): number => Math.round(Math.min(Math.max(Number.isNaN(v) ? 0 : v, 0), 1) * 255);

function blank(width: number, height: number, background: number): RgbaImage {
  const rgba = new Uint8Array(width * height * 4);
  const level = byte(background);
  for (let i = 0; i < rgba.length; i += 4) rgba.set([level, level, level, 255], i);
  return { width, height, rgba };
}

/** Draws frame t of a clip with its top-left corner at (top, left). */
function drawFrame(image: RgbaImage, clip: Clip, t: number, top: number, left: number): void {
  const { channels, height, width } = clip;
  const plane = height * width;
  const base = t * channels * plane;
  for (let r = 0; r < height; r++) {
    for (let q = 0; q < width; q++) {
      const p = base + r * width + q;
      const o = ((top + r) * image.width + left + q) * 4;
      const first = byte(clip.data[p]);
      image.rgba[o] = first;
      image.rgba[o + 1] = channels === 3 ? byte(clip.data[p + plane]) : first;
      image.rgba[o + 2] = channels === 3 ? byte(clip.data[p + 2 * plane]) : first;
      image.rgba[o + 3] = 255;
    }
  }
}

function tileSize(clips: readonly Clip[], what: string): { height: number; width: number } {
  const [first] = clips;
  if (!first) throw new Error(`${what}: need at least one clip`);
  const bad = clips.find((c) => c.height !== first.height || c.width !== first.width);
  if (bad) throw new Error(`${what}: frames of ${bad.height}x${bad.width} and ${first.height}x${first.width} cannot share a grid`);
  return { height: first.height, width: first.width };
}

/** One row per clip, one column per frame (rows may differ in length; missing tiles stay background). */
export function renderStrip(rows: readonly Clip[], options: LayoutOptions = {}): RgbaImage {
  const gap = options.gap ?? 2;
  const { height, width } = tileSize(rows, 'renderStrip');
  const columns = Math.max(...rows.map((r) => r.frames));
  const image = blank(columns * (width + gap) - gap, rows.length * (height + gap) - gap, options.background ?? 1);
  rows.forEach((clip, i) => {
    for (let t = 0; t < clip.frames; t++) drawFrame(image, clip, t, i * (height + gap), t * (width + gap));
  });
  return image;
}

/** One image per time step, the clips side by side (a clip shorter than the longest shows background after its end). */
export function animationFrames(columns: readonly Clip[], options: LayoutOptions = {}): RgbaImage[] {
  const gap = options.gap ?? 2;
  const { height, width } = tileSize(columns, 'animationFrames');
  const frames = Math.max(...columns.map((c) => c.frames));
  return Array.from({ length: frames }, (_, t) => {
    const image = blank(columns.length * (width + gap) - gap, height, options.background ?? 1);
    columns.forEach((clip, i) => {
      if (t < clip.frames) drawFrame(image, clip, t, 0, i * (width + gap));
    });
    return image;
  });
}
