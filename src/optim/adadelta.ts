// Adadelta with coupled weight decay and maximize: PyTorch 1.13's torch.optim.Adadelta.

import { zerosLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type BaseOptions, type ParamGroup, type ParamsArg, type ParamUpdate } from './optimizer.js';
import { checkNonNegative, checkUnitInterval } from './validate.js';

export interface AdadeltaOptions extends BaseOptions {
  /** Scale applied to each delta (PyTorch and old Keras default 1.0). */
  lr: number;
  /** Decay rate of both running averages (PyTorch default 0.9; Keras 0.95). */
  rho: number;
  /** Added inside both square roots (PyTorch default 1e-6; Keras 1e-7). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** PyTorch's per-parameter Adadelta state. */
export interface AdadeltaState {
  step: number;
  square_avg: Tensor;
  acc_delta: Tensor;
}

/**
 * With g = grad (negated when maximizing) + weightDecay * param:
 *   v = rho v + (1 - rho) g^2;  delta = sqrt(u + eps) / sqrt(v + eps) * g;  u = rho u + (1 - rho) delta^2
 *   param -= lr * delta
 * Keras' Adadelta is the same rule (eps inside both roots); to reproduce Keras 2 (standalone) use
 * { lr: 1.0, rho: 0.95, eps: 1e-7 } (tf.keras 2.x changed its default lr to 1e-3).
 */
export class Adadelta extends Optimizer<AdadeltaOptions, AdadeltaState> {
  constructor(params: ParamsArg<AdadeltaOptions>, options: Partial<AdadeltaOptions> = {}) {
    super('Adadelta', params, { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, ...options });
  }

  protected validate(o: AdadeltaOptions): void {
    checkNonNegative(this.name, 'lr', o.lr);
    checkUnitInterval(this.name, 'rho', o.rho, true);
    checkNonNegative(this.name, 'eps', o.eps);
    checkNonNegative(this.name, 'weightDecay', o.weightDecay);
  }

  protected update(param: Tensor, grad: Tensor, state: AdadeltaState | undefined, group: ParamGroup<AdadeltaOptions>): ParamUpdate<AdadeltaState> {
    let g = group.maximize ? grad.neg() : grad;
    if (group.weightDecay !== 0) g = g.add(param.mul(group.weightDecay));
    const { rho, eps } = group;
    const s = state ?? { step: 0, square_avg: zerosLike(param), acc_delta: zerosLike(param) };
    const squareAvg = s.square_avg.mul(rho).add(g.mul(1 - rho).mul(g));
    const delta = s.acc_delta.add(eps).sqrt().div(squareAvg.add(eps).sqrt()).mul(g);
    const accDelta = s.acc_delta.mul(rho).add(delta.mul(1 - rho).mul(delta));
    return { value: param.sub(delta.mul(group.lr)), state: { step: s.step + 1, square_avg: squareAvg, acc_delta: accDelta } };
  }
}
