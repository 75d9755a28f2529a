// Arithmetic binary ops with NumPy broadcasting: each forward is one `binary` kernel, each gradient is written
// beside it and summed back over broadcast dims.

import type { BinaryOp } from '../backends/kernels.js';
import { recordOp } from '../autograd/grad-node.js';
import { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, formatShape } from '../tensor/shape.js';
import { runKernel } from './dispatch.js';
import { sumToShape } from './reduce-to.js';
import { releaseScalars, toTensors, type Operand } from './scalar.js';
import { powScalar } from './unary.js';
import { eq, gt, lt } from './compare.js';
import { where } from './where.js';

type BinaryGrad = (g: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor | null, Tensor | null];

/** Binary kernel call with dtype and broadcast checks; used by arithmetic and comparison ops alike. */
export function binaryKernel(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== b.dtype) {
    throw new Error(`${op}: dtype mismatch, ${a.dtype} ${formatShape(a.shape)} vs ${b.dtype} ${formatShape(b.shape)}; cast one with .to(dtype)`);
  }
  const shape = broadcastShapes(op, a.shape, b.shape);
  return runKernel(op, 'binary', [a, b], shape, a.dtype, { op });
}

const gradients: Record<'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum', BinaryGrad> = {
  add: (g) => [g, g],
  sub: (g) => [g, g.neg()],
  mul: (g, a, b) => [g.mul(b), g.mul(a)],
  div: (g, _a, b, y) => [g.div(b), g.mul(y).div(b).neg()],
  pow: (g, a, b, y) => [
    g.mul(b).mul(a.pow(b.sub(1))),
    // d/db a^b = a^b log a; PyTorch defines it as 0 where a == 0.
    where(eq(a, 0), 0, g.mul(y).mul(a.log())),
  ],
  // Ties split the gradient evenly, as in PyTorch.
  maximum: (g, a, b) => {
    const half = eq(a, b).mul(0.5);
    return [g.mul(gt(a, b).add(half)), g.mul(lt(a, b).add(half))];
  },
  minimum: (g, a, b) => {
    const half = eq(a, b).mul(0.5);
    return [g.mul(lt(a, b).add(half)), g.mul(gt(a, b).add(half))];
  },
};

function binary(op: keyof typeof gradients, left: Operand, right: Operand): Tensor {
  const [a, b] = toTensors(op, left, right);
  const y = binaryKernel(op, a, b);
  if (a.dtype !== 'int32') {
    recordOp(op, y, [a, b], (g) => {
      const [ga, gb] = gradients[op](g, a, b, y);
      return [
        ga && a.requiresGrad ? sumToShape(ga, a.shape) : null,
        gb && b.requiresGrad ? sumToShape(gb, b.shape) : null,
      ];
    });
  }
  // Without a recorded gradient nothing reads a number operand's 0-d tensor again.
  if (!y.gradFn) releaseScalars([a, b], [left, right]);
  return y;
}

export const add = (a: Operand, b: Operand): Tensor => binary('add', a, b);
export const sub = (a: Operand, b: Operand): Tensor => binary('sub', a, b);
export const mul = (a: Operand, b: Operand): Tensor => binary('mul', a, b);
export const div = (a: Operand, b: Operand): Tensor => {
  const [ta, tb] = toTensors('div', a, b);
  if (ta.dtype === 'int32') throw new Error(`div: true division of int32 tensors ${formatShape(ta.shape)} / ${formatShape(tb.shape)} is not supported; cast to float first`);
  return binary('div', ta, tb);
};
export const maximum = (a: Operand, b: Operand): Tensor => binary('maximum', a, b);
export const minimum = (a: Operand, b: Operand): Tensor => binary('minimum', a, b);

/** a ** b; a number exponent uses the scalar-power kernel. */
export function pow(a: Operand, b: Operand): Tensor {
  if (a instanceof Tensor && typeof b === 'number') return powScalar(a, b);
  return binary('pow', a, b);
}
