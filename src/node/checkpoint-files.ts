// safetensors checkpoints as files, for Node only (src/serialization stays browser-safe). Saving is atomic: the
// bytes go to a temporary file beside the target, are flushed to disk, then renamed over it, so a crash or a
// failed write leaves either the old checkpoint whole or the new one whole, never a partial file.

import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  type DecodeSafetensorsOptions, type SafetensorsEntry, type SafetensorsFile, decodeSafetensors, encodeSafetensors,
} from '../serialization/safetensors.js';

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** fsync of the directory, so the rename itself survives a power loss (not possible on Windows). */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a state dict to `path` atomically (see encodeSafetensors for the layout). */
export async function saveSafetensors(path: string, tensors: Readonly<Record<string, SafetensorsEntry>>, metadata?: Readonly<Record<string, string>>): Promise<void> {
  const bytes = await encodeSafetensors(tensors, metadata);
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw new Error(`saveSafetensors: could not write '${path}': ${describe(e)}`, { cause: e });
  }
  await syncDirectory(dirname(path));
}

/** Reads a safetensors file; the error of a malformed file names the file. */
export async function loadSafetensors(path: string, options: DecodeSafetensorsOptions = {}): Promise<SafetensorsFile> {
  const bytes = await readFile(path);
  try {
    return decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), options);
  } catch (e) {
    throw new Error(`${describe(e)} (file '${path}')`, { cause: e });
  }
}
