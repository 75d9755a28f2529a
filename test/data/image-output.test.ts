// Image output: the strip layout (rows of frames; gray, RGB, and first-channel display of other channel counts),
// PNG strips that carry the PNG signature and decode with pngjs, GIF animations with the 'GIF89a' header and one
// image per time step, and atomic writes that leave no temporary files behind.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { type Clip, emptyClip } from '../../src/data/index.js';
import { animationFrames, encodeGif, renderStrip, toClip } from '../../src/io/index.js';
import { tensor, writeGif, writePngStrip } from '../../src/index.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framegrad-images-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function clipOf(frames: number, channels: number, value: (t: number, c: number) => number): Clip {
  const clip = emptyClip(frames, channels, 4, 5);
  for (let t = 0; t < frames; t++) for (let c = 0; c < channels; c++) clip.data.fill(value(t, c), (t * channels + c) * 20, (t * channels + c + 1) * 20);
  return clip;
}

const pixel = (rgba: Uint8Array, width: number, r: number, q: number): number[] => Array.from(rgba.subarray((r * width + q) * 4, (r * width + q) * 4 + 4));

test('a strip has one row per clip and one tile per frame, with gaps', () => {
  const gray = clipOf(2, 1, (t) => t);
  const rgb = clipOf(3, 3, (_, c) => [1, 0.5, 0][c]);
  const many = clipOf(3, 5, (_, c) => (c === 0 ? 0.2 : 0.9));
  const image = renderStrip([gray, rgb, many], { gap: 2, background: 1 });
  assert.deepEqual([image.width, image.height], [3 * 7 - 2, 3 * 6 - 2]);
  assert.deepEqual(pixel(image.rgba, image.width, 0, 0), [0, 0, 0, 255]);
  assert.deepEqual(pixel(image.rgba, image.width, 0, 7), [255, 255, 255, 255]);
  assert.deepEqual(pixel(image.rgba, image.width, 0, 5), [255, 255, 255, 255], 'gap');
  assert.deepEqual(pixel(image.rgba, image.width, 0, 14), [255, 255, 255, 255], 'missing third frame of the gray row');
  assert.deepEqual(pixel(image.rgba, image.width, 6, 0), [255, 128, 0, 255], 'RGB');
  assert.deepEqual(pixel(image.rgba, image.width, 12, 14), [51, 51, 51, 255], 'first channel of 5');
});

test('toClip reads one sample of a [B, T, C, H, W] tensor', async () => {
  const x = tensor(Float32Array.from({ length: 2 * 3 * 1 * 2 * 2 }, (_, i) => i), { shape: [2, 3, 1, 2, 2], backend: 'cpu' });
  const clip = await toClip(x, 1);
  assert.deepEqual([clip.frames, clip.channels, clip.height, clip.width], [3, 1, 2, 2]);
  assert.equal(clip.data[0], 12);
  await assert.rejects(() => toClip(x, 2), /sample 2 is outside the batch of 2/);
});

test('writePngStrip writes a valid PNG atomically', async () => {
  const path = join(dir, 'strip.png');
  const rows = [clipOf(3, 1, (t) => t / 2), clipOf(3, 1, () => 0.5), clipOf(3, 3, (_, c) => c / 2)];
  await writePngStrip(path, rows);
  const bytes = await readFile(path);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = PNG.sync.read(bytes);
  assert.deepEqual([png.width, png.height], [3 * 7 - 2, 3 * 6 - 2]);
  assert.deepEqual([...png.data.subarray(0, 4)], [0, 0, 0, 255]);
  assert.deepEqual((await readdir(dir)).filter((name) => name !== 'strip.png' && name !== 'anim.gif'), [], 'no temporary files left');
  await assert.rejects(() => writePngStrip(join(dir, 'missing', 'x.png'), rows), /could not write '.*x.png'/);
});

/** Counts the image descriptors of a GIF by walking its blocks. */
function gifFrameCount(bytes: Uint8Array): number {
  let p = 6 + 7;
  const flags = bytes[10];
  if (flags & 0x80) p += 3 * 2 ** ((flags & 7) + 1);
  const skipSubBlocks = () => {
    while (bytes[p] !== 0) p += bytes[p] + 1;
    p++;
  };
  let frames = 0;
  for (;;) {
    const block = bytes[p++];
    if (block === 0x3b) return frames;
    if (block === 0x21) {
      p++;
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames++;
      const local = bytes[p + 8];
      p += 9;
      if (local & 0x80) p += 3 * 2 ** ((local & 7) + 1);
      p++;
      skipSubBlocks();
    } else {
      throw new Error(`unexpected GIF block 0x${block.toString(16)} at ${p - 1}`);
    }
  }
}

test('writeGif writes a GIF89a with one image per time step (gray and colour)', async () => {
  const path = join(dir, 'anim.gif');
  await writeGif(path, [clipOf(6, 1, (t) => t / 5), clipOf(4, 1, () => 1)]);
  const bytes = new Uint8Array(await readFile(path));
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 6)), 'GIF89a');
  assert.deepEqual([bytes[6] | (bytes[7] << 8), bytes[8] | (bytes[9] << 8)], [2 * 5 + 2, 4]);
  assert.equal(gifFrameCount(bytes), 6);
  const colour = encodeGif(animationFrames([clipOf(3, 3, (t, c) => (t + c) / 5)]), { delayMs: 100 });
  assert.equal(gifFrameCount(colour), 3);
  assert.throws(() => encodeGif([]), /need at least one frame/);
  assert.deepEqual((await readdir(dir)).filter((name) => name !== 'strip.png' && name !== 'anim.gif'), [], 'no temporary files left');
});
