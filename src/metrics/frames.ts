// Shared plumbing of the metrics: every metric is computed per frame, a frame being the last three dims
// [C, H, W] of its inputs (so [B, T, C, H, W] gives a [B, T] tensor of scores, [N, C, H, W] gives [N]), and the
// async readers that turn such a tensor into the numbers a report prints.

import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** How a frame's per-pixel errors combine: 'mean' over C*H*W, or 'sum' (the Moving MNIST literature's "per-frame MSE"). */
export type PixelReduction = 'mean' | 'sum';

export interface FrameErrorOptions {
  /** Default 'mean'. */
  readonly reduction?: PixelReduction;
}

/** Checks that pred and target have the same shape of rank >= 3 and a float dtype; throws naming the metric. */
export function checkPair(metric: string, pred: Tensor, target: Tensor): void {
  if (pred.rank < 3) throw new Error(`${metric}: inputs must be [..., C, H, W] (rank >= 3), got ${formatShape(pred.shape)}`);
  if (!shapesEqual(pred.shape, target.shape)) throw new Error(`${metric}: prediction ${formatShape(pred.shape)} and target ${formatShape(target.shape)} differ in shape`);
  if (pred.dtype === 'int32' || target.dtype === 'int32') throw new Error(`${metric}: inputs must be float tensors, got ${pred.dtype} and ${target.dtype}`);
}

/** The leading (frame-indexing) dims of a [..., C, H, W] tensor. */
export const frameDims = (x: Tensor): number[] => x.shape.slice(0, -3);

/** Per time step of a [B, T] score tensor, averaged over the batch: T numbers (e.g. the error curve over the horizon). */
export async function meanPerStep(scores: Tensor): Promise<number[]> {
  if (scores.rank !== 2) throw new Error(`meanPerStep: expected per-frame scores of shape [B, T], got ${formatShape(scores.shape)}`);
  const m = scores.mean({ dim: 0 });
  const values = Array.from(await m.data());
  m.dispose();
  return values;
}

/** The mean of per-frame scores over every frame, as a number; disposes the scores. */
export async function averaged(scores: Tensor): Promise<number> {
  const m = scores.mean();
  try {
    return (await m.data())[0];
  } finally {
    m.dispose();
    scores.dispose();
  }
}
