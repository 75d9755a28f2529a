// conv3d on frames-first input [N, D, C, H, W] (framegrad's video layout) as one conv2d over all N x D frames:
// the weight's kd depth taps are stacked as extra output channels, so each frame is convolved with every tap
// at once, and output frame t then sums, over taps a, the tap-a channels of input frame t * sd + a * dd - pad.
// Taps that land in the depth padding contribute nothing and are never computed. Compared with unfolding the
// windows (C * kd * kh * kw copies of the input: 553 MB for the ConvLSTM benchmark's head) the only large
// intermediate is the stacked output, kd times the output's size, and the GEMM work is the dense conv's.

import type { Tensor } from '../../tensor/tensor.js';
import { zeros } from '../../tensor/creation.js';
import { conv2dForward } from './conv2d-kernels.js';
import { type SidePadding, indexTensor } from './params.js';

/** A conv3d's checked geometry: per-dim [depth, height, width] stride, dilation, padding and output size. */
export interface Conv3dGeometry {
  readonly stride: readonly number[];
  readonly dilation: readonly number[];
  readonly padding: SidePadding;
  readonly counts: readonly number[];
  readonly groups: number;
}

/**
 * x [N, D, C, H, W] with weight [Co, C / groups, kd, kh, kw] -> [N, Do, Co, Ho, Wo] (no bias). The caller has
 * checked the shapes and geometry.
 */
export function conv3dFramesFirst(op: string, x: Tensor, weight: Tensor, g: Conv3dGeometry): Tensor {
  const [n, depth, channels, height, width] = x.shape;
  const [channelsOut, perGroup, kd, kh, kw] = weight.shape;
  const [outDepth, outHeight, outWidth] = g.counts;
  const perGroupOut = channelsOut / g.groups;
  // Output channels ordered [group, tap, channel] keep each group's channels contiguous, as conv2d's groups need.
  const stacked = weight
    .reshape([g.groups, perGroupOut, perGroup, kd, kh, kw])
    .permute(0, 3, 1, 2, 4, 5)
    .reshape([g.groups * kd * perGroupOut, perGroup, kh, kw]);
  const attrs = {
    stride: [g.stride[1], g.stride[2]],
    dilation: [g.dilation[1], g.dilation[2]],
    padding: [g.padding.before[1], g.padding.before[2]],
    groups: g.groups,
  } as const;
  const perFrame = conv2dForward(op, x.reshape([n * depth, channels, height, width]), stacked, [outHeight, outWidth], attrs)
    .reshape([n, depth, g.groups, kd, perGroupOut, outHeight, outWidth]);
  let y: Tensor | null = null;
  for (let a = 0; a < kd; a++) {
    const contribution = tapContribution(perFrame, a, depth, outDepth, g);
    if (contribution) y = y ? y.add(contribution) : contribution;
  }
  if (!y) return zeros([n, outDepth, channelsOut, outHeight, outWidth], { dtype: x.dtype, backend: x.backend });
  return y.reshape([n, outDepth, channelsOut, outHeight, outWidth]);
}

/**
 * Tap a's part of every output frame, [N, Do, G, 1, Co / G, Ho, Wo]: output frame t reads input frame
 * t * sd + a * dd - padBefore, or nothing (zero) where that frame is padding; null when every frame is padding.
 */
function tapContribution(perFrame: Tensor, a: number, depth: number, outDepth: number, g: Conv3dGeometry): Tensor | null {
  const offset = a * g.dilation[0] - g.padding.before[0];
  const step = g.stride[0];
  const frames: number[] = [];
  let first = -1;
  for (let t = 0; t < outDepth; t++) {
    const f = t * step + offset;
    if (f < 0 || f >= depth) continue;
    if (first < 0) first = t;
    frames.push(f);
  }
  if (frames.length === 0) return null;
  const tap = perFrame.narrow(3, a, 1);
  const picked = step === 1 ? tap.narrow(1, frames[0], frames.length) : tap.indexSelect(1, indexTensor(tap, frames));
  const after = outDepth - first - frames.length;
  if (first === 0 && after === 0) return picked;
  // Pad amounts run from the last dim back to dim 1 (the frames).
  return picked.pad([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, first, after]);
}
