// Dropout (elementwise) and Dropout2d (whole channels), with the mask drawn from the seeded generator and the
// kept values scaled by 1 / (1 - p) in training; identity in eval.

import { rand } from '../../tensor/creation.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module, type TensorModule } from '../module.js';

function checkP(layer: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new Error(`${layer}: dropout probability must be in [0, 1], got ${p}`);
}

function dropWith(x: Tensor, p: number, maskShape: readonly number[]): Tensor {
  if (p === 1) return x.mul(0);
  const keep = rand(maskShape, { dtype: x.dtype, backend: x.backend }).ge(p);
  return x.mul(keep).div(1 - p);
}

export class Dropout extends Module implements TensorModule {
  constructor(readonly p = 0.5) {
    super();
    checkP('Dropout', p);
  }

  forward(x: Tensor): Tensor {
    return this.training && this.p > 0 ? dropWith(x, this.p, x.shape) : x;
  }
}

/** Zeroes whole channels of an [N, C, H, W] (or [C, H, W]) input. */
export class Dropout2d extends Module implements TensorModule {
  constructor(readonly p = 0.5) {
    super();
    checkP('Dropout2d', p);
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 3 && x.rank !== 4) throw new Error(`Dropout2d: expected a 3-d or 4-d input, got ${formatShape(x.shape)}`);
    if (!this.training || this.p === 0) return x;
    const maskShape = x.shape.map((d, i) => (i < x.rank - 2 ? d : 1));
    return dropWith(x, this.p, maskShape);
  }
}
