// Training checkpoints on disk (Node only): `<dir>/checkpoint.safetensors` holds everything (see
// training/checkpoint.ts) and `<dir>/config.json` a readable copy of its metadata; both written atomically.

import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Module } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import { type CheckpointMeta, type DecodedCheckpoint, decodeCheckpoint, encodeCheckpoint } from '../training/checkpoint.js';
import { writeFileAtomic } from './atomic-write.js';

export const CHECKPOINT_FILE = 'checkpoint.safetensors';

export async function saveTrainingCheckpoint(dir: string, meta: CheckpointMeta, model: Module, optimizer: Optimizer | null): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, CHECKPOINT_FILE);
  await writeFileAtomic(path, await encodeCheckpoint(meta, model, optimizer));
  await writeFileAtomic(join(dir, 'config.json'), new TextEncoder().encode(`${JSON.stringify(meta, null, 2)}\n`));
  return path;
}

/** Reads a checkpoint from its file or from the directory holding it. */
export async function loadTrainingCheckpoint(path: string): Promise<DecodedCheckpoint> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, CHECKPOINT_FILE);
  } catch {
    throw new Error(`checkpoint '${path}' does not exist`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new Error(`cannot read checkpoint '${file}': ${e instanceof Error ? e.message : String(e)}`);
  }
  return decodeCheckpoint(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), `checkpoint '${file}'`);
}
