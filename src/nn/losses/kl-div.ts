// F.kl_div: the pointwise KL divergence target * (log(target) - input) of log-probabilities `input` from
// probabilities `target` (or log-probabilities with logTarget), with PyTorch's 'batchmean' reduction, the
// true KL divergence per sample; 'mean' averages over every element, as PyTorch (with its warning) does.

import { gt } from '../../ops/compare.js';
import { where } from '../../ops/where.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, reduceLoss, type Reduction } from './reduction.js';

export interface KlDivOptions {
  /** 'mean' (default, over all elements), 'batchmean' (sum / batch size), 'sum' or 'none'. */
  readonly reduction?: Reduction | 'batchmean';
  /** The target holds log-probabilities (default false). */
  readonly logTarget?: boolean;
}

/** KL(target || exp(input)) pointwise, reduced. */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const name = 'klDiv';
  checkPair(name, input, target);
  let pointwise: Tensor;
  if (options.logTarget) {
    pointwise = target.exp().mul(target.sub(input));
  } else {
    // xlogy(t, t) - t * input: t log t is taken as 0 at t = 0 (log of 1 there keeps the gradient finite).
    const safe = where(gt(target, 0), target, 1);
    pointwise = target.mul(safe.log()).sub(target.mul(input));
  }
  if (options.reduction === 'batchmean') {
    const sum = pointwise.sum();
    return input.rank === 0 ? sum : sum.div(input.shape[0]);
  }
  return reduceLoss(pointwise, options.reduction, name);
}
