// Animated GIF encoding with gifenc (browser-safe). Gray animations get an exact 256-level gray palette; colour
// frames are quantised to 256 colours each (gifenc's PnnQuant, rgb565).

import gifenc from 'gifenc';
import type { RgbaImage } from './image.js';

export interface GifOptions {
  /** Milliseconds per frame. Default 200. */
  readonly delayMs?: number;
  /** 0 loops forever, -1 plays once, n > 0 repeats n times. Default 0. */
  readonly repeat?: number;
}

const GRAY_PALETTE = Array.from({ length: 256 }, (_, v) => [v, v, v]);

const isGray = (image: RgbaImage): boolean => {
  for (let i = 0; i < image.rgba.length; i += 4) if (image.rgba[i] !== image.rgba[i + 1] || image.rgba[i] !== image.rgba[i + 2]) return false;
  return true;
};

/** The bytes of a GIF89a animation of same-sized RGBA frames. */
export function encodeGif(frames: readonly RgbaImage[], options: GifOptions = {}): Uint8Array {
  const [first] = frames;
  if (!first) throw new Error('encodeGif: need at least one frame');
  const bad = frames.find((f) => f.width !== first.width || f.height !== first.height);
  if (bad) throw new Error(`encodeGif: frames of ${bad.width}x${bad.height} and ${first.width}x${first.height} differ in size`);
  const gray = frames.every(isGray);
  const encoder = gifenc.GIFEncoder();
  frames.forEach((frame, i) => {
    const palette = gray ? GRAY_PALETTE : gifenc.quantize(frame.rgba, 256);
    const index = gray ? Uint8Array.from({ length: frame.width * frame.height }, (_, p) => frame.rgba[p * 4]) : gifenc.applyPalette(frame.rgba, palette);
    encoder.writeFrame(index, frame.width, frame.height, { palette, delay: options.delayMs ?? 200, ...(i === 0 ? { repeat: options.repeat ?? 0 } : {}) });
  });
  encoder.finish();
  return encoder.bytes();
}
