// The IFRVP augmentations: each one's exact index mapping, the same transform on every frame of a clip (also
// when several are combined at random), time reversal reversing, crops sharing one window, seeded draws, and
// the errors for windows that do not fit and non-square transposes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type AugmentConfig, type Clip, IFRVP_AUGMENT, augmentClip, centerCrop, concatFrames, crop, flipHorizontal, flipVertical, randomCrop, reverseChannels,
  reverseTime, rotate90, sliceFrames, transposeFrames,
} from '../../src/data/index.js';
import { Generator } from '../../src/index.js';
import { sameValues } from './collect.js';

/** A clip whose value at (t, c, r, q) is t*1000 + c*100 + r*10 + q. */
function coded(frames: number, channels: number, height: number, width: number): Clip {
  const data = new Float32Array(frames * channels * height * width);
  let i = 0;
  for (let t = 0; t < frames; t++) for (let c = 0; c < channels; c++) for (let r = 0; r < height; r++) for (let q = 0; q < width; q++) data[i++] = t * 1000 + c * 100 + r * 10 + q;
  return { frames, channels, height, width, data };
}

const value = (clip: Clip, t: number, c: number, r: number, q: number): number => clip.data[((t * clip.channels + c) * clip.height + r) * clip.width + q];

/** Asserts out(t, c, r, q) === source code for every element. */
function expectMap(out: Clip, source: (t: number, c: number, r: number, q: number) => [number, number, number, number], what: string): void {
  for (let t = 0; t < out.frames; t++) for (let c = 0; c < out.channels; c++) for (let r = 0; r < out.height; r++) for (let q = 0; q < out.width; q++) {
    const [st, sc, sr, sq] = source(t, c, r, q);
    assert.equal(value(out, t, c, r, q), st * 1000 + sc * 100 + sr * 10 + sq, `${what} at (${t}, ${c}, ${r}, ${q})`);
  }
}

test('each augmentation maps pixels exactly, identically on every frame', () => {
  const clip = coded(3, 3, 4, 5);
  expectMap(flipVertical(clip), (t, c, r, q) => [t, c, 3 - r, q], 'vertical flip');
  expectMap(flipHorizontal(clip), (t, c, r, q) => [t, c, r, 4 - q], 'horizontal flip');
  expectMap(reverseChannels(clip), (t, c, r, q) => [t, 2 - c, r, q], 'channel reversal');
  expectMap(transposeFrames(clip), (t, c, r, q) => [t, c, q, r], 'transpose');
  expectMap(rotate90(clip, 1), (t, c, r, q) => [t, c, q, 4 - r], 'rotate 90 counter-clockwise');
  expectMap(rotate90(clip, -1), (t, c, r, q) => [t, c, 3 - q, r], 'rotate 90 clockwise');
  expectMap(crop(clip, 1, 2, 2, 3), (t, c, r, q) => [t, c, r + 1, q + 2], 'crop');
  assert.deepEqual([transposeFrames(clip).height, transposeFrames(clip).width], [5, 4]);
  assert.ok(sameValues(rotate90(rotate90(clip, 1), 3).data, clip.data));
});

test('time reversal reverses the frames, and twice is the identity', () => {
  const clip = coded(4, 2, 3, 3);
  expectMap(reverseTime(clip), (t, c, r, q) => [3 - t, c, r, q], 'time reversal');
  assert.ok(sameValues(reverseTime(reverseTime(clip)).data, clip.data));
  const reversed = augmentClip(clip, new Generator(0), { reverseTime: 1 });
  assert.ok(sameValues(reversed.data, reverseTime(clip).data));
});

test('random combinations apply the same transform to every frame', () => {
  const clip = coded(4, 3, 6, 6);
  const config: AugmentConfig = { reverseChannels: 0.5, verticalFlip: 0.5, horizontalFlip: 0.5, transpose: 0.5, rotate90: 0.5 };
  let changed = 0;
  for (let seed = 0; seed < 40; seed++) {
    const whole = augmentClip(clip, new Generator(seed), config);
    if (!sameValues(whole.data, clip.data)) changed++;
    for (let t = 0; t < 4; t++) {
      const alone = augmentClip(sliceFrames(clip, t, t + 1), new Generator(seed), config);
      assert.ok(sameValues(sliceFrames(whole, t, t + 1).data, alone.data), `seed ${seed} frame ${t}`);
    }
  }
  assert.ok(changed > 30);
});

test('augmentation draws are seeded: same seed, same clip; IFRVP preset never reverses time', () => {
  const clip = coded(3, 3, 8, 8);
  const a = augmentClip(clip, new Generator(11), IFRVP_AUGMENT);
  assert.ok(sameValues(a.data, augmentClip(clip, new Generator(11), IFRVP_AUGMENT).data));
  for (let seed = 0; seed < 30; seed++) {
    const out = augmentClip(clip, new Generator(seed), IFRVP_AUGMENT);
    const firstFrameCode = Math.floor(Math.min(...out.data.subarray(0, 3 * 64)) / 1000);
    assert.equal(firstFrameCode, 0, `seed ${seed}: frame 0 stays first`);
  }
});

test('random crops share one window across frames and stay inside the frame', () => {
  const clip = coded(3, 1, 9, 9);
  const offsets = new Set<string>();
  for (let seed = 0; seed < 30; seed++) {
    const out = randomCrop(clip, new Generator(seed), 4, 5);
    const [top, left] = [Math.floor((out.data[0] % 100) / 10), out.data[0] % 10];
    offsets.add(`${top},${left}`);
    assert.ok(top + 4 <= 9 && left + 5 <= 9);
    expectMap(out, (t, c, r, q) => [t, c, r + top, q + left], `seed ${seed}`);
  }
  assert.ok(offsets.size > 10);
  assert.throws(() => randomCrop(clip, new Generator(0), 10, 4), /randomCrop: 10x4 is larger than the frames \(9x9\)/);
});

test('centre crops round like torchvision (half to even)', () => {
  expectMap(centerCrop(coded(1, 1, 5, 8), 2, 3), (t, c, r, q) => [t, c, r + 2, q + 2], 'centre crop 5x8 -> 2x3');
  expectMap(centerCrop(coded(1, 1, 7, 4), 2, 4), (t, c, r, q) => [t, c, r + 2, q], 'centre crop 7x4 -> 2x4');
});

test('invalid augmentations throw naming the problem', () => {
  assert.throws(() => augmentClip(coded(2, 1, 3, 4), new Generator(0), { transpose: 1 }), /transpose needs square frames, got \[2, 1, 3, 4\]/);
  assert.throws(() => crop(coded(1, 1, 3, 3), 2, 0, 2, 2), /a 2x2 window at \(2, 0\) does not fit frames of 3x3/);
  assert.throws(() => concatFrames(coded(1, 1, 3, 3), coded(1, 2, 3, 3)), /differ in C, H or W/);
});
