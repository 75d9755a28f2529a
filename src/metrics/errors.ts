// Pixel-error metrics per frame: MSE and MAE, each as a differentiable tensor of per-frame scores (shape of the
// leading dims) and as an async number averaged over every frame. With reduction 'sum', MSE is the Moving MNIST
// literature's "per-frame MSE" (the squared error summed over the 64x64 pixels, then averaged over frames and
// sequences; convlstm.md §10), MAE likewise.

import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { type FrameErrorOptions, averaged, checkPair } from './frames.js';

function frameError(metric: string, pred: Tensor, target: Tensor, options: FrameErrorOptions, pixel: (d: Tensor) => Tensor): Tensor {
  checkPair(metric, pred, target);
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum') throw new Error(`${metric}: reduction must be 'mean' or 'sum', got '${String(reduction)}'`);
  return tidy(() => {
    const errors = pixel(pred.sub(target));
    const dims = [-3, -2, -1];
    return reduction === 'sum' ? errors.sum({ dim: dims }) : errors.mean({ dim: dims });
  });
}

/** Squared error per frame: [..., C, H, W] -> [...]. */
export const mseFrames = (pred: Tensor, target: Tensor, options: FrameErrorOptions = {}): Tensor => frameError('mseFrames', pred, target, options, (d) => d.square());

/** Absolute error per frame: [..., C, H, W] -> [...]. */
export const maeFrames = (pred: Tensor, target: Tensor, options: FrameErrorOptions = {}): Tensor => frameError('maeFrames', pred, target, options, (d) => d.abs());

/** Mean over all frames of mseFrames. */
export const mse = (pred: Tensor, target: Tensor, options: FrameErrorOptions = {}): Promise<number> => averaged(mseFrames(pred, target, options));

/** Mean over all frames of maeFrames. */
export const mae = (pred: Tensor, target: Tensor, options: FrameErrorOptions = {}): Promise<number> => averaged(maeFrames(pred, target, options));
