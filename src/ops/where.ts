// where(condition, a, b): picks a where condition != 0, else b, with broadcasting over all three.

import { recordOp } from '../autograd/grad-node.js';
import { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, formatShape } from '../tensor/shape.js';
import { runKernel } from './dispatch.js';
import { sumToShape } from './reduce-to.js';
import { releaseScalars, scalarLike, type Operand } from './scalar.js';

export function where(condition: Tensor, left: Operand, right: Operand): Tensor {
  const like = left instanceof Tensor ? left : right instanceof Tensor ? right : condition;
  const a = left instanceof Tensor ? left : scalarLike(like, left, 'where');
  const b = right instanceof Tensor ? right : scalarLike(like, right, 'where');
  if (a.dtype !== b.dtype) throw new Error(`where: dtype mismatch, ${a.dtype} ${formatShape(a.shape)} vs ${b.dtype} ${formatShape(b.shape)}`);
  const shape = broadcastShapes('where', broadcastShapes('where', condition.shape, a.shape), b.shape);
  const cond = condition.dtype === a.dtype ? condition : condition.to(a.dtype);
  const y = runKernel('where', 'where', [cond, a, b], shape, a.dtype, {});
  if (a.dtype !== 'int32') {
    recordOp('where', y, [a, b], (g) => {
      const zero = g.zerosLike();
      return [
        a.requiresGrad ? sumToShape(where(cond, g, zero), a.shape) : null,
        b.requiresGrad ? sumToShape(where(cond, zero, g), b.shape) : null,
      ];
    });
  }
  // Without a recorded gradient nothing reads the number operands' 0-d tensors or the cast condition again.
  if (!y.gradFn) {
    releaseScalars([a, b], [left, right]);
    if (cond !== condition) cond.dispose();
  }
  return y;
}
