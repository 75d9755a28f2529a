// Writing images from Node: PNG encoding with pngjs (needs Node's zlib) and file output of the browser-safe
// strips and GIF animations of src/io, every write atomic (temp file + rename).

import { PNG } from 'pngjs';
import type { Clip } from '../data/clip.js';
import { type GifOptions, encodeGif } from '../io/gif.js';
import { type LayoutOptions, type RgbaImage, animationFrames, renderStrip } from '../io/image.js';
import { writeFileAtomic } from './atomic-write.js';

/** The PNG bytes (8-bit RGBA) of an image. */
export function encodePng(image: RgbaImage): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.rgba.buffer, image.rgba.byteOffset, image.rgba.length);
  return PNG.sync.write(png);
}

/** Writes rows of frames (e.g. [input, ground truth, prediction]) as one PNG strip. */
export async function writePngStrip(path: string, rows: readonly Clip[], options: LayoutOptions = {}): Promise<void> {
  await writeFileAtomic(path, encodePng(renderStrip(rows, options)));
}

/** Writes an animated GIF whose frame t shows frame t of each clip side by side (e.g. [ground truth, prediction]). */
export async function writeGif(path: string, columns: readonly Clip[], options: LayoutOptions & GifOptions = {}): Promise<void> {
  await writeFileAtomic(path, encodeGif(animationFrames(columns, options), options));
}
