// convTranspose1d / 2d / 3d (torch.nn.functional.conv_transpose*d), the adjoint of convolution. 1-d and 2-d run
// on the conv2d input-gradient kernel (1-d as 2-d of height 1), which is exactly that adjoint with PyTorch's
// `padding` as the convolution's padding and the output size named. 3-d takes one batched matmul of the
// transposed weight with the input, giving every input pixel's k^3 contributions, and `fold` (col2im) scatters
// them to stride-spaced positions, cropping `padding`. Both are differentiable to any order. Output size is
// exactly PyTorch's (S - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1.

import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { matmul } from '../matmul.js';
import { addBias, checkBias, checkGroups } from './conv.js';
import { conv2dBackwardInput } from './conv2d-kernels.js';
import { type SpatialArg, checkFloat, checkSameDtype, checkSpatialRank, perDim, product } from './params.js';
import { fold } from './unfold.js';

export interface ConvTransposeOptions {
  /** Step between the input pixels' footprints in the output (default 1). */
  readonly stride?: SpatialArg;
  /** Crops this much from both sides of each output dim (default 0), as PyTorch's `padding`. */
  readonly padding?: SpatialArg;
  /** Extra size added to one side (the end) of each output dim; must be smaller than stride or dilation (default 0). */
  readonly outputPadding?: SpatialArg;
  /** Channel groups (default 1); weight is [Cin, Cout / groups, ...kernel]. */
  readonly groups?: number;
  /** Spacing between kernel taps (default 1). */
  readonly dilation?: SpatialArg;
}

function convTransposeNd(op: string, d: number, input: Tensor, weight: Tensor, bias: Tensor | undefined, options: ConvTransposeOptions): Tensor {
  checkFloat(op, 'input', input);
  const unbatched = checkSpatialRank(op, 'input', input, d, true);
  const x = unbatched ? input.unsqueeze(0) : input;
  checkSameDtype(op, 'weight', x, weight);
  if (weight.rank !== d + 2) throw new Error(`${op}: weight must be ${d + 2}-d [in, out / groups, ...kernel], got ${formatShape(weight.shape)}`);
  const groups = options.groups ?? 1;
  const channelsIn = x.shape[1];
  if (weight.shape[0] !== channelsIn) {
    throw new Error(`${op}: weight ${formatShape(weight.shape)} expects ${weight.shape[0]} input channels, but input ${formatShape(input.shape)} has ${channelsIn}`);
  }
  checkGroups(op, groups, x, weight, weight.shape[1] * groups);
  const channelsOut = weight.shape[1] * groups;
  checkBias(op, x, bias, channelsOut);
  const kernel = weight.shape.slice(2);
  if (kernel.some((k) => k < 1)) throw new Error(`${op}: weight ${formatShape(weight.shape)} has an empty kernel`);
  const stride = perDim(op, 'stride', options.stride ?? 1, d, 1);
  const dilation = perDim(op, 'dilation', options.dilation ?? 1, d, 1);
  const padding = perDim(op, 'padding', options.padding ?? 0, d, 0);
  const outputPadding = perDim(op, 'outputPadding', options.outputPadding ?? 0, d, 0);
  outputPadding.forEach((p, i) => {
    if (p >= stride[i] && p >= dilation[i]) {
      throw new Error(`${op}: outputPadding [${outputPadding.join(', ')}] must be smaller than stride [${stride.join(', ')}] or dilation [${dilation.join(', ')}]`);
    }
  });
  const size = x.shape.slice(2);
  const outSize = size.map((s, i) => (s - 1) * stride[i] - 2 * padding[i] + dilation[i] * (kernel[i] - 1) + outputPadding[i] + 1);
  if (outSize.some((o) => o < 1)) throw new Error(`${op}: output size [${outSize.join(', ')}] is too small for input ${formatShape(input.shape)}, weight ${formatShape(weight.shape)} and padding [${padding.join(', ')}]`);

  const n = x.shape[0];
  if (d <= 2) {
    const attrs = d === 2
      ? { stride: [stride[0], stride[1]], dilation: [dilation[0], dilation[1]], padding: [padding[0], padding[1]], groups } as const
      : { stride: [1, stride[0]], dilation: [1, dilation[0]], padding: [0, padding[0]], groups } as const;
    const planar = d === 2 ? outSize : [1, outSize[0]];
    const y = conv2dBackwardInput(op, d === 2 ? x : x.unsqueeze(2), d === 2 ? weight : weight.unsqueeze(2), [n, channelsOut, ...planar], attrs);
    const out = addBias(d === 2 ? y : y.squeeze(2), bias);
    return unbatched ? out.squeeze(0) : out;
  }
  const perGroupIn = channelsIn / groups;
  const taps = weight.shape[1] * product(kernel);
  const w = weight.reshape([groups, perGroupIn, taps]).transpose(1, 2);
  const cols = matmul(w, x.reshape([n, groups, perGroupIn, product(size)])).reshape([n, channelsOut, ...kernel, ...size]);
  const y = addBias(fold(cols, outSize, { kernel, stride, dilation }, padding), bias);
  return unbatched ? y.squeeze(0) : y;
}

/** torch.nn.functional.conv_transpose1d: input [N, Cin, L], weight [Cin, Cout / groups, k]. */
export const convTranspose1d = (input: Tensor, weight: Tensor, bias?: Tensor, options: ConvTransposeOptions = {}): Tensor =>
  convTransposeNd('convTranspose1d', 1, input, weight, bias, options);
/** torch.nn.functional.conv_transpose2d: input [N, Cin, H, W], weight [Cin, Cout / groups, kH, kW]. */
export const convTranspose2d = (input: Tensor, weight: Tensor, bias?: Tensor, options: ConvTransposeOptions = {}): Tensor =>
  convTransposeNd('convTranspose2d', 2, input, weight, bias, options);
/** torch.nn.functional.conv_transpose3d: input [N, Cin, D, H, W], weight [Cin, Cout / groups, kD, kH, kW]. */
export const convTranspose3d = (input: Tensor, weight: Tensor, bias?: Tensor, options: ConvTransposeOptions = {}): Tensor =>
  convTransposeNd('convTranspose3d', 3, input, weight, bias, options);
