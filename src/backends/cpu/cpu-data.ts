// CPU storage: a typed array behind the opaque DataId, and the helpers kernels use to read inputs and
// allocate outputs.

import type { DataId, OutputSpec, TensorInfo } from '../kernels.js';
import { type TypedArray, typedArrayFor } from '../types.js';
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
  return info.data.values;
}

export function allocate(output: OutputSpec): TypedArray {
  return typedArrayFor(output.dtype, sizeOf(output.shape));
}

/** Frees storage's live counts once (host memory itself is reclaimed by the garbage collector). */
export function releaseCpuData(data: CpuData): void {
  if (data.released) return;
  data.released = true;
  cpuMemory.liveBuffers--;
  cpuMemory.liveBytes -= data.values.byteLength;
}
