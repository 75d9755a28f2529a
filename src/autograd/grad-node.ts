// A node of the recorded graph: the op that made a tensor, its differentiable inputs, and the closure that
// maps the output's gradient to the inputs' gradients (written with ops, so it runs on any backend and can
// itself be differentiated).

import type { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from './grad-mode.js';

/**
 * The gradient of a step-1 slice's input: `value` at [start, start + value.shape[dim]) of `dim` and zero elsewhere,
 * left unassembled. Where one tensor is cut into several slices (split, chunk, a sequence's frames) the backward
 * pass joins their parts in one concatenation, instead of padding each to the full size and summing them.
 */
export class SliceGrad {
  constructor(
    readonly dim: number,
    readonly start: number,
    readonly value: Tensor,
  ) {}
}

export type BackwardFn = (grad: Tensor) => readonly (Tensor | SliceGrad | null)[];

export class GradNode {
  private backwardFn: BackwardFn | null;

  constructor(
    readonly name: string,
    readonly inputs: readonly Tensor[],
    backwardFn: BackwardFn,
  ) {
    this.backwardFn = backwardFn;
  }

  apply(grad: Tensor): readonly (Tensor | SliceGrad | null)[] {
    if (!this.backwardFn) {
      throw new Error(
        `backward: trying to backward through the graph of '${this.name}' a second time; ` +
          'pass { retainGraph: true } to the first backward() to keep it',
      );
    }
    return this.backwardFn(grad);
  }

  /** Drops the closure and the tensors it saved, so their memory can be reclaimed. */
  release(): void {
    this.backwardFn = null;
  }
}

/**
 * Attaches a gradient node to `output` when recording is on and an input requires a gradient.
 * Inputs that do not require gradients still get a (null or ignored) slot, keeping positions aligned.
 */
export function recordOp(name: string, output: Tensor, inputs: readonly Tensor[], backward: BackwardFn): Tensor {
  if (isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
    output.setGradFn(new GradNode(name, inputs, backward));
  }
  return output;
}
