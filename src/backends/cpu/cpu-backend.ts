// The cpu backend: typed arrays in host memory, kernels in plain TypeScript. Always available and the
// float64 reference every other backend is tested against.

import type { Backend } from '../backend.js';
import { type TypedArray, typedArrayFor } from '../types.js';
import { arrayPoolStats, takeArray } from './array-pool.js';
import { CpuData, cpuMemory, releaseCpuData } from './cpu-data.js';
import { cpuKernels } from './kernel-table.js';

export function createCpuBackend(): Backend {
  return {
    name: 'cpu',
    dtypes: ['float32', 'float64', 'int32'],
    kernels: cpuKernels,
    // V8's typed arrays hold at most 2^32 elements (the runtime may refuse less when memory is short).
    maxBufferBytes: 2 ** 32,
    softwareDevice: false,
    upload(data: TypedArray, dtype) {
      const values = takeArray(dtype, data.length);
      values.set(data);
      return new CpuData(values);
    },
    async read(data, dtype, size) {
      return readCopy(data, dtype, size);
    },
    readSync(data, dtype, size) {
      return readCopy(data, dtype, size);
    },
    release(data) {
      if (data instanceof CpuData) releaseCpuData(data);
    },
    memory() {
      return { ...cpuMemory, ...arrayPoolStats };
    },
  };
}

function readCopy(data: object, dtype: Parameters<typeof typedArrayFor>[0], size: number): TypedArray {
  if (!(data instanceof CpuData)) throw new Error('cpu backend: cannot read storage of another backend');
  if (data.released) throw new Error('cpu backend: cannot read storage that was already released');
  const out = typedArrayFor(dtype, size);
  out.set(data.values.subarray(0, size));
  return out;
}
