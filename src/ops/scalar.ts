// Turns a JavaScript number operand into a 0-d tensor matching its partner's dtype and backend, so that
// `x.mul(2)` is an ordinary broadcast binary op.

import { Tensor } from '../tensor/tensor.js';
import { typedArrayFor } from '../backends/types.js';

export type Operand = Tensor | number;

export function scalarLike(like: Tensor, value: number, op: string): Tensor {
  if (like.dtype === 'int32' && !Number.isInteger(value)) {
    throw new Error(`${op}: cannot combine an int32 tensor with the non-integer scalar ${value}; cast with .to('float32') first`);
  }
  const data = typedArrayFor(like.dtype, 1);
  data[0] = value;
  return Tensor.fromArray(data, [], like.dtype, like.backend);
}

/**
 * Disposes the 0-d tensors that toTensors made from number operands, so an op call leaves only its outputs
 * allocated. Call only once nothing will read them (no recorded gradient keeps them).
 */
export function releaseScalars(made: readonly Tensor[], given: readonly Operand[]): void {
  made.forEach((t, i) => {
    if (t !== given[i]) t.dispose();
  });
}

/** Both operands as tensors; a number takes the other operand's dtype and backend. */
export function toTensors(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  if (a instanceof Tensor && b instanceof Tensor) return [a, b];
  if (a instanceof Tensor) return [a, scalarLike(a, b as number, op)];
  if (b instanceof Tensor) return [scalarLike(b, a, op), b];
  throw new Error(`${op}: at least one operand must be a tensor`);
}
