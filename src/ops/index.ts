// Every op, as a function; the Tensor methods and the package root re-export these.

export { neg, abs, sign, exp, expm1, log, log1p, sqrt, rsqrt, reciprocal, sin, cos, tanh, sigmoid, relu, erf, floor, round, clamp, square } from './unary.js';
export { add, sub, mul, div, pow, maximum, minimum } from './binary.js';
export { eq, ne, lt, le, gt, ge } from './compare.js';
export { where } from './where.js';
export { leakyRelu, prelu, elu, relu6, gelu, hardSigmoid, hardSigmoidKeras, silu, softplus } from './activations.js';
export type { GeluOptions, SoftplusOptions } from './activations.js';
export { sum, mean, max, min, argmax, argmin, variance, std, logsumexp } from './reduce.js';
export type { ReduceOptions, VarianceOptions } from './reduce.js';
export { softmax, logSoftmax } from './softmax.js';
export { matmul, bmm } from './matmul.js';
export { reshape, flatten, squeeze, unsqueeze } from './reshape.js';
export { permute, transpose, expand, slice, narrow, flip, clone } from './strided.js';
export { cat, stack, split, chunk } from './cat.js';
export { pad } from './pad.js';
export type { PadMode, PadOptions } from './pad.js';
export { indexSelect, indexAdd, gather, scatterAdd } from './index-ops.js';
export { lstmCell } from './lstm-cell.js';
export { gruResetGate, gruUpdate } from './gru-gates.js';
export { batchNorm } from './batch-norm.js';
export type { FunctionalBatchNormOptions } from './batch-norm.js';
export type { LstmActivation, LstmCellOptions, LstmCellState, LstmGateOrder, LstmRecurrentActivation } from './lstm-cell.js';
export { cast, toBackend, toBackendAsync } from './cast.js';
export { zerosLike, onesLike } from '../tensor/creation.js';
