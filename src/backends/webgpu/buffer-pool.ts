// Recycles GPU buffers by size bucket: creating and destroying GPUBuffers per tensor is slow and fragments memory,
// and training loops allocate the same few sizes over and over.

export interface PoolStats {
  liveBuffers: number;
  liveBytes: number;
  pooledBuffers: number;
  pooledBytes: number;
}

/** Rounds a request up to one of 8 sizes per power of two (at most 12.5% waste), at least 256 bytes. */
export function bucketSize(bytes: number, maxBytes: number): number {
  const b = Math.max(bytes, 4);
  const step = Math.max(256, 2 ** (Math.floor(Math.log2(b)) - 3));
  const bucket = Math.ceil(b / step) * step;
  // Near the device limit the bucket may not fit; fall back to the exact (4-byte aligned) size.
  return bucket <= maxBytes ? bucket : Math.ceil(b / 4) * 4;
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private readonly stats: PoolStats = { liveBuffers: 0, liveBytes: 0, pooledBuffers: 0, pooledBytes: 0 };

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: GPUBufferUsageFlags,
    private readonly maxBytes: number,
    /** Beyond this many idle bytes, released buffers are destroyed instead of kept. */
    private readonly maxPooledBytes: number,
  ) {}

  acquire(bytes: number): GPUBuffer {
    if (bytes > this.maxBytes) {
      throw new Error(`webgpu backend: a ${bytes}-byte buffer exceeds the device limit of ${this.maxBytes} bytes`);
    }
    const size = bucketSize(bytes, this.maxBytes);
    const reused = this.free.get(size)?.pop();
    if (reused) {
      this.stats.pooledBuffers--;
      this.stats.pooledBytes -= size;
    }
    this.stats.liveBuffers++;
    this.stats.liveBytes += size;
    return reused ?? this.device.createBuffer({ size, usage: this.usage });
  }

  release(buffer: GPUBuffer): void {
    const size = buffer.size;
    this.stats.liveBuffers--;
    this.stats.liveBytes -= size;
    if (this.stats.pooledBytes + size > this.maxPooledBytes) {
      buffer.destroy();
      return;
    }
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(buffer);
    this.stats.pooledBuffers++;
    this.stats.pooledBytes += size;
  }

  snapshot(): PoolStats {
    return { ...this.stats };
  }
}
