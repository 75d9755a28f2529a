// Reuse of released cpu storage. A large typed array costs far more to allocate than to clear: the allocator maps
// fresh pages, the first write faults each of them in, and the garbage collector later unmaps them. A training
// step allocates and releases the same sizes every step, so released arrays of at least MIN_POOLED_ELEMENTS are
// kept by dtype and length (up to MAX_POOLED_BYTES in all) and handed out again, cleared to zero like new ones.
// Only storage whose owners are all gone is released (reads hand out copies), so reuse cannot alias live data.

import type { DType, TypedArray } from '../types.js';
import { typedArrayFor } from '../types.js';

/** Below this, V8's young-generation allocation is cheaper than a pool lookup. */
const MIN_POOLED_ELEMENTS = 4096;
const MAX_POOLED_BYTES = 512 * 1024 * 1024;

const free = new Map<string, TypedArray[]>();
export const arrayPoolStats = { pooledBuffers: 0, pooledBytes: 0 };

function keyOf(dtype: DType, length: number): string {
  return `${dtype}:${length}`;
}

/**
 * A zero-filled array, reused from the pool when one of this dtype and length is there. `cleared: false` skips
 * clearing a reused one, for callers that write every element themselves.
 */
export function takeArray(dtype: DType, length: number, cleared = true): TypedArray {
  if (length >= MIN_POOLED_ELEMENTS) {
    const reused = free.get(keyOf(dtype, length))?.pop();
    if (reused !== undefined) {
      arrayPoolStats.pooledBuffers--;
      arrayPoolStats.pooledBytes -= reused.byteLength;
      return cleared ? reused.fill(0) : reused;
    }
  }
  return typedArrayFor(dtype, length);
}

/** Keeps a released array for reuse if it is large enough and the pool has room; otherwise leaves it to GC. */
export function giveBackArray(dtype: DType, values: TypedArray): void {
  if (values.length < MIN_POOLED_ELEMENTS || arrayPoolStats.pooledBytes + values.byteLength > MAX_POOLED_BYTES) return;
  const key = keyOf(dtype, values.length);
  const list = free.get(key);
  if (list) list.push(values);
  else free.set(key, [values]);
  arrayPoolStats.pooledBuffers++;
  arrayPoolStats.pooledBytes += values.byteLength;
}
