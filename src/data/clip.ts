// The host-side clip every dataset builds before batching: T frames of C x H x W float32 values, frame-major
// ([T, C, H, W] row-major), plus the few helpers that index, split and compare clips.

export interface Clip {
  readonly frames: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** frames * channels * height * width values, [T, C, H, W] row-major. */
  readonly data: Float32Array;
}

/** An example: the frames a model sees and the frames it must predict. */
export interface ClipPair {
  readonly input: Clip;
  readonly target: Clip;
}

/** Throws `${op}: <name> must be a positive integer` for the first dim that is not. */
export function checkDims(op: string, dims: Readonly<Record<string, number>>): void {
  for (const [name, v] of Object.entries(dims)) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${op}: ${name} must be a positive integer, got ${v}`);
  }
}

/** A zero-filled clip; throws naming the dims when one is not a positive integer. */
export function emptyClip(frames: number, channels: number, height: number, width: number): Clip {
  checkDims('clip', { frames, channels, height, width });
  return { frames, channels, height, width, data: new Float32Array(frames * channels * height * width) };
}

/** Values per frame (C * H * W). */
export const frameSize = (clip: Clip): number => clip.channels * clip.height * clip.width;

/** '[T, C, H, W]' for messages. */
export const clipShape = (clip: Clip): string => `[${clip.frames}, ${clip.channels}, ${clip.height}, ${clip.width}]`;

/** Frames [start, end) as a new clip (copied). */
export function sliceFrames(clip: Clip, start: number, end: number): Clip {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= clip.frames && start < end)) {
    throw new Error(`sliceFrames: frames [${start}, ${end}) are not a non-empty range of a ${clip.frames}-frame clip`);
  }
  const size = frameSize(clip);
  return { ...clip, frames: end - start, data: clip.data.slice(start * size, end * size) };
}

/** The first `inputFrames` frames as input and the rest as target. */
export function splitClip(clip: Clip, inputFrames: number): ClipPair {
  if (!Number.isInteger(inputFrames) || inputFrames < 1 || inputFrames >= clip.frames) {
    throw new Error(`splitClip: inputFrames must be an integer in [1, ${clip.frames - 1}] for a ${clip.frames}-frame clip, got ${inputFrames}`);
  }
  return { input: sliceFrames(clip, 0, inputFrames), target: sliceFrames(clip, inputFrames, clip.frames) };
}

/** Whether two clips have the same T, C, H and W. */
export const sameShape = (a: Clip, b: Clip): boolean =>
  a.frames === b.frames && a.channels === b.channels && a.height === b.height && a.width === b.width;

/** Clips of the same C, H, W joined along time (e.g. context then prediction, for an animation). */
export function concatFrames(...clips: readonly Clip[]): Clip {
  const [first] = clips;
  if (!first) throw new Error('concatFrames: need at least one clip');
  const bad = clips.find((c) => c.channels !== first.channels || c.height !== first.height || c.width !== first.width);
  if (bad) throw new Error(`concatFrames: clips ${clipShape(first)} and ${clipShape(bad)} differ in C, H or W`);
  const data = new Float32Array(clips.reduce((n, c) => n + c.data.length, 0));
  let offset = 0;
  for (const c of clips) {
    data.set(c.data, offset);
    offset += c.data.length;
  }
  return { ...first, frames: data.length / frameSize(first), data };
}
