// Reading image sequences from disk for src/data/image-folder.ts: PNG frames decoded with pngjs into [T, C, H, W]
// clips in [0, 1] (C = 3 for RGB, or 1 for gray by ITU-R 601 luma; alpha is ignored), and the two folder layouts:
// one folder of PNG frames per clip, and Vimeo90K's `sequences/<a>/<b>/im1.png ...` listed by `tri_trainlist.txt`
// (triplets) or `sep_trainlist.txt` (septuplets).

import type { Dirent } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Clip } from '../data/clip.js';
import { type ClipSource, parseSplitList } from '../data/clip-source.js';

export interface ClipFiles {
  /** Shown in error messages (the folder or list entry). */
  readonly name: string;
  /** PNG paths of the frames, in order. */
  readonly frames: readonly string[];
}

export interface PngReadOptions {
  /** 3: RGB; 1: gray (luma). Default 3. */
  readonly channels?: 1 | 3;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** One PNG as 8-bit RGBA. */
export async function readPng(path: string): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  const bytes = await readFile(path).catch((e: unknown) => {
    throw new Error(`readPng: cannot read '${path}': ${describe(e)}`, { cause: e });
  });
  try {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  } catch (e) {
    throw new Error(`readPng: '${path}' is not a valid PNG: ${describe(e)}`, { cause: e });
  }
}

/** Decodes the frames of one clip; every frame must have the size of the first. */
export async function readPngClip(files: ClipFiles, options: PngReadOptions = {}): Promise<Clip> {
  const channels = options.channels ?? 3;
  if (files.frames.length === 0) throw new Error(`readPngClip: clip '${files.name}' has no frames`);
  const images = await Promise.all(files.frames.map(readPng));
  const { width, height } = images[0];
  const plane = width * height;
  const data = new Float32Array(images.length * channels * plane);
  images.forEach((image, t) => {
    if (image.width !== width || image.height !== height) {
      throw new Error(`readPngClip: clip '${files.name}': frame '${files.frames[t]}' is ${image.width}x${image.height}, but the first frame is ${width}x${height}`);
    }
    for (let p = 0; p < plane; p++) {
      const [r, g, b] = [image.rgba[p * 4], image.rgba[p * 4 + 1], image.rgba[p * 4 + 2]];
      const base = t * channels * plane + p;
      if (channels === 3) [data[base], data[base + plane], data[base + 2 * plane]] = [r / 255, g / 255, b / 255];
      else data[base] = (r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b) / 255;
    }
  });
  return { frames: images.length, channels, height, width, data };
}

/** A ClipSource over listed clips, decoding on demand. */
export function pngClipSource(clips: readonly ClipFiles[], options: PngReadOptions = {}): ClipSource {
  return { names: clips.map((c) => c.name), read: (index) => readPngClip(clips[index], options) };
}

/** Sorts names with their digit runs compared as numbers (frame2 before frame10). */
const naturalSort = (names: string[]): string[] => names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

async function entries(dir: string, what: string): Promise<Dirent[]> {
  return readdir(dir, { withFileTypes: true }).catch((e: unknown) => {
    throw new Error(`${what}: cannot read folder '${dir}': ${describe(e)}`, { cause: e });
  });
}

/** Every subfolder of `root` is a clip; its .png files, in natural order, are the frames. */
export async function listClipFolders(root: string): Promise<ClipFiles[]> {
  const folders = naturalSort((await entries(root, 'listClipFolders')).filter((e) => e.isDirectory()).map((e) => e.name));
  if (folders.length === 0) throw new Error(`listClipFolders: '${root}' has no clip folders`);
  return Promise.all(
    folders.map(async (name) => {
      const dir = join(root, name);
      const pngs = naturalSort((await entries(dir, 'listClipFolders')).filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.png')).map((e) => e.name));
      if (pngs.length === 0) throw new Error(`listClipFolders: clip folder '${dir}' holds no .png frames`);
      return { name, frames: pngs.map((f) => join(dir, f)) };
    }),
  );
}

export interface VimeoOptions {
  /** The list file inside root. Default 'tri_trainlist.txt'. */
  readonly list?: string;
  /** Frames per entry. Default 7 for a 'sep_' list, else 3. */
  readonly frames?: number;
}

/** Vimeo90K's layout: `root/<list>` names entries `%05d/%04d`, frames `root/sequences/<entry>/im1.png ... imN.png`. */
export async function listVimeoClips(root: string, options: VimeoOptions = {}): Promise<ClipFiles[]> {
  const list = options.list ?? 'tri_trainlist.txt';
  const frames = options.frames ?? (list.startsWith('sep') ? 7 : 3);
  const path = join(root, list);
  const text = await readFile(path, 'utf8').catch((e: unknown) => {
    throw new Error(`listVimeoClips: cannot read list file '${path}': ${describe(e)}`, { cause: e });
  });
  const names = parseSplitList(text);
  if (names.length === 0) throw new Error(`listVimeoClips: list file '${path}' names no clips`);
  return names.map((name) => ({ name, frames: Array.from({ length: frames }, (_, i) => join(root, 'sequences', name, `im${i + 1}.png`)) }));
}
