// Creates the webgpu Backend: requests an adapter and a device with the adapter's full buffer and workgroup
// limits, and exposes the runtime's storage and kernels through the Backend interface. Takes a `GPU` so it
// runs unchanged on navigator.gpu in a browser or on Dawn in Node (see node-gpu.ts).

import type { Backend } from '../backend.js';
import type { DataId } from '../kernels.js';
import type { DType, TypedArray } from '../types.js';
import { webgpuKernels } from './kernel-table.js';
import { Runtime } from './runtime.js';
import { GPUStorage, storageOf } from './storage.js';

export interface WebGPUBackend extends Backend {
  /** Held for the device's lifetime: Dawn's Node bindings tear the instance down when this object is collected. */
  readonly gpu: GPU;
  readonly device: GPUDevice;
  /** Frees the device; Node keeps running while a Dawn device is alive. */
  destroy(): void;
}

// The defaults (e.g. 128 MiB storage bindings) are far below what real models need.
const RAISED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
] as const;

function unsupported(dtype: DType): Error {
  return new Error(`webgpu backend does not support dtype ${dtype}`);
}

export async function createWebGPUBackend(gpu: GPU): Promise<WebGPUBackend> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('No WebGPU adapter was found');
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const device = await adapter.requestDevice({ requiredLimits });
  const rt = new Runtime(device);

  return {
    name: 'webgpu',
    dtypes: ['float32', 'int32'],
    gpu,
    device,
    kernels: webgpuKernels(rt),
    maxBufferBytes: Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize),
    softwareDevice: rt.softwareAdapter,
    upload(data: TypedArray, dtype: DType): DataId {
      if (dtype === 'float64') throw unsupported(dtype);
      // Host data of another dtype converts as assigning into the target typed array would.
      if (dtype === 'float32') return rt.upload(data instanceof Float32Array ? data : Float32Array.from(data));
      return rt.upload(data instanceof Int32Array ? data : Int32Array.from(data));
    },
    async read(data: DataId, dtype: DType, size: number): Promise<TypedArray> {
      if (dtype === 'float64') throw unsupported(dtype);
      const bytes = await rt.read(storageOf(data), size * 4);
      return dtype === 'float32' ? new Float32Array(bytes) : new Int32Array(bytes);
    },
    readSync(): undefined {
      return undefined;
    },
    release(data: DataId): void {
      // Releasing twice is a no-op: an explicit dispose may race a FinalizationRegistry callback.
      if (data instanceof GPUStorage && data.released) return;
      rt.release(storageOf(data));
    },
    memory() {
      return rt.memory();
    },
    destroy(): void {
      device.destroy();
    },
  };
}
