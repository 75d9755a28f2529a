// Reference-counted backend storage shared by a tensor and its reshaped aliases. The buffer is released when
// the last tensor using it is disposed explicitly or, as a safety net, garbage-collected.

import type { Backend } from '../backends/backend.js';
import type { DataId } from '../backends/kernels.js';

export class Storage {
  private refs = 0;

  constructor(
    readonly backend: Backend,
    readonly data: DataId,
  ) {}

  get released(): boolean {
    return this.refs === 0;
  }

  retain(): void {
    this.refs++;
  }

  releaseRef(): void {
    if (this.refs <= 0) return;
    this.refs--;
    if (this.refs === 0) this.backend.release(this.data);
  }
}

/** Releases a tensor's storage reference when the tensor object is garbage-collected without dispose(). */
export const storageFinalizer = new FinalizationRegistry<Storage>((storage) => storage.releaseRef());
