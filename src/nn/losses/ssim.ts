// Structural similarity (Wang et al. 2004) as a differentiable loss: local means, variances and covariance
// under an 11x11 Gaussian window (sigma 1.5) per channel, with C1 = (0.01 L)^2 and C2 = (0.03 L)^2 for data
// range L. The five windowed statistics run as one depthwise convolution of the stacked maps.

import { cat } from '../../ops/cat.js';
import { pad } from '../../ops/pad.js';
import { conv2d } from '../../ops/spatial/conv.js';
import { tensor } from '../../tensor/creation.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, reduceLoss, type ReductionOptions } from './reduction.js';

export interface SsimOptions extends ReductionOptions {
  /** Side of the Gaussian window (default 11). */
  readonly windowSize?: number;
  /** Standard deviation of the Gaussian window (default 1.5). */
  readonly sigma?: number;
  /** Value range L of the images (default 1). */
  readonly dataRange?: number;
  /** C1 = (k1 L)^2 (default 0.01). */
  readonly k1?: number;
  /** C2 = (k2 L)^2 (default 0.03). */
  readonly k2?: number;
  /**
   * How the window meets the border: 'valid' (default: windows inside the image only, as Wang et al.'s code
   * and pytorch_msssim), 'zeros' (zero padding windowSize/2, as pytorch-ssim) or 'replicate' (edge padding
   * windowSize/2, as the RIFE/IFRNet metric).
   */
  readonly padding?: 'valid' | 'zeros' | 'replicate';
}

/** The normalised 2-d Gaussian window as a depthwise [channels, 1, k, k] kernel. */
function gaussianWindow(like: Tensor, channels: number, size: number, sigma: number): Tensor {
  const g = Array.from({ length: size }, (_, i) => Math.exp(-((i - Math.floor(size / 2)) ** 2) / (2 * sigma * sigma)));
  const total = g.reduce((a, b) => a + b, 0);
  const values = new Float64Array(channels * size * size);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) values[(c * size + i) * size + j] = (g[i] * g[j]) / (total * total);
  }
  return tensor(values, { shape: [channels, 1, size, size], dtype: like.dtype, backend: like.backend });
}

/** The SSIM map of two [N, C, H, W] images. */
function ssimMap(name: string, input: Tensor, target: Tensor, options: SsimOptions): Tensor {
  checkPair(name, input, target);
  const size = options.windowSize ?? 11;
  const sigma = options.sigma ?? 1.5;
  const range = options.dataRange ?? 1;
  const padding = options.padding ?? 'valid';
  if (!Number.isInteger(size) || size < 1 || !(sigma > 0)) throw new Error(`${name}: windowSize must be a positive integer and sigma positive, got ${size} and ${sigma}`);
  const minSide = padding === 'valid' ? size : 1;
  if (input.rank !== 4 || input.shape[2] < minSide || input.shape[3] < minSide) {
    throw new Error(`${name}: input ${formatShape(input.shape)} must be [N, C, H, W] with H and W at least ${minSide} for padding '${padding}'`);
  }
  const c1 = ((options.k1 ?? 0.01) * range) ** 2;
  const c2 = ((options.k2 ?? 0.03) * range) ** 2;
  const channels = input.shape[1];
  let maps = cat([input, target, input.square(), target.square(), input.mul(target)], 1);
  const half = Math.floor(size / 2);
  if (padding === 'replicate') maps = pad(maps, [half, half, half, half], { mode: 'replicate' });
  const window = gaussianWindow(input, 5 * channels, size, sigma);
  const stats = conv2d(maps, window, undefined, { groups: 5 * channels, padding: padding === 'zeros' ? half : 0 });
  const [mu1, mu2, xx, yy, xy] = stats.chunk(5, 1);
  const mu12 = mu1.mul(mu2);
  const mu1Sq = mu1.square();
  const mu2Sq = mu2.square();
  const numerator = mu12.mul(2).add(c1).mul(xy.sub(mu12).mul(2).add(c2));
  const denominator = mu1Sq.add(mu2Sq).add(c1).mul(xx.sub(mu1Sq).add(yy.sub(mu2Sq)).add(c2));
  return numerator.div(denominator);
}

/** SSIM of two [N, C, H, W] images: 'mean' (default) averages the SSIM map, 'sum' sums it, 'none' returns it. */
export function ssim(input: Tensor, target: Tensor, options: SsimOptions = {}): Tensor {
  return reduceLoss(ssimMap('ssim', input, target, options), options.reduction, 'ssim');
}

/** The loss 1 - SSIM, reduced as ssim is (so 'mean' gives 1 - ssim(input, target)). */
export function ssimLoss(input: Tensor, target: Tensor, options: SsimOptions = {}): Tensor {
  return reduceLoss(ssimMap('ssimLoss', input, target, options).neg().add(1), options.reduction, 'ssimLoss');
}
