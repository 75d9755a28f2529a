// safetensors checkpoints as files, for Node only (src/serialization stays browser-safe). Saving is atomic
// (atomic-write.ts): a crash or a failed write leaves either the old checkpoint whole or the new one, never a
// partial file.

import { readFile } from 'node:fs/promises';
import {
  type DecodeSafetensorsOptions, type SafetensorsEntry, type SafetensorsFile, decodeSafetensors, encodeSafetensors,
} from '../serialization/safetensors.js';
import { writeFileAtomic } from './atomic-write.js';
import type { LoadResult, Module } from '../nn/module.js';
import { Int64Tensor } from '../serialization/int64-tensor.js';
import type { Tensor } from '../tensor/tensor.js';

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

/**
 * A module's state dict to a safetensors file (PyTorch's `torch.save(model.state_dict())`); the Node-side form of
 * `Module.save`, kept out of the browser-ready Module class.
 */
export async function saveModule(module: Module, path: string): Promise<void> {
  await saveSafetensors(path, module.stateDict());
}

/**
 * Loads a safetensors state dict into a module (int64 entries, as PyTorch saves BatchNorm's num_batches_tracked,
 * become int32); strict by default, and nothing changes when any key or shape is wrong.
 */
export async function loadModule(module: Module, path: string, strict = true): Promise<LoadResult> {
  const file = await loadSafetensors(path, { backend: 'cpu' });
  const state: Record<string, Tensor> = {};
  for (const [name, entry] of Object.entries(file.tensors)) state[name] = entry instanceof Int64Tensor ? entry.toTensor() : entry;
  return module.loadStateDict(state, strict);
}
