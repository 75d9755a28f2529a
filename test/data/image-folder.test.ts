// Reading image sequences: PNG folders (one folder per clip) and Vimeo90K's triplet layout, written by the test
// to a temp dir with pngjs; decoded values, natural frame order, gray conversion, fitting to the model's size,
// augmentation, splits, and the errors for unreadable, empty or inconsistent folders.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { emptyClip, holdoutSplit, imageFolder, parseSplitList, resizeClip } from '../../src/data/index.js';
import { listClipFolders, listVimeoClips, pngClipSource, readPngClip } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { epochBatches, firstBatch, sameValues } from './collect.js';

let root = '';

/** Pixel (r, q) of frame `frame` in clip `clip`: red = 10 frame + clip, green = 10 r, blue = 10 q. */
const rgbAt = (clip: number, frame: number, r: number, q: number): [number, number, number] => [10 * frame + clip, 10 * r, 10 * q];

async function writePng(path: string, width: number, height: number, pixel: (r: number, q: number) => [number, number, number]): Promise<void> {
  const png = new PNG({ width, height });
  for (let r = 0; r < height; r++) for (let q = 0; q < width; q++) png.data.set([...pixel(r, q), 255], (r * width + q) * 4);
  await writeFile(path, PNG.sync.write(png));
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'framegrad-frames-'));
  // Plain layout: clip folders c0..c2 with frames frame1, frame2, frame10 (natural order), 6x8 RGB.
  for (let c = 0; c < 3; c++) {
    const dir = join(root, 'clips', `c${c}`);
    await mkdir(dir, { recursive: true });
    for (const [f, name] of [[0, 'frame1'], [1, 'frame2'], [2, 'frame10']] as const) await writePng(join(dir, `${name}.png`), 8, 6, (r, q) => rgbAt(c, f, r, q));
  }
  // Vimeo triplets: sequences/00001/000{1,2}/im{1,2,3}.png listed (with a blank line) in tri_trainlist.txt.
  for (const [k, entry] of ['00001/0001', '00001/0002'].entries()) {
    const dir = join(root, 'vimeo', 'sequences', entry);
    await mkdir(dir, { recursive: true });
    for (let f = 0; f < 3; f++) await writePng(join(dir, `im${f + 1}.png`), 8, 6, (r, q) => rgbAt(k, f, r, q));
  }
  await writeFile(join(root, 'vimeo', 'tri_trainlist.txt'), '00001/0001\n\n00001/0002\n');
  // Broken layouts.
  await mkdir(join(root, 'empty'), { recursive: true });
  await mkdir(join(root, 'no-frames', 'c0'), { recursive: true });
  await mkdir(join(root, 'mixed', 'c0'), { recursive: true });
  await writePng(join(root, 'mixed', 'c0', 'a.png'), 8, 6, () => [0, 0, 0]);
  await writePng(join(root, 'mixed', 'c0', 'b.png'), 7, 6, () => [0, 0, 0]);
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('PNG folders decode to [T, C, H, W] in [0, 1], frames in natural order', async () => {
  const clips = await listClipFolders(join(root, 'clips'));
  assert.deepEqual(clips.map((c) => c.name), ['c0', 'c1', 'c2']);
  assert.deepEqual(clips[1].frames.map((f) => f.split('/').pop()), ['frame1.png', 'frame2.png', 'frame10.png']);
  const clip = await readPngClip(clips[1]);
  assert.deepEqual([clip.frames, clip.channels, clip.height, clip.width], [3, 3, 6, 8]);
  const at = (t: number, c: number, r: number, q: number) => clip.data[((t * 3 + c) * 6 + r) * 8 + q];
  assert.deepEqual([at(2, 0, 4, 5), at(2, 1, 4, 5), at(2, 2, 4, 5)].map((v) => Math.round(v * 255)), rgbAt(1, 2, 4, 5));
  const gray = await readPngClip(clips[0], { channels: 1 });
  assertClose([gray.data[3 * 8 + 2]], [(0.299 * 0 + 0.587 * 30 + 0.114 * 20) / 255], TOL.float32VsFloat64, 'luma of (0, 30, 20)');
});

test('imageFolder batches resized clips: all but the last frame in, the last frame out', async () => {
  const source = pngClipSource(await listClipFolders(join(root, 'clips')));
  const ds = imageFolder(source, { height: 3, width: 4, batchSize: 2, shuffle: false, backend: 'cpu' });
  const batches = await epochBatches(ds);
  assert.deepEqual(batches.map((b) => b.inputShape), [[2, 2, 3, 3, 4], [1, 2, 3, 3, 4]]);
  assert.deepEqual(batches[0].targetShape, [2, 1, 3, 3, 4]);
  // Halving by bilinear (half-pixel) averages 2x2 blocks: green of output row 1 = mean of rows 2, 3 = 25/255.
  assertClose([batches[0].input[(0 * 3 + 1) * 12 + 1 * 4 + 0]], [25 / 255], TOL.float32VsFloat64, 'resized green');
  const cropped = await firstBatch(imageFolder(source, { height: 2, width: 2, fit: 'centerCrop', batchSize: 1, shuffle: false, backend: 'cpu' }));
  assert.deepEqual(Array.from(cropped.input.subarray(4, 8), (v) => Math.round(v * 255)), [20, 20, 30, 30]);
});

test('imageFolder is seeded: random crops and augmentations repeat for a seed and differ across seeds', async () => {
  const source = pngClipSource(await listClipFolders(join(root, 'clips')));
  const make = (seed: number) => firstBatch(imageFolder(source, { height: 4, width: 4, fit: 'randomCrop', augment: { horizontalFlip: 0.5, verticalFlip: 0.5 }, seed, batchSize: 3, backend: 'cpu' }));
  const [a, b] = [await make(1), await make(1)];
  assert.ok(sameValues(a.input, b.input));
  const others = await Promise.all([2, 3, 4].map(make));
  assert.ok(others.some((o) => !sameValues(o.input, a.input)));
});

test('Vimeo90K triplets: list entries become im1, im2 -> im3 examples', async () => {
  assert.deepEqual(parseSplitList('00001/0001\r\n\n \n00002/0003\n'), ['00001/0001', '00002/0003']);
  const clips = await listVimeoClips(join(root, 'vimeo'));
  assert.deepEqual(clips.map((c) => c.name), ['00001/0001', '00001/0002']);
  assert.equal(clips[1].frames[2], join(root, 'vimeo', 'sequences', '00001', '0002', 'im3.png'));
  const batch = await firstBatch(imageFolder(pngClipSource(clips), { height: 6, width: 8, batchSize: 2, shuffle: false, backend: 'cpu' }));
  assert.deepEqual(batch.inputShape, [2, 2, 3, 6, 8]);
  assert.deepEqual(batch.targetShape, [2, 1, 3, 6, 8]);
  assert.equal(Math.round(batch.target[48 * 3] * 255), rgbAt(1, 2, 0, 0)[0]);
  assert.equal((await listVimeoClips(join(root, 'vimeo'), { list: 'tri_trainlist.txt', frames: 2 }))[0].frames.length, 2);
});

test('holdoutSplit is a fixed partition of the clips', async () => {
  const source = pngClipSource(await listClipFolders(join(root, 'clips')));
  const { train, test: held } = holdoutSplit(source, 0.34);
  assert.equal(held.names.length, 1);
  assert.deepEqual([...train.names, ...held.names].sort(), ['c0', 'c1', 'c2']);
  assert.deepEqual(holdoutSplit(source, 0.34).test.names, held.names);
});

test('resizeClip keeps a constant image constant and skips a same-size resize', () => {
  const clip = emptyClip(2, 1, 5, 7);
  clip.data.fill(0.25);
  const out = resizeClip(clip, 3, 11);
  assert.deepEqual([out.height, out.width], [3, 11]);
  assert.ok(out.data.every((v) => v === 0.25));
  assert.equal(resizeClip(clip, 5, 7), clip);
});

test('bad folders and sizes throw naming what was wrong', async () => {
  await assert.rejects(() => listClipFolders(join(root, 'missing')), /listClipFolders: cannot read folder '.*missing'/);
  await assert.rejects(() => listClipFolders(join(root, 'empty')), /'.*empty' has no clip folders/);
  await assert.rejects(() => listClipFolders(join(root, 'no-frames')), /clip folder '.*c0' holds no .png frames/);
  const mixed = await listClipFolders(join(root, 'mixed'));
  await assert.rejects(() => readPngClip(mixed[0]), /frame '.*b.png' is 7x6, but the first frame is 8x6/);
  await assert.rejects(() => listVimeoClips(join(root, 'clips')), /cannot read list file '.*tri_trainlist.txt'/);
  await writeFile(join(root, 'not.png'), 'hello');
  await assert.rejects(() => readPngClip({ name: 'x', frames: [join(root, 'not.png')] }), /'.*not.png' is not a valid PNG/);
  const source = pngClipSource(await listClipFolders(join(root, 'clips')));
  assert.throws(() => imageFolder(source, { height: 4, width: 4, batchSize: 4 }), /imageFolder: batchSize 4 is larger than the dataset \(3 examples\)/);
  const tooBig = imageFolder(source, { height: 7, width: 4, fit: 'randomCrop', batchSize: 1, backend: 'cpu' });
  await assert.rejects(() => tooBig.example(0), /imageFolder: clip 'c.': randomCrop: 7x4 is larger than the frames \(6x8\)/);
});
