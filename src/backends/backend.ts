// The narrow interface every backend implements: move data in and out, free it, run a kernel.
// Autograd, ops and nn only talk to a backend through this; backends never reach each other.

import type { DataId, KernelTable } from './kernels.js';
import type { BackendName, DType, TypedArray } from './types.js';

export interface Backend {
  readonly name: BackendName;
  /** Dtypes this backend can hold (webgpu has no float64). */
  readonly dtypes: readonly DType[];
  readonly kernels: KernelTable;
  /** The largest storage one tensor may have, in bytes (webgpu: the device's buffer and binding limits). */
  readonly maxBufferBytes: number;
  /** The device is emulated on the host CPU (webgpu on a fallback adapter such as lavapipe): slow, for tests. */
  readonly softwareDevice: boolean;
  /** Copies host data into new backend storage. */
  upload(data: TypedArray, dtype: DType): DataId;
  /** Reads storage back as a new typed array of `size` elements. */
  read(data: DataId, dtype: DType, size: number): Promise<TypedArray>;
  /** Synchronous read, or undefined when the backend cannot read synchronously. */
  readSync(data: DataId, dtype: DType, size: number): TypedArray | undefined;
  /** Frees storage now (the webgpu backend returns the buffer to its pool). */
  release(data: DataId): void;
  /** Bytes and buffers currently allocated by tensors on this backend. */
  memory(): { liveBuffers: number; liveBytes: number; pooledBuffers: number; pooledBytes: number };
}
