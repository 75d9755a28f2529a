// The webgpu backend's storage handle: what a tensor holds instead of a typed array.

import type { DataId } from '../kernels.js';

export class GPUStorage implements DataId {
  readonly backend = 'webgpu';
  /** Set by release so that a use-after-free fails loudly instead of reading a recycled buffer. */
  released = false;

  constructor(
    readonly buffer: GPUBuffer,
    /** Bytes the tensor occupies; the buffer itself may be larger (pool bucket). */
    readonly byteSize: number,
  ) {}
}

export function storageOf(id: DataId): GPUStorage {
  if (!(id instanceof GPUStorage)) throw new Error(`webgpu backend was given storage from backend '${id.backend}'`);
  if (id.released) throw new Error('webgpu backend: storage used after release');
  return id;
}
