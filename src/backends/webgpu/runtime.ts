// Owns the device-side machinery the kernels share: storage allocation, the pipeline cache, and batching of
// dispatches into one command encoder that is submitted only when a read needs it (or every FLUSH_EVERY
// dispatches, to bound how many buffers a pending batch pins).

import type { TypedArray } from '../types.js';
import { BufferPool, type PoolStats } from './buffer-pool.js';
import { Params } from './params.js';
import { GPUStorage } from './storage.js';

/**
 * Storage buffers per shader stage that WebGPU guarantees (maxStorageBuffersPerShaderStage's default): kernels
 * stay within it, with their shape parameters packed into one uniform, so they run on any adapter.
 */
export const PORTABLE_STORAGE_BUFFERS = 8;

const FLUSH_EVERY = 64;
const MAX_POOLED_BYTES = 2 ** 30;

export interface Dispatch {
  /** Identifies the generated WGSL; the runtime adds the input count and param size. */
  readonly key: string;
  /** Generates the WGSL; called only when the key is not cached yet. */
  readonly source: () => string;
  readonly inputs: readonly GPUStorage[];
  readonly output: GPUStorage;
  readonly params: Params;
  readonly groups: readonly [number, number, number];
}

interface Layout {
  readonly bindGroup: GPUBindGroupLayout;
  readonly pipeline: GPUPipelineLayout;
}

export class Runtime {
  private readonly storagePool: BufferPool;
  private readonly uniformPool: BufferPool;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly layouts = new Map<number, Layout>();
  private encoder: GPUCommandEncoder | null = null;
  private pendingDispatches = 0;
  // Buffers freed while the current batch may still use them: they rejoin their pool only once the batch is
  // submitted, because queue.writeBuffer (uploads, params) runs before any not-yet-submitted command.
  private deferredStorage: GPUBuffer[] = [];
  private deferredUniforms: GPUBuffer[] = [];
  private deferredStorageBytes = 0;
  private firstError: Error | null = null;

  /**
   * The adapter runs shaders on the CPU (lavapipe): kernels that choose a tiling by device kind (matmul) tune for
   * it instead of for a GPU's many compute units.
   */
  readonly softwareAdapter: boolean;

  constructor(readonly device: GPUDevice) {
    this.softwareAdapter = device.adapterInfo.isFallbackAdapter;
    const maxBytes = Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize);
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    this.storagePool = new BufferPool(device, usage, maxBytes, MAX_POOLED_BYTES);
    this.uniformPool = new BufferPool(
      device,
      GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      device.limits.maxUniformBufferBindingSize,
      MAX_POOLED_BYTES,
    );
    // Validation errors arrive asynchronously; keep the first so the next read can reject with it.
    device.addEventListener('uncapturederror', (event) => {
      this.firstError ??= new Error(`webgpu backend: ${event.error.message}`);
    });
  }

  allocate(byteSize: number): GPUStorage {
    return new GPUStorage(this.storagePool.acquire(byteSize), byteSize);
  }

  upload(data: TypedArray): GPUStorage {
    const storage = this.allocate(data.byteLength);
    if (data.byteLength === 0) return storage;
    // writeBuffer takes only ArrayBuffer-backed data; a view of a SharedArrayBuffer is copied first.
    if (data.buffer instanceof ArrayBuffer) {
      this.device.queue.writeBuffer(storage.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    } else {
      this.device.queue.writeBuffer(storage.buffer, 0, data.slice().buffer);
    }
    return storage;
  }

  release(storage: GPUStorage): void {
    if (storage.released) return;
    storage.released = true;
    if (this.encoder) {
      this.deferredStorage.push(storage.buffer);
      this.deferredStorageBytes += storage.buffer.size;
    } else {
      this.storagePool.release(storage.buffer);
    }
  }

  dispatch(d: Dispatch): void {
    if (d.inputs.length + 1 > PORTABLE_STORAGE_BUFFERS) {
      throw new Error(
        `webgpu kernel '${d.key}': ${d.inputs.length} inputs and an output are more than the ${PORTABLE_STORAGE_BUFFERS} storage buffers per shader stage every WebGPU adapter allows; pack inputs together`,
      );
    }
    const words = d.params.toArray();
    const pipeline = this.pipeline(`${d.key}|in${d.inputs.length}|p${d.params.vec4Count}`, d.inputs.length, d.source);
    const uniform = this.uniformPool.acquire(words.byteLength);
    this.deferredUniforms.push(uniform);
    this.device.queue.writeBuffer(uniform, 0, words);
    const bind = (s: GPUStorage, binding: number): GPUBindGroupEntry => ({
      binding,
      resource: { buffer: s.buffer, size: Math.max(4, Math.ceil(s.byteSize / 4) * 4) },
    });
    const bindGroup = this.device.createBindGroup({
      layout: this.layout(d.inputs.length).bindGroup,
      entries: [
        ...d.inputs.map((s, i) => bind(s, i)),
        bind(d.output, d.inputs.length),
        { binding: d.inputs.length + 1, resource: { buffer: uniform, size: words.byteLength } },
      ],
    });
    this.encoder ??= this.device.createCommandEncoder();
    const pass = this.encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(d.groups[0], d.groups[1], d.groups[2]);
    pass.end();
    if (++this.pendingDispatches >= FLUSH_EVERY) this.flush();
  }

  /** Records a copy of the first `byteSize` bytes of `src` into `dst` in the pending batch (ordered with dispatches). */
  copy(src: GPUStorage, dst: GPUStorage, byteSize: number): void {
    if (byteSize === 0) return;
    this.encoder ??= this.device.createCommandEncoder();
    this.encoder.copyBufferToBuffer(src.buffer, 0, dst.buffer, 0, byteSize);
  }

  /** Submits the pending batch and returns the buffers it was pinning to their pools. */
  flush(): void {
    if (this.encoder) this.device.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    this.pendingDispatches = 0;
    for (const b of this.deferredStorage) this.storagePool.release(b);
    for (const b of this.deferredUniforms) this.uniformPool.release(b);
    this.deferredStorage = [];
    this.deferredUniforms = [];
    this.deferredStorageBytes = 0;
  }

  /** Copies the first `byteSize` bytes of `storage` back to the host. */
  async read(storage: GPUStorage, byteSize: number): Promise<ArrayBuffer> {
    if (byteSize === 0) return new ArrayBuffer(0);
    const staging = this.device.createBuffer({ size: byteSize, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.encoder ??= this.device.createCommandEncoder();
    this.encoder.copyBufferToBuffer(storage.buffer, 0, staging, 0, byteSize);
    this.flush();
    try {
      await staging.mapAsync(GPUMapMode.READ);
      const bytes = staging.getMappedRange().slice(0);
      staging.unmap();
      const error = this.firstError;
      // Reported once: later work that does not repeat the mistake should succeed.
      this.firstError = null;
      if (error) throw error;
      return bytes;
    } finally {
      staging.destroy();
    }
  }

  memory(): PoolStats {
    const s = this.storagePool.snapshot();
    // A freed buffer waiting for the batch to be submitted is no longer a tensor's: report it as pooled.
    return {
      liveBuffers: s.liveBuffers - this.deferredStorage.length,
      liveBytes: s.liveBytes - this.deferredStorageBytes,
      pooledBuffers: s.pooledBuffers + this.deferredStorage.length,
      pooledBytes: s.pooledBytes + this.deferredStorageBytes,
    };
  }

  private pipeline(key: string, inputCount: number, source: () => string): GPUComputePipeline {
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      const module = this.device.createShaderModule({ label: key, code: source() });
      pipeline = this.device.createComputePipeline({
        label: key,
        layout: this.layout(inputCount).pipeline,
        compute: { module, entryPoint: 'main' },
      });
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  private layout(inputCount: number): Layout {
    let layout = this.layouts.get(inputCount);
    if (!layout) {
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (let i = 0; i < inputCount; i++) {
        entries.push({ binding: i, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } });
      }
      entries.push({ binding: inputCount, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } });
      entries.push({ binding: inputCount + 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } });
      const bindGroup = this.device.createBindGroupLayout({ entries });
      layout = { bindGroup, pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [bindGroup] }) };
      this.layouts.set(inputCount, layout);
    }
    return layout;
  }
}
