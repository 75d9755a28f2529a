// The Laplacian-pyramid L1 loss of IFRNet_ELAN / IFRVP (DMVFN's LapLoss, spec ifrnet.md §10.5): both images
// are split into band-pass levels with a 5x5 binomial blur (depthwise, reflect padding 2) and the L1 of the
// bands is summed over the levels. The final low-pass image is not compared.

import { stack } from '../../ops/cat.js';
import { pad } from '../../ops/pad.js';
import { conv2d } from '../../ops/spatial/conv.js';
import { tensor } from '../../tensor/creation.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair } from './reduction.js';

export interface LaplacianPyramidOptions {
  /** Number of band-pass levels (DMVFN's max_levels, default 5). H and W must be divisible by 2^levels. */
  readonly levels?: number;
  /**
   * 'mean' (default): the sum over levels of each band's mean |difference|, as LapLoss computes it; 'sum': the
   * sum over levels of each band's summed |difference|. The bands differ in size, so there is no 'none'.
   */
  readonly reduction?: 'mean' | 'sum';
}

const BINOMIAL = [1, 4, 6, 4, 1];

/** The depthwise [C, 1, 5, 5] blur kernel [1,4,6,4,1]^T [1,4,6,4,1] / 256, times `scale`. */
function blurKernel(like: Tensor, channels: number, scale: number): Tensor {
  const values = new Float64Array(channels * 25);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) values[c * 25 + i * 5 + j] = (scale * BINOMIAL[i] * BINOMIAL[j]) / 256;
  }
  return tensor(values, { shape: [channels, 1, 5, 5], dtype: like.dtype, backend: like.backend });
}

function blur(x: Tensor, kernel: Tensor): Tensor {
  return conv2d(pad(x, [2, 2, 2, 2], { mode: 'reflect' }), kernel, undefined, { groups: x.shape[1] });
}

/** Inserts zeros after every row and column: [N, C, h, w] -> [N, C, 2h, 2w] with x at the even positions. */
function zeroInterleave(x: Tensor): Tensor {
  const [n, c, h, w] = x.shape;
  const cols = stack([x, x.zerosLike()], 4).reshape([n, c, h, 2 * w]);
  return stack([cols, cols.zerosLike()], 3).reshape([n, c, 2 * h, 2 * w]);
}

/** The band-pass images of a Laplacian pyramid, finest first. */
export function laplacianPyramid(x: Tensor, levels: number): Tensor[] {
  const channels = x.shape[1];
  const kernel = blurKernel(x, channels, 1);
  const kernel4 = blurKernel(x, channels, 4);
  const bands: Tensor[] = [];
  let current = x;
  for (let level = 0; level < levels; level++) {
    const down = blur(current, kernel).slice(2, 0, undefined, 2).slice(3, 0, undefined, 2);
    bands.push(current.sub(blur(zeroInterleave(down), kernel4)));
    current = down;
  }
  return bands;
}

/** Sum over the pyramid levels of the L1 distance between the bands of input and target ([N, C, H, W]). */
export function laplacianPyramidLoss(input: Tensor, target: Tensor, options: LaplacianPyramidOptions = {}): Tensor {
  const name = 'laplacianPyramidLoss';
  checkPair(name, input, target);
  const levels = options.levels ?? 5;
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum') throw new Error(`${name}: unknown reduction '${String(reduction)}' (expected 'mean' or 'sum')`);
  if (!Number.isInteger(levels) || levels < 1) throw new Error(`${name}: levels must be a positive integer, got ${levels}`);
  const scale = 2 ** levels;
  if (input.rank !== 4 || input.shape[2] % scale !== 0 || input.shape[3] % scale !== 0 || input.shape[2] / scale < 2 || input.shape[3] / scale < 2) {
    throw new Error(`${name}: input ${formatShape(input.shape)} must be [N, C, H, W] with H and W multiples of 2^levels = ${scale}, at least ${2 * scale}`);
  }
  const a = laplacianPyramid(input, levels);
  const b = laplacianPyramid(target, levels);
  const terms = a.map((band, i) => {
    const d = band.sub(b[i]).abs();
    return reduction === 'mean' ? d.mean() : d.sum();
  });
  return terms.reduce((acc, t) => acc.add(t));
}
