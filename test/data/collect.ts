// Test helpers for the datasets: read an epoch's batches back as host arrays (disposing the tensors).

import type { Batch, ClipDataset } from '../../src/data/index.js';

export interface HostBatch {
  readonly inputShape: readonly number[];
  readonly targetShape: readonly number[];
  readonly input: Float32Array;
  readonly target: Float32Array;
  readonly indices: readonly number[];
}

async function toHost(batch: Batch): Promise<HostBatch> {
  const host = {
    inputShape: batch.input.shape,
    targetShape: batch.target.shape,
    input: Float32Array.from(await batch.input.data()),
    target: Float32Array.from(await batch.target.data()),
    indices: batch.indices,
  };
  batch.input.dispose();
  batch.target.dispose();
  return host;
}

/** Every batch of one epoch. */
export async function epochBatches(dataset: ClipDataset, epoch = 0): Promise<HostBatch[]> {
  const out: HostBatch[] = [];
  for await (const batch of dataset.batches(epoch)) out.push(await toHost(batch));
  return out;
}

/** The first batch of an epoch (stops the iterator after it). */
export async function firstBatch(dataset: ClipDataset, epoch = 0): Promise<HostBatch> {
  for await (const batch of dataset.batches(epoch)) return toHost(batch);
  throw new Error('dataset yielded no batch');
}

export const sameValues = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));
