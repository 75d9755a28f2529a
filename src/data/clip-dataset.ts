// The epoch loop shared by every dataset: a finite, indexed set of examples turned into seeded, optionally
// shuffled batches of [batch, time, channels, height, width] float32 tensors, consumed as
// `for await (const batch of dataset.batches(epoch))`. Which clip comes where, and every random draw inside a clip,
// is a function of (seed, epoch, index) only, so two datasets built with the same config yield identical batches.

import type { Backend } from '../backends/backend.js';
import type { BackendName } from '../backends/types.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Clip, type ClipPair, clipShape, frameSize, sameShape } from './clip.js';
import { STREAM, generatorFor, permutation } from './seeds.js';

export type Split = 'train' | 'test';

/** Options common to every dataset. */
export interface LoaderOptions {
  /** Seeds the shuffling order, the augmentations and (train split of generated datasets) the clips. Default 0. */
  readonly seed?: number;
  /** Examples per batch; larger than the dataset is an error. Default 8. */
  readonly batchSize?: number;
  /** Reorder the examples every epoch. Default true for the train split, false for the test split. */
  readonly shuffle?: boolean;
  /** Leave out the last batch when it is smaller than batchSize. Default false. */
  readonly dropLast?: boolean;
  /** Backend the batch tensors are created on. Default: the current default backend. */
  readonly backend?: BackendName | Backend;
}

/** One batch: input and target are [B, T, C, H, W] float32; indices are the examples it holds, in order. */
export interface Batch {
  readonly input: Tensor;
  readonly target: Tensor;
  readonly indices: readonly number[];
}

/** Produces example `index` of an epoch (its own random draws seeded from both). */
export type ExampleReader = (index: number, epoch: number) => ClipPair | Promise<ClipPair>;

export class ClipDataset {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private readonly seed: number;
  private readonly backend: BackendName | Backend | undefined;

  /** `name` prefixes every error message; `length` is the number of examples per epoch. */
  constructor(readonly name: string, readonly length: number, private readonly read: ExampleReader, options: LoaderOptions, split: Split) {
    this.seed = options.seed ?? 0;
    this.batchSize = options.batchSize ?? 8;
    this.shuffle = options.shuffle ?? split === 'train';
    this.dropLast = options.dropLast ?? false;
    this.backend = options.backend;
    if (!Number.isInteger(length) || length < 1) throw new Error(`${name}: the dataset must hold at least one example, got ${length}`);
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error(`${name}: batchSize must be a positive integer, got ${this.batchSize}`);
    if (this.batchSize > length) throw new Error(`${name}: batchSize ${this.batchSize} is larger than the dataset (${length} examples)`);
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    return this.dropLast ? Math.floor(this.length / this.batchSize) : Math.ceil(this.length / this.batchSize);
  }

  /** The order examples are visited in during an epoch. */
  order(epoch: number): number[] {
    if (!this.shuffle) return Array.from({ length: this.length }, (_, i) => i);
    return permutation(this.length, generatorFor(this.seed, STREAM.shuffle, epoch));
  }

  /** One example as host clips, exactly as it appears in that epoch's batch. */
  async example(index: number, epoch = 0): Promise<ClipPair> {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) throw new Error(`${this.name}: example ${index} is outside [0, ${this.length})`);
    return this.read(index, epoch);
  }

  /** The batches of one epoch; each batch's tensors belong to the caller (dispose them, or run inside tidy). */
  async *batches(epoch = 0): AsyncGenerator<Batch> {
    if (!Number.isInteger(epoch) || epoch < 0) throw new Error(`${this.name}: epoch must be a non-negative integer, got ${epoch}`);
    const order = this.order(epoch);
    for (let b = 0; b < this.batchesPerEpoch; b++) {
      const indices = order.slice(b * this.batchSize, (b + 1) * this.batchSize);
      const examples = await Promise.all(indices.map((i) => this.read(i, epoch)));
      yield {
        input: this.stack(examples.map((e) => e.input), indices, 'input'),
        target: this.stack(examples.map((e) => e.target), indices, 'target'),
        indices,
      };
    }
  }

  private stack(clips: readonly Clip[], indices: readonly number[], part: string): Tensor {
    const first = clips[0];
    const size = first.frames * frameSize(first);
    const data = new Float32Array(clips.length * size);
    clips.forEach((clip, k) => {
      if (!sameShape(clip, first)) {
        throw new Error(`${this.name}: example ${indices[k]} has ${part} shape ${clipShape(clip)}, but example ${indices[0]} has ${clipShape(first)}`);
      }
      data.set(clip.data, k * size);
    });
    return tensor(data, { shape: [clips.length, first.frames, first.channels, first.height, first.width], dtype: 'float32', backend: this.backend });
  }
}
