// CPU storage: a typed array behind the opaque DataId, and the helpers kernels use to read inputs and
// allocate outputs.

import type { DataId, OutputSpec, TensorInfo } from '../kernels.js';
import { type TypedArray, dtypeOfArray } from '../types.js';
import { giveBackArray, takeArray } from './array-pool.js';
import { sizeOf } from '../../tensor/shape.js';

/** Live storage counts; a test-mode leak check reads them through Backend.memory(). */
export const cpuMemory = { liveBuffers: 0, liveBytes: 0 };

export class CpuData implements DataId {
  readonly backend = 'cpu';
  released = false;
  constructor(readonly values: TypedArray) {
    cpuMemory.liveBuffers++;
    cpuMemory.liveBytes += values.byteLength;
  }
}

export function valuesOf(info: TensorInfo): TypedArray {
  if (!(info.data instanceof CpuData)) throw new Error(`cpu backend: input of shape [${info.shape.join(', ')}] lives on backend '${info.data.backend}'`);
  // Released storage may already belong to another tensor (array-pool.ts): reading it would be a silent error.
  if (info.data.released) throw new Error(`cpu backend: input of shape [${info.shape.join(', ')}] was already released`);
  return info.data.values;
}

export function allocate(output: OutputSpec): TypedArray {
  return takeArray(output.dtype, sizeOf(output.shape));
}

/** An output the kernel writes in full (elementwise ops, copies): reused storage skips the clearing pass. */
export function allocateOverwritten(output: OutputSpec): TypedArray {
  return takeArray(output.dtype, sizeOf(output.shape), false);
}

/** Releases storage once: its live counts drop and its array goes back to the pool for reuse (array-pool.ts). */
export function releaseCpuData(data: CpuData): void {
  if (untrackCpuData(data)) giveBackArray(dtypeOfArray(data.values), data.values);
}

/**
 * Drops a wrapper's live counts once without pooling its array, for CpuData that a kernel wraps around arrays it
 * does not own (another tensor's storage, or scratch it goes on using). Returns whether this call released it.
 */
export function untrackCpuData(data: CpuData): boolean {
  if (data.released) return false;
  data.released = true;
  cpuMemory.liveBuffers--;
  cpuMemory.liveBytes -= data.values.byteLength;
  return true;
}
