// conv1d / conv2d / conv3d (torch.nn.functional.conv*d: cross-correlation, NC[D]HW, groups, dilation, 'same'
// padding). 1-d and 2-d convolutions run on kernels: depthwise ones (groups == input channels) on the direct
// depthwise kernels after padding (depthwise.ts), the rest on the conv2d kernels, which pad implicitly
// (conv2d-kernels.ts); 1-d runs as 2-d of height 1. conv3d runs as one conv2d over every depth frame with the
// depth taps stacked as output channels (conv3d-frames.ts); each of its steps is a differentiable op.

import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { conv2dForward } from './conv2d-kernels.js';
import { conv3dFramesFirst } from './conv3d-frames.js';
import { depthwiseConv2d } from './depthwise.js';
import {
  type ConvPadding,
  type SidePadding,
  type SpatialArg,
  checkFloat,
  checkSameDtype,
  checkSpatialRank,
  convPadding,
  padSpatial,
  perDim,
} from './params.js';
import { windowCounts } from './unfold.js';

export interface ConvOptions {
  /** Step between windows, one per spatial dim or one for all (default 1). */
  readonly stride?: SpatialArg;
  /** Implicit zero padding (default 0); see ConvPadding for 'same', 'valid' and per-side pairs. */
  readonly padding?: ConvPadding;
  /** Spacing between kernel taps (default 1). */
  readonly dilation?: SpatialArg;
  /** Channel groups: input and output channels split into this many independent convolutions (default 1). */
  readonly groups?: number;
}

/** Checks the groups option against the channel counts (shared with the transposed convolution). */
export function checkGroups(op: string, groups: number, x: Tensor, weight: Tensor, channelsOut: number): void {
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`${op}: groups must be a positive integer, got ${groups}`);
  if (x.shape[1] % groups !== 0 || channelsOut % groups !== 0) {
    throw new Error(
      `${op}: input channels ${x.shape[1]} (input ${formatShape(x.shape)}) and output channels ${channelsOut} (weight ${formatShape(weight.shape)}) must both be divisible by groups ${groups}`,
    );
  }
}

/** Checks bias against the output channel count. */
export function checkBias(op: string, x: Tensor, bias: Tensor | undefined, channelsOut: number): void {
  if (!bias) return;
  checkSameDtype(op, 'bias', x, bias);
  if (bias.rank !== 1 || bias.shape[0] !== channelsOut) {
    throw new Error(`${op}: bias must have shape [${channelsOut}] (one per output channel), got ${formatShape(bias.shape)}`);
  }
}

/** Adds a per-channel bias to [N, C, ...spatial]. */
export function addBias(y: Tensor, bias: Tensor | undefined): Tensor {
  return bias ? y.add(bias.reshape([1, bias.shape[0], ...y.shape.slice(2).map(() => 1)])) : y;
}

/** groups == input channels on the padded input: the direct depthwise kernels, 1-d as a 2-d conv of height 1. */
function depthwise(op: string, d: number, padded: Tensor, weight: Tensor, stride: readonly number[], dilation: readonly number[]): Tensor {
  if (d === 2) return depthwiseConv2d(op, padded, weight, { stride: [stride[0], stride[1]], dilation: [dilation[0], dilation[1]] });
  return depthwiseConv2d(op, padded.unsqueeze(2), weight.unsqueeze(2), { stride: [1, stride[0]], dilation: [1, dilation[0]] }).squeeze(2);
}

/** Dense or grouped 1-d / 2-d convolution (bias included) on the conv2d kernels, 1-d as 2-d of height 1. */
function dense(op: string, d: number, x: Tensor, weight: Tensor, bias: Tensor | undefined, counts: readonly number[], groups: number, stride: readonly number[], dilation: readonly number[], padding: SidePadding): Tensor {
  if (d === 2) {
    const attrs = { stride: [stride[0], stride[1]], dilation: [dilation[0], dilation[1]], padding: [padding.before[0], padding.before[1]], groups } as const;
    return conv2dForward(op, x, weight, counts, attrs, bias);
  }
  const attrs = { stride: [1, stride[0]], dilation: [1, dilation[0]], padding: [0, padding.before[0]], groups } as const;
  return conv2dForward(op, x.unsqueeze(2), weight.unsqueeze(2), [1, counts[0]], attrs, bias).squeeze(2);
}

function convNd(op: string, d: number, input: Tensor, weight: Tensor, bias: Tensor | undefined, options: ConvOptions): Tensor {
  checkFloat(op, 'input', input);
  const unbatched = checkSpatialRank(op, 'input', input, d, true);
  const x = unbatched ? input.unsqueeze(0) : input;
  checkSameDtype(op, 'weight', x, weight);
  if (weight.rank !== d + 2) throw new Error(`${op}: weight must be ${d + 2}-d [out, in / groups, ...kernel], got ${formatShape(weight.shape)}`);
  const groups = options.groups ?? 1;
  const channelsOut = weight.shape[0];
  checkGroups(op, groups, x, weight, channelsOut);
  const perGroup = x.shape[1] / groups;
  if (weight.shape[1] !== perGroup) {
    throw new Error(`${op}: weight ${formatShape(weight.shape)} expects ${weight.shape[1]} input channels per group, but input ${formatShape(input.shape)} with groups ${groups} has ${perGroup}`);
  }
  checkBias(op, x, bias, channelsOut);
  const kernel = weight.shape.slice(2);
  if (kernel.some((k) => k < 1)) throw new Error(`${op}: weight ${formatShape(weight.shape)} has an empty kernel`);
  const stride = perDim(op, 'stride', options.stride ?? 1, d, 1);
  const dilation = perDim(op, 'dilation', options.dilation ?? 1, d, 1);
  const padding = convPadding(op, options.padding ?? 0, kernel, dilation, stride);
  const geometry = { kernel, stride, dilation };
  const padded = x.shape.slice(2).map((s, i) => s + padding.before[i] + padding.after[i]);
  const counts = windowCounts(padded, geometry);
  if (counts.some((c) => c < 1)) {
    throw new Error(`${op}: kernel ${formatShape(kernel)} with dilation [${dilation.join(', ')}] does not fit the padded input size [${padded.join(', ')}] (input ${formatShape(input.shape)})`);
  }

  if (d <= 2) {
    // A single input channel is a plain convolution with K = kernel taps: the GEMM beats the direct depthwise loop
    // once the channel multiplier is large (ConvLSTM's first layer: 1 -> 160 gate channels).
    const y = groups === x.shape[1] && groups > 1
      ? addBias(depthwise(op, d, padSpatial(x, padding), weight, stride, dilation), bias)
      : dense(op, d, x, weight, bias, counts, groups, stride, dilation, padding);
    return unbatched ? y.squeeze(0) : y;
  }
  const frames = conv3dFramesFirst(op, x.permute(0, 2, 1, 3, 4), weight, { stride, dilation, padding, counts, groups });
  const y = addBias(frames.permute(0, 2, 1, 3, 4), bias);
  return unbatched ? y.squeeze(0) : y;
}

/** torch.nn.functional.conv1d: input [N, Cin, L], weight [Cout, Cin / groups, k]. */
export const conv1d = (input: Tensor, weight: Tensor, bias?: Tensor, options: ConvOptions = {}): Tensor => convNd('conv1d', 1, input, weight, bias, options);
/** torch.nn.functional.conv2d: input [N, Cin, H, W], weight [Cout, Cin / groups, kH, kW]. */
export const conv2d = (input: Tensor, weight: Tensor, bias?: Tensor, options: ConvOptions = {}): Tensor => convNd('conv2d', 2, input, weight, bias, options);
/** torch.nn.functional.conv3d: input [N, Cin, D, H, W], weight [Cout, Cin / groups, kD, kH, kW]. */
export const conv3d = (input: Tensor, weight: Tensor, bias?: Tensor, options: ConvOptions = {}): Tensor => convNd('conv3d', 3, input, weight, bias, options);
