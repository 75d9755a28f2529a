// Test helpers for checkpoints: the raw little-endian bytes of a stored entry, the exact thing to compare.

import { Int64Tensor, type Tensor } from '../../src/index.js';

/** Bytes of an Int64Tensor or a cpu tensor (read synchronously). */
export function rawBytes(entry: Tensor | Int64Tensor): Uint8Array {
  const values = entry instanceof Int64Tensor ? entry.values : entry.dataSync();
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Bytes of any entry, reading a tensor on any backend. */
export async function rawBytesAsync(entry: Tensor | Int64Tensor): Promise<Uint8Array> {
  const values = entry instanceof Int64Tensor ? entry.values : await entry.data();
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
