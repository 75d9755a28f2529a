// safetensors checkpoints as files, for Node only (src/serialization stays browser-safe). Saving is atomic
// (atomic-write.ts): a crash or a failed write leaves either the old checkpoint whole or the new one, never a
// partial file.

import { readFile } from 'node:fs/promises';
import {
  type DecodeSafetensorsOptions, type SafetensorsEntry, type SafetensorsFile, decodeSafetensors, encodeSafetensors,
} from '../serialization/safetensors.js';
import { writeFileAtomic } from './atomic-write.js';

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Writes a state dict to `path` atomically (see encodeSafetensors for the layout). */
export async function saveSafetensors(path: string, tensors: Readonly<Record<string, SafetensorsEntry>>, metadata?: Readonly<Record<string, string>>): Promise<void> {
  const bytes = await encodeSafetensors(tensors, metadata);
  try {
    await writeFileAtomic(path, bytes);
  } catch (e) {
    throw new Error(`saveSafetensors: ${describe(e)}`, { cause: e });
  }
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
