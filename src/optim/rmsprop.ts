// RMSprop with centering, momentum, coupled weight decay and maximize: PyTorch 1.13's torch.optim.RMSprop,
// plus the option to put eps inside the square root as TensorFlow's kernels do.

import { zerosLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type BaseOptions, type ParamGroup, type ParamsArg, type ParamUpdate } from './optimizer.js';
import { checkNonNegative } from './validate.js';

export interface RMSpropOptions extends BaseOptions {
  /** Learning rate (PyTorch default 1e-2; Keras 1e-3). */
  lr: number;
  /** Smoothing constant of the squared-gradient average (default 0.99); Keras calls it `rho` (default 0.9). */
  alpha: number;
  /** Added to the denominator for stability (default 1e-8; Keras 1e-7). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Normalise by an estimate of the gradient's variance rather than its second moment (default false). */
  centered: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
  /** Denominator sqrt(v + eps) instead of PyTorch's sqrt(v) + eps (default false; see the class comment). */
  epsInsideSqrt: boolean;
}

/** PyTorch's per-parameter RMSprop state; momentum_buffer only with momentum, grad_avg only when centered. */
export interface RMSpropState {
  step: number;
  square_avg: Tensor;
  momentum_buffer?: Tensor;
  grad_avg?: Tensor;
}

/**
 * With g = grad (negated when maximizing) + weightDecay * param:
 *   v = alpha v + (1 - alpha) g^2;  centered: a = alpha a + (1 - alpha) g, v' = v - a^2, else v' = v
 *   d = sqrt(v') + eps   (epsInsideSqrt: d = sqrt(v' + eps))
 *   momentum > 0: b = momentum b + g / d, param -= lr b;   else param -= lr g / d
 * Keras conventions: Keras' `rho` is PyTorch's `alpha`. Standalone Keras 2 and tf.keras without momentum use
 * sqrt(v) + eps (epsInsideSqrt false); TensorFlow's RMSProp kernels (tf.compat.v1.train.RMSPropOptimizer, and
 * tf.keras with momentum > 0) and Keras 3 use sqrt(v + eps) (epsInsideSqrt true). TensorFlow folds lr into its
 * momentum buffer (b = momentum b + lr g / d), equal to PyTorch's while lr is constant.
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(params: ParamsArg<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super('RMSprop', params, {
      lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, epsInsideSqrt: false, ...options,
    });
  }

  protected validate(o: RMSpropOptions): void {
    checkNonNegative(this.name, 'lr', o.lr);
    checkNonNegative(this.name, 'eps', o.eps);
    checkNonNegative(this.name, 'momentum', o.momentum);
    checkNonNegative(this.name, 'weightDecay', o.weightDecay);
    checkNonNegative(this.name, 'alpha', o.alpha);
  }

  protected update(param: Tensor, grad: Tensor, state: RMSpropState | undefined, group: ParamGroup<RMSpropOptions>): ParamUpdate<RMSpropState> {
    let g = group.maximize ? grad.neg() : grad;
    if (group.weightDecay !== 0) g = g.add(param.mul(group.weightDecay));
    const { alpha } = group;
    const previous = state ?? { step: 0, square_avg: zerosLike(param) };
    const next: RMSpropState = { step: previous.step + 1, square_avg: previous.square_avg.mul(alpha).add(g.mul(1 - alpha).mul(g)) };
    let variance = next.square_avg;
    if (group.centered) {
      next.grad_avg = (previous.grad_avg ?? zerosLike(param)).mul(alpha).add(g.mul(1 - alpha));
      variance = variance.sub(next.grad_avg.mul(next.grad_avg));
    }
    const denom = group.epsInsideSqrt ? variance.add(group.eps).sqrt() : variance.sqrt().add(group.eps);
    if (group.momentum > 0) {
      next.momentum_buffer = (previous.momentum_buffer ?? zerosLike(param)).mul(group.momentum).add(g.div(denom));
      return { value: param.sub(next.momentum_buffer.mul(group.lr)), state: next };
    }
    return { value: param.sub(g.mul(group.lr).div(denom)), state: next };
  }
}
