// SSIM per frame (Wang et al. 2004): local statistics under an 11x11 Gaussian window (sigma 1.5), computed per
// channel over the "valid" region (no padding, as Wang's reference code), C1 = (0.01 L)^2, C2 = (0.03 L)^2,
// averaged over the SSIM map and the channels. The window is separable, so it runs as a column then a row
// convolution. Differentiable, so 1 - SSIM can serve as a loss.

import { cat } from '../ops/cat.js';
import { conv2d } from '../ops/spatial/conv.js';
import { tensor } from '../tensor/creation.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { averaged, checkPair, frameDims } from './frames.js';

export interface SsimOptions {
  /** Peak-to-peak range of the values (L). Default 1. */
  readonly dataRange?: number;
  /** Window side, odd. Default 11. */
  readonly windowSize?: number;
  /** Gaussian standard deviation. Default 1.5. */
  readonly sigma?: number;
  /** Default 0.01. */
  readonly k1?: number;
  /** Default 0.03. */
  readonly k2?: number;
}

/** The normalised 1-d Gaussian whose outer product with itself is the SSIM window. */
export function gaussianWindow(size: number, sigma: number): Float64Array {
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0) throw new Error(`gaussianWindow: size must be a positive odd integer, got ${size}`);
  if (!(sigma > 0)) throw new Error(`gaussianWindow: sigma must be positive, got ${sigma}`);
  const half = (size - 1) / 2;
  const g = Float64Array.from({ length: size }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const total = g.reduce((a, b) => a + b, 0);
  return g.map((v) => v / total);
}

/** SSIM per frame: [..., C, H, W] -> [...]; H and W must be at least windowSize. */
export function ssimFrames(pred: Tensor, target: Tensor, options: SsimOptions = {}): Tensor {
  checkPair('ssimFrames', pred, target);
  const size = options.windowSize ?? 11;
  const range = options.dataRange ?? 1;
  const c1 = ((options.k1 ?? 0.01) * range) ** 2;
  const c2 = ((options.k2 ?? 0.03) * range) ** 2;
  const g = gaussianWindow(size, options.sigma ?? 1.5);
  const [height, width] = pred.shape.slice(-2);
  if (height < size || width < size) throw new Error(`ssimFrames: frames of ${height}x${width} are smaller than the ${size}x${size} window`);
  const lead = frameDims(pred);
  return tidy(() => {
    const planes = (x: Tensor): Tensor => x.reshape([-1, 1, height, width]);
    const x = planes(pred);
    const y = planes(target);
    const n = x.shape[0];
    const constant = { dtype: pred.dtype, backend: pred.backend } as const;
    const column = tensor(g, { ...constant, shape: [1, 1, size, 1] });
    const row = tensor(g, { ...constant, shape: [1, 1, 1, size] });
    const blurred = conv2d(conv2d(cat([x, y, x.square(), y.square(), x.mul(y)], 0), column), row);
    const [muX, muY, xx, yy, xy] = [0, 1, 2, 3, 4].map((k) => blurred.narrow(0, k * n, n));
    const muXY = muX.mul(muY);
    const muXX = muX.square();
    const muYY = muY.square();
    const numerator = muXY.mul(2).add(c1).mul(xy.sub(muXY).mul(2).add(c2));
    const denominator = muXX.add(muYY).add(c1).mul(xx.sub(muXX).add(yy.sub(muYY)).add(c2));
    return numerator.div(denominator).reshape([...lead, -1]).mean({ dim: -1 });
  });
}

/** Mean SSIM over all frames. */
export const ssim = (pred: Tensor, target: Tensor, options: SsimOptions = {}): Promise<number> => averaged(ssimFrames(pred, target, options));
