// PSNR per frame, as IFRNet evaluates it (ifrnet.md §13): -10 log10(mean squared error) for values in [0, 1]
// (generally 10 log10(dataRange^2 / MSE)), computed per image and then averaged over frames; identical frames give
// +Infinity.

import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { mseFrames } from './errors.js';
import { averaged } from './frames.js';

export interface PsnrOptions {
  /** Peak-to-peak range of the values. Default 1. */
  readonly dataRange?: number;
}

/** PSNR in dB per frame: [..., C, H, W] -> [...]. */
export function psnrFrames(pred: Tensor, target: Tensor, options: PsnrOptions = {}): Tensor {
  const range = options.dataRange ?? 1;
  if (!(range > 0)) throw new Error(`psnrFrames: dataRange must be positive, got ${range}`);
  return tidy(() => mseFrames(pred, target).log().mul(-10 / Math.LN10).add(20 * Math.log10(range)));
}

/** Mean PSNR over all frames (of the per-frame values, as the benchmarks report it). */
export const psnr = (pred: Tensor, target: Tensor, options: PsnrOptions = {}): Promise<number> => averaged(psnrFrames(pred, target, options));
