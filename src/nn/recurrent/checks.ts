// Input and state validation shared by the recurrent layers, so every bad shape throws naming the layer and the
// shapes involved rather than failing later inside a matmul or a conv.

import { formatShape, shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Throws unless x has one of `ranks` and `features` entries at `featureDim`. */
export function checkInput(layer: string, x: Tensor, ranks: readonly number[], featureDim: number, features: number, what: string): void {
  if (!ranks.includes(x.rank) || x.shape[featureDim] !== features) {
    throw new Error(`${layer}: expected ${what} (rank ${ranks.join(' or ')}, ${features} at dim ${featureDim}), got input ${formatShape(x.shape)}`);
  }
}

/** Throws unless the state tensor has the expected shape. */
export function checkState(layer: string, name: string, state: Tensor, expected: readonly number[], x: Tensor): void {
  if (!shapesEqual(state.shape, expected)) {
    throw new Error(`${layer}: state ${name} has shape ${formatShape(state.shape)}, expected ${formatShape(expected)} for input ${formatShape(x.shape)}`);
  }
}
