// The one kernel contract both backends implement: every kernel's name, its inputs and its attributes.
// Ops (src/ops) validate arguments, compute the output shape and dtype, and call a kernel through this contract;
// gradients are written with ops, so a backend only ever implements forward kernels.
//
// Every input and output is a contiguous row-major buffer. View-like ops (permute, expand, slice, flip) all go
// through the one `strided` gather-copy kernel.

import type { DType } from './types.js';

/** Opaque handle to a backend's storage (a typed array on cpu, a GPUBuffer on webgpu). */
export interface DataId {
  readonly backend: string;
}

/** A kernel input: storage plus the shape and dtype it holds. */
export interface TensorInfo {
  readonly data: DataId;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** What a kernel must produce; the op computed it. */
export interface OutputSpec {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** Elementwise unary primitives; `clamp` reads attrs.min/max, `powScalar` attrs.exponent. */
export type UnaryOp =
  | 'neg'
  | 'abs'
  | 'sign'
  | 'exp'
  | 'expm1'
  | 'log'
  | 'log1p'
  | 'sqrt'
  | 'rsqrt'
  | 'reciprocal'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'erf'
  | 'floor'
  | 'round'
  | 'clamp'
  | 'powScalar';

/** Elementwise binary primitives with NumPy broadcasting. Comparisons yield 1 or 0 in the output dtype. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type ReduceOp = 'sum' | 'max' | 'min';

export type ArgReduceOp = 'argmax' | 'argmin';

/**
 * Attributes per kernel. Inputs, in order:
 * - unary: [x] -> same shape. cast: [x] -> same shape, output dtype.
 * - binary: [a, b] (shapes broadcast to the output shape).
 * - where: [condition, a, b] (all broadcast to the output shape; condition != 0 picks a).
 * - reduce: [x] -> x's shape with each of `axes` set to 1 (the op drops them when keepdim is false).
 * - argReduce: [x] -> x's shape with `axis` set to 1, int32; the first extreme index wins ties.
 * - matmul: [a (B|1, M, K) or (B|1, K, M) if transA, b (B|1, K, N) or (B|1, N, K) if transB] -> (B, M, N).
 * - strided: [x] -> out[i] = x[offset + sum_k idx_k(i) * strides[k]]  (strides may be 0 or negative).
 * - concat: [x0, x1, ...] along `axis` (any number of inputs).
 * - padConstant: [x] -> x padded by `before`/`after` per dim (non-negative) with `value`.
 * - gather: [x, index(int32)] -> index's shape; out[..i..] = x[..index[..i..]..] along axis.
 * - scatterAdd: [x, index(int32), src] -> x's shape; out = x, then out[..index[..i..]..] += src[..i..] along axis.
 * - indexSelect: [x, index(int32, 1-d)] -> x's shape with dim axis = index length.
 * - indexAdd: [x, index(int32, 1-d), src] -> x's shape; out = x, then out[.., index[j], ..] += src[.., j, ..].
 * - fold (col2im, the adjoint of unfolding windows with `strided`): [cols [N, C, k_1..k_d, O_1..O_d]] ->
 *   [N, C, S_1..S_d]; out[n, c, p] = sum of cols[n, c, k, o] over every tap k and window o with
 *   k * dilation + o * stride - origin = p in each dim (positions outside [0, S) are dropped).
 * - depthwiseConv2d (groups == channels, channel multiplier m): [x (already padded) [N, C, H, W], weight
 *   [C m, 1, kh, kw]] -> [N, C m, Ho, Wo]; out[n, o, i, j] = sum over taps (a, b) of
 *   weight[o, 0, a, b] * x[n, floor(o / m), i * stride_0 + a * dilation_0, j * stride_1 + b * dilation_1].
 * - depthwiseConv2dBackwardInput (its adjoint in x): [dy [N, C m, Ho, Wo], weight [C m, 1, kh, kw]] ->
 *   [N, C, H, W] (the padded input size; positions no window reaches get 0).
 * - depthwiseConv2dBackwardFilter (its adjoint in weight): [x [N, C, H, W], dy [N, C m, Ho, Wo]] ->
 *   [C m, 1, kh, kw]; each weight element sums its products over N, Ho and Wo in a fixed order.
 * - lstmCell (one LSTM step's gate arithmetic): [gates [N, 4H, ...S] (pre-activations, blocks in gateOrder),
 *   c [N, H, ...S]] -> [N, 7H, ...S] holding, along dim 1, h', c' and what the backward reuses: σ(zi), σ(zf),
 *   act(zg), σ(zo), act(c'); with σ the recurrent activation and act the activation,
 *   c' = σ(zf) c + σ(zi) act(zg), h' = σ(zo) act(c').
 * - lstmCellBackward (its adjoint): [gates, c, saved (lstmCell's output), dOut [N, 2H, ...S] (dh' then dc')] ->
 *   [N, 5H, ...S] holding d gates (in gateOrder) then dc along dim 1; the derivatives at the activations' kinks
 *   are those of the composed ops (clamp passes at its bounds, relu does not at 0).
 * - gruResetGate (a GRU step's reset gating): [rPre, h] (both [N, H, ...S]) -> σ(rPre) h, [N, H, ...S]; with
 *   save, [N, 2H, ...S] holding it and then σ(rPre) along dim 1 (what the backward reuses).
 * - gruResetGateBackward (its adjoint): [h, saved (gruResetGate's output with save), dOut [N, H, ...S]] ->
 *   [N, 2H, ...S] holding d rPre then d h along dim 1.
 * - gruUpdate (a GRU step's new state): [zPre, h, candPre] (all [N, H, ...S]) -> h' = h + σ(zPre) (tanh(candPre)
 *   − h), [N, H, ...S]; with save, [N, 3H, ...S] holding h', σ(zPre) and tanh(candPre) along dim 1.
 * - gruUpdateBackward (its adjoint): [h, saved (gruUpdate's output with save), dOut [N, H, ...S]] ->
 *   [N, 3H, ...S] holding d zPre, d h then d candPre along dim 1.
 * - batchNormStats (a training batch norm's statistics): [x [N, C, ...S]] -> [2, C] holding each channel's mean
 *   over N and S, then its biased variance (the mean of the squared deviations from that mean).
 * - batchNormApply (the per-channel normalisation): [x [N, C, ...S], mean [C], scale [C], shift [C]] -> x's
 *   shape; out[n, c, s] = (x[n, c, s] − mean[c]) scale[c] + shift[c].
 * - batchNormBackwardReduce (the per-channel sums a batch norm's gradients need): [dy [N, C, ...S], x (dy's
 *   shape), mean [C]] -> [2, C] holding each channel's sum of dy, then its sum of dy (x − mean[c]).
 * - batchNormBackwardInput (a training batch norm's input gradient, its coefficients from those sums):
 *   [dy [N, C, ...S], x (dy's shape), mean [C], dyScale [C], xScale [C], shift [C]] -> x's shape;
 *   out[n, c, s] = dy[n, c, s] dyScale[c] + (x[n, c, s] − mean[c]) xScale[c] + shift[c].
 * - conv2d (dense or grouped, implicit zero padding): [x [N, C, H, W], weight [Co, C / groups, kh, kw], and
 *   optionally bias [Co]] -> [N, Co, Ho, Wo] (Ho, Wo from the output shape); out[n, o, i, j] = bias[o] (or 0) +
 *   the sum over the input channels c of o's group and taps (a, b) of weight[o, c, a, b] * x[n, c, i * stride_0 -
 *   padding_0 + a * dilation_0, j * stride_1 - padding_1 + b * dilation_1], positions outside x reading 0.
 * - conv2dBackwardInput (its adjoint in x, also the transposed convolution): [dy [N, Co, Ho, Wo], weight] ->
 *   [N, C, H, W] (H, W from the output shape; positions no window reaches get 0).
 * - conv2dBackwardFilter (its adjoint in weight): [x [N, C, H, W], dy [N, Co, Ho, Wo]] -> [Co, C / groups, kh, kw].
 *
 * scatterAdd and indexAdd may sum repeated targets in any order (webgpu uses atomics), so float results can
 * differ from a sequential sum in the last bits; int32 results are exact.
 */
export interface KernelAttrs {
  unary: { readonly op: UnaryOp; readonly min?: number; readonly max?: number; readonly exponent?: number };
  cast: Record<string, never>;
  binary: { readonly op: BinaryOp };
  where: Record<string, never>;
  reduce: { readonly op: ReduceOp; readonly axes: readonly number[] };
  argReduce: { readonly op: ArgReduceOp; readonly axis: number };
  matmul: { readonly transA: boolean; readonly transB: boolean };
  strided: { readonly strides: readonly number[]; readonly offset: number };
  concat: { readonly axis: number };
  padConstant: { readonly before: readonly number[]; readonly after: readonly number[]; readonly value: number };
  gather: { readonly axis: number };
  scatterAdd: { readonly axis: number };
  indexSelect: { readonly axis: number };
  indexAdd: { readonly axis: number };
  fold: {
    readonly kernel: readonly number[];
    readonly stride: readonly number[];
    readonly dilation: readonly number[];
    readonly origin: readonly number[];
  };
  depthwiseConv2d: DepthwiseAttrs;
  depthwiseConv2dBackwardInput: DepthwiseAttrs;
  depthwiseConv2dBackwardFilter: DepthwiseAttrs;
  lstmCell: LstmCellAttrs;
  lstmCellBackward: LstmCellAttrs;
  gruResetGate: GruGateAttrs;
  gruResetGateBackward: Record<string, never>;
  gruUpdate: GruGateAttrs;
  gruUpdateBackward: Record<string, never>;
  batchNormStats: Record<string, never>;
  batchNormApply: Record<string, never>;
  batchNormBackwardReduce: Record<string, never>;
  batchNormBackwardInput: Record<string, never>;
  conv2d: Conv2dAttrs;
  conv2dBackwardInput: Conv2dAttrs;
  conv2dBackwardFilter: Conv2dAttrs;
}

/** Window spacing of the depthwise kernels, [height, width] each. */
export interface DepthwiseAttrs {
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
}

/** σ of the LSTM's i, f, o gates: the logistic sigmoid, or Keras 2's hard_sigmoid clip(0.2 x + 0.5, 0, 1). */
export type LstmRecurrentActivation = 'sigmoid' | 'hard_sigmoid';
/** act of the LSTM's candidate and of its output. */
export type LstmActivation = 'tanh' | 'relu';
/** The gate blocks' order along dim 1: i, f, g, o (PyTorch nn.LSTM, Keras's i, f, c, o) or i, f, o, g. */
export type LstmGateOrder = 'ifgo' | 'ifog';

export interface LstmCellAttrs {
  readonly recurrentActivation: LstmRecurrentActivation;
  readonly activation: LstmActivation;
  readonly gateOrder: LstmGateOrder;
}

/** Whether a GRU gate kernel also writes the activations its backward reuses. */
export interface GruGateAttrs {
  readonly save: boolean;
}

/** Geometry of the conv2d kernels: [height, width] each; padding is the zeros before each dim. */
export interface Conv2dAttrs {
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly groups: number;
}

export type KernelName = keyof KernelAttrs;

/** One backend's implementation of one kernel: allocate the output and fill it. */
export type KernelImpl<K extends KernelName> = (
  inputs: readonly TensorInfo[],
  output: OutputSpec,
  attrs: KernelAttrs[K],
) => DataId;

/** A backend's full kernel table; the type system makes a missing kernel a compile error. */
export type KernelTable = { readonly [K in KernelName]: KernelImpl<K> };
