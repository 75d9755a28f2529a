// gridSample (torch.nn.functional.grid_sample, 4-d input) and warp (IFRNet's backward warp by a dense pixel flow).
// Sampling coordinates are computed with ops, so they stay differentiable w.r.t. the grid or flow; corner indices
// are floor'd under noGrad and fetched with `gather` over the flattened plane, and each tap's bilinear weight
// carries the coordinate gradient. Padding modes follow PyTorch's grid_sampler_compute_source_index, including its
// gradient convention: a clipped coordinate (at or beyond the border) passes no gradient. gather's gradient is a
// scatter-add (atomic, linear-time on webgpu).

import { noGrad } from '../../autograd/grad-mode.js';
import { arange } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { ge, gt, le, lt } from '../compare.js';
import { gather } from '../index-ops.js';
import { where } from '../where.js';
import { checkFloat, checkSameDtype } from './params.js';

export type GridSampleMode = 'bilinear' | 'nearest';
export type GridSamplePadding = 'zeros' | 'border' | 'reflection';

export interface GridSampleOptions {
  /** Default 'bilinear'. 'nearest' rounds half to even and passes no gradient to the grid. */
  readonly mode?: GridSampleMode;
  /** What taps outside the input read: 'zeros' (default), the clamped 'border', or the 'reflection' about the edges. */
  readonly paddingMode?: GridSamplePadding;
  /** -1 and 1 are the centres of the corner pixels (true) or the outer edges of the corner pixels (false, default). */
  readonly alignCorners?: boolean;
}

/** Clamps to [0, size - 1]; the gradient passes only strictly inside, as PyTorch's clip_coordinates_set_grad. */
function clipCoordinates(coord: Tensor, size: number): Tensor {
  const inside = noGrad(() => gt(coord, 0).mul(lt(coord, size - 1)));
  return where(inside, coord, coord.detach().clamp(0, size - 1));
}

/** PyTorch's reflect_coordinates: reflects into [twiceLow / 2, twiceHigh / 2], with its gradient signs. */
function reflectCoordinates(coord: Tensor, twiceLow: number, twiceHigh: number): Tensor {
  if (twiceLow === twiceHigh) return noGrad(() => coord.mul(0));
  const low = twiceLow / 2;
  const span = (twiceHigh - twiceLow) / 2;
  const shifted = coord.sub(low);
  const distance = where(noGrad(() => lt(shifted, 0)), shifted.neg(), shifted);
  const flips = noGrad(() => distance.div(span).floor());
  const extra = distance.sub(flips.mul(span));
  const odd = noGrad(() => flips.sub(flips.div(2).floor().mul(2)));
  return where(odd, extra.neg().add(span + low), extra.add(low));
}

/** PyTorch's grid_sampler_compute_source_index: normalised grid values to pixel coordinates, then padding. */
function sourceIndex(g: Tensor, size: number, padding: GridSamplePadding, alignCorners: boolean): Tensor {
  const coord = alignCorners ? g.add(1).mul((size - 1) / 2) : g.add(1).mul(size / 2).sub(0.5);
  if (padding === 'border') return clipCoordinates(coord, size);
  if (padding === 'reflection') {
    const reflected = alignCorners ? reflectCoordinates(coord, 0, 2 * (size - 1)) : reflectCoordinates(coord, -1, 2 * size - 1);
    return clipCoordinates(reflected, size);
  }
  return coord;
}

/** Samples x [N, C, H, W] at pixel coordinates ix, iy [N, Ho, Wo]; taps outside the input read 0. */
function sample(x: Tensor, ix: Tensor, iy: Tensor, mode: GridSampleMode): Tensor {
  const [n, c, h, w] = x.shape;
  const [, ho, wo] = ix.shape;
  const plane = x.reshape([n, c, h * w]);
  // One tap at integral coordinates (xi, yi), scaled by `weight` (null: 1).
  const tap = (xi: Tensor, yi: Tensor, weight: Tensor | null): Tensor => {
    const { index, valid } = noGrad(() => ({
      index: yi.clamp(0, h - 1).mul(w).add(xi.clamp(0, w - 1)).to('int32').reshape([n, 1, ho * wo]).expand([n, c, ho * wo]),
      valid: ge(xi, 0).mul(le(xi, w - 1)).mul(ge(yi, 0)).mul(le(yi, h - 1)),
    }));
    const scale = weight ? weight.mul(valid) : valid;
    return gather(plane, 2, index).mul(scale.reshape([n, 1, ho * wo]));
  };
  if (mode === 'nearest') {
    const [xi, yi] = noGrad(() => [ix.round(), iy.round()]);
    return tap(xi, yi, null).reshape([n, c, ho, wo]);
  }
  const [x0, y0] = noGrad(() => [ix.floor(), iy.floor()]);
  const [x1, y1] = noGrad(() => [x0.add(1), y0.add(1)]);
  const tx = ix.sub(x0);
  const ty = iy.sub(y0);
  const sx = tx.neg().add(1);
  const sy = ty.neg().add(1);
  const y = tap(x0, y0, sx.mul(sy)).add(tap(x1, y0, tx.mul(sy))).add(tap(x0, y1, sx.mul(ty))).add(tap(x1, y1, tx.mul(ty)));
  return y.reshape([n, c, ho, wo]);
}

/** torch.nn.functional.grid_sample: input [N, C, H, W], grid [N, Hout, Wout, 2] of (x, y) in [-1, 1]. */
export function gridSample(input: Tensor, grid: Tensor, options: GridSampleOptions = {}): Tensor {
  const op = 'gridSample';
  checkFloat(op, 'input', input);
  checkSameDtype(op, 'grid', input, grid);
  if (input.rank !== 4) throw new Error(`${op}: input must be 4-d [N, C, H, W], got ${formatShape(input.shape)}`);
  if (grid.rank !== 4 || grid.shape[3] !== 2 || grid.shape[0] !== input.shape[0]) {
    throw new Error(`${op}: grid must be [${input.shape[0]}, Hout, Wout, 2] for input ${formatShape(input.shape)}, got ${formatShape(grid.shape)}`);
  }
  const mode = options.mode ?? 'bilinear';
  const padding = options.paddingMode ?? 'zeros';
  if (mode !== 'bilinear' && mode !== 'nearest') throw new Error(`${op}: unknown mode '${String(mode)}'`);
  if (!['zeros', 'border', 'reflection'].includes(padding)) throw new Error(`${op}: unknown paddingMode '${String(padding)}'`);
  const [n, , h, w] = input.shape;
  const [, ho, wo] = grid.shape;
  const alignCorners = options.alignCorners ?? false;
  const ix = sourceIndex(grid.narrow(3, 0, 1).reshape([n, ho, wo]), w, padding, alignCorners);
  const iy = sourceIndex(grid.narrow(3, 1, 1).reshape([n, ho, wo]), h, padding, alignCorners);
  return sample(input, ix, iy, mode);
}

/**
 * IFRNet's backward warp: out(y, x) = bilinear(image, x + flow[0](y, x), y + flow[1](y, x)) with border padding,
 * i.e. grid_sample(align_corners=True, padding_mode='border') on the grid linspace(-1, 1) + flow / ((size - 1) / 2).
 * The pixel coordinates are used directly (no round trip through [-1, 1]), which also makes size-1 dims well defined.
 */
export function warp(image: Tensor, flow: Tensor): Tensor {
  const op = 'warp';
  checkFloat(op, 'image', image);
  checkSameDtype(op, 'flow', image, flow);
  if (image.rank !== 4) throw new Error(`${op}: image must be 4-d [N, C, H, W], got ${formatShape(image.shape)}`);
  const [n, , h, w] = image.shape;
  if (flow.rank !== 4 || flow.shape[0] !== n || flow.shape[1] !== 2 || flow.shape[2] !== h || flow.shape[3] !== w) {
    throw new Error(`${op}: flow must be [${n}, 2, ${h}, ${w}] for image ${formatShape(image.shape)}, got ${formatShape(flow.shape)}`);
  }
  const like = { dtype: image.dtype, backend: image.backend };
  const ix = flow.narrow(1, 0, 1).reshape([n, h, w]).add(arange(0, w, 1, like).reshape([1, 1, w]));
  const iy = flow.narrow(1, 1, 1).reshape([n, h, w]).add(arange(0, h, 1, like).reshape([1, h, 1]));
  return sample(image, clipCoordinates(ix, w), clipCoordinates(iy, h), 'bilinear');
}
