// Adagrad with learning-rate decay, coupled weight decay, an initial accumulator and maximize: PyTorch 1.13's
// torch.optim.Adagrad (dense gradients).

import { noGrad } from '../autograd/grad-mode.js';
import { fullLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type BaseOptions, type ParamGroup, type ParamsArg, type ParamUpdate } from './optimizer.js';
import { checkNonNegative } from './validate.js';

export interface AdagradOptions extends BaseOptions {
  /** Learning rate (PyTorch default 1e-2; Keras 1e-3). */
  lr: number;
  /** The step size at step t is lr / (1 + (t - 1) lrDecay) (default 0). */
  lrDecay: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the squared-gradient sum (default 0; Keras 0.1). */
  initialAccumulatorValue: number;
  /** Added to sqrt of the sum (default 1e-10; Keras 1e-7, placed the same way). */
  eps: number;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** PyTorch's per-parameter Adagrad state, created for every parameter when the optimizer is built. */
export interface AdagradState {
  step: number;
  sum: Tensor;
}

/**
 * With g = grad (negated when maximizing) + weightDecay * param and t counting from 1:
 *   s = s + g^2;  param -= lr / (1 + (t - 1) lrDecay) * g / (sqrt(s) + eps)
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: ParamsArg<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super('Adagrad', params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...options });
    // As in PyTorch, the state exists from the start, so stateDict() lists it before the first step.
    for (const group of this.paramGroups) for (const p of group.params) this.setState(p, initialState(p, group));
  }

  protected validate(o: AdagradOptions): void {
    checkNonNegative(this.name, 'lr', o.lr);
    checkNonNegative(this.name, 'lrDecay', o.lrDecay);
    checkNonNegative(this.name, 'weightDecay', o.weightDecay);
    checkNonNegative(this.name, 'initialAccumulatorValue', o.initialAccumulatorValue);
    checkNonNegative(this.name, 'eps', o.eps);
  }

  protected update(param: Tensor, grad: Tensor, state: AdagradState | undefined, group: ParamGroup<AdagradOptions>): ParamUpdate<AdagradState> {
    let g = group.maximize ? grad.neg() : grad;
    if (group.weightDecay !== 0) g = g.add(param.mul(group.weightDecay));
    const s = state ?? initialState(param, group);
    const step = s.step + 1;
    const clr = group.lr / (1 + (step - 1) * group.lrDecay);
    const sum = s.sum.add(g.mul(g));
    return { value: param.sub(g.mul(clr).div(sum.sqrt().add(group.eps))), state: { step, sum } };
  }
}

function initialState(param: Tensor, group: AdagradOptions): AdagradState {
  return { step: 0, sum: noGrad(() => fullLike(param, group.initialAccumulatorValue)) };
}
