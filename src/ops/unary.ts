// Elementwise unary ops: each forward is one `unary` kernel; each gradient sits right beside it,
// written with ops so it is itself differentiable.

import type { UnaryOp } from '../backends/kernels.js';
import { recordOp } from '../autograd/grad-node.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloat, runKernel } from './dispatch.js';
import { ge, gt, le } from './compare.js';

type UnaryGrad = (grad: Tensor, x: Tensor, y: Tensor) => Tensor;

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Local derivative of each primitive: d(loss)/dx given d(loss)/dy, the input x and the output y. */
const gradients: Record<Exclude<UnaryOp, 'clamp' | 'powScalar'>, UnaryGrad | null> = {
  neg: (g) => g.neg(),
  abs: (g, x) => g.mul(x.sign()),
  sign: null,
  exp: (g, _x, y) => g.mul(y),
  expm1: (g, _x, y) => g.mul(y.add(1)),
  log: (g, x) => g.div(x),
  log1p: (g, x) => g.div(x.add(1)),
  sqrt: (g, _x, y) => g.div(y.mul(2)),
  rsqrt: (g, _x, y) => g.mul(y.pow(3)).mul(-0.5),
  reciprocal: (g, _x, y) => g.mul(y.square()).neg(),
  sin: (g, x) => g.mul(x.cos()),
  cos: (g, x) => g.mul(x.sin()).neg(),
  tanh: (g, _x, y) => g.mul(y.square().neg().add(1)),
  sigmoid: (g, _x, y) => g.mul(y).mul(y.neg().add(1)),
  relu: (g, x) => g.mul(gt(x, 0)),
  erf: (g, x) => g.mul(x.square().neg().exp()).mul(TWO_OVER_SQRT_PI),
  floor: null,
  round: null,
};

function unary(op: Exclude<UnaryOp, 'clamp' | 'powScalar'>, x: Tensor): Tensor {
  assertFloat(op, x);
  const y = runKernel(op, 'unary', [x], x.shape, x.dtype, { op });
  const grad = gradients[op];
  return recordOp(op, y, [x], (g) => [grad ? grad(g, x, y) : g.zerosLike()]);
}

export const neg = (x: Tensor): Tensor => {
  if (x.dtype === 'int32') return runKernel('neg', 'unary', [x], x.shape, x.dtype, { op: 'neg' });
  return unary('neg', x);
};
export const abs = (x: Tensor): Tensor => {
  if (x.dtype === 'int32') return runKernel('abs', 'unary', [x], x.shape, x.dtype, { op: 'abs' });
  return unary('abs', x);
};
export const sign = (x: Tensor): Tensor => unary('sign', x);
export const exp = (x: Tensor): Tensor => unary('exp', x);
export const expm1 = (x: Tensor): Tensor => unary('expm1', x);
export const log = (x: Tensor): Tensor => unary('log', x);
export const log1p = (x: Tensor): Tensor => unary('log1p', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
export const rsqrt = (x: Tensor): Tensor => unary('rsqrt', x);
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x);
export const sin = (x: Tensor): Tensor => unary('sin', x);
export const cos = (x: Tensor): Tensor => unary('cos', x);
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
export const relu = (x: Tensor): Tensor => unary('relu', x);
export const erf = (x: Tensor): Tensor => unary('erf', x);
export const floor = (x: Tensor): Tensor => unary('floor', x);
/** Rounds half to even, as PyTorch and NumPy do. */
export const round = (x: Tensor): Tensor => unary('round', x);

/** Clamps to [min, max]; either bound may be omitted. The gradient passes where min <= x <= max, as in PyTorch. */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  assertFloat('clamp', x);
  if (min === undefined && max === undefined) throw new Error('clamp: at least one of min and max must be given');
  if (min !== undefined && max !== undefined && min > max) throw new Error(`clamp: min ${min} is greater than max ${max}`);
  const y = runKernel('clamp', 'unary', [x], x.shape, x.dtype, { op: 'clamp', min, max });
  return recordOp('clamp', y, [x], (g) => {
    let mask = g;
    if (min !== undefined) mask = mask.mul(ge(x, min));
    if (max !== undefined) mask = mask.mul(le(x, max));
    return [mask];
  });
}

/** x ** exponent for a constant exponent. */
export function powScalar(x: Tensor, exponent: number): Tensor {
  assertFloat('pow', x);
  if (exponent === 1) return recordOp('pow', x.aliasWithShape(x.shape), [x], (g) => [g]);
  const y = runKernel('pow', 'unary', [x], x.shape, x.dtype, { op: 'powScalar', exponent });
  return recordOp('pow', y, [x], (g) => [exponent === 0 ? g.zerosLike() : g.mul(powScalar(x, exponent - 1)).mul(exponent)]);
}

export const square = (x: Tensor): Tensor => powScalar(x, 2);
