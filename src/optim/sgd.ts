// Stochastic gradient descent with momentum, dampening, Nesterov momentum, coupled weight decay and maximize:
// PyTorch 1.13's torch.optim.SGD update, step for step.

import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type BaseOptions, type ParamGroup, type ParamsArg, type ParamUpdate } from './optimizer.js';
import { checkNonNegative } from './validate.js';

export interface SGDOptions extends BaseOptions {
  /** Learning rate; required, as in PyTorch. */
  lr: number;
  /** Momentum factor (PyTorch default 0: plain SGD). */
  momentum: number;
  /** Dampening of the gradient's contribution to the momentum buffer (default 0). */
  dampening: number;
  /** L2 penalty added to the gradient, weightDecay * param (default 0). */
  weightDecay: number;
  /** Nesterov momentum; needs momentum > 0 and dampening 0 (default false). */
  nesterov: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** PyTorch's per-parameter SGD state; the buffer exists only with momentum. */
export interface SGDState {
  momentum_buffer?: Tensor;
}

/**
 * With g = grad (negated when maximizing) + weightDecay * param:
 *   b_1 = g,  b_t = momentum * b_{t-1} + (1 - dampening) * g
 *   param -= lr * (nesterov ? g + momentum * b_t : b_t)      (just lr * g without momentum)
 * Keras' SGD keeps velocity = momentum * velocity - lr * g, which is -lr * b_t while lr is constant (and
 * its Nesterov form matches too); the two differ only after lr changes mid-training.
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: ParamsArg<SGDOptions>, options: Partial<SGDOptions> & { lr: number }) {
    super('SGD', params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...options });
  }

  protected validate(o: SGDOptions): void {
    checkNonNegative(this.name, 'lr', o.lr);
    checkNonNegative(this.name, 'momentum', o.momentum);
    checkNonNegative(this.name, 'weightDecay', o.weightDecay);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new Error(`${this.name}: nesterov requires momentum > 0 and dampening 0, got momentum ${o.momentum}, dampening ${o.dampening}`);
    }
  }

  protected update(param: Tensor, grad: Tensor, state: SGDState | undefined, group: ParamGroup<SGDOptions>): ParamUpdate<SGDState> {
    let d = group.maximize ? grad.neg() : grad;
    if (group.weightDecay !== 0) d = d.add(param.mul(group.weightDecay));
    if (group.momentum === 0) return { value: param.sub(d.mul(group.lr)), state: {} };
    const previous = state?.momentum_buffer;
    // The first buffer is a copy, so it never aliases a gradient that a caller may replace in place.
    const buffer = previous ? previous.mul(group.momentum).add(d.mul(1 - group.dampening)) : d.clone();
    const direction = group.nesterov ? d.add(buffer.mul(group.momentum)) : buffer;
    return { value: param.sub(direction.mul(group.lr)), state: { momentum_buffer: buffer } };
  }
}
