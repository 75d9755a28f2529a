// Adam with bias correction, coupled (L2) weight decay, AMSGrad and maximize: PyTorch 1.13's torch.optim.Adam.
// The moment update and step are shared with AdamW, which differs only in how it decays the weights.

import { maximum } from '../ops/binary.js';
import { zerosLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type BaseOptions, type ParamGroup, type ParamsArg, type ParamUpdate } from './optimizer.js';
import { checkNonNegative, checkUnitInterval } from './validate.js';

export interface AdamOptions extends BaseOptions {
  /** Learning rate (PyTorch default 1e-3). */
  lr: number;
  /** Decay rates of the first and second moment averages (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** Added to the bias-corrected sqrt of the second moment (default 1e-8; Keras uses 1e-7, see the class comment). */
  eps: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay rate (default 1e-2). */
  weightDecay: number;
  /** Normalise by the running maximum of the second moment (AMSGrad; default false). */
  amsgrad: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** PyTorch's per-parameter Adam/AdamW state; max_exp_avg_sq exists only with amsgrad. */
export interface AdamState {
  step: number;
  exp_avg: Tensor;
  exp_avg_sq: Tensor;
  max_exp_avg_sq?: Tensor;
}

export function validateAdam(name: string, o: AdamOptions): void {
  checkNonNegative(name, 'lr', o.lr);
  checkNonNegative(name, 'eps', o.eps);
  checkUnitInterval(name, 'betas[0]', o.betas[0]);
  checkUnitInterval(name, 'betas[1]', o.betas[1]);
  checkNonNegative(name, 'weightDecay', o.weightDecay);
}

/**
 * One Adam step from the (already decayed, sign-adjusted) gradient g, t counting from 1:
 *   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,  vmax = max(vmax, v) with amsgrad
 *   param -= lr / (1 - b1^t) * m / (sqrt(v or vmax) / sqrt(1 - b2^t) + eps)
 */
export function adamStep(param: Tensor, g: Tensor, state: AdamState | undefined, group: AdamOptions): ParamUpdate<AdamState> {
  const [beta1, beta2] = group.betas;
  const s = state ?? { step: 0, exp_avg: zerosLike(param), exp_avg_sq: zerosLike(param) };
  const step = s.step + 1;
  const expAvg = s.exp_avg.mul(beta1).add(g.mul(1 - beta1));
  const expAvgSq = s.exp_avg_sq.mul(beta2).add(g.mul(1 - beta2).mul(g));
  const maxExpAvgSq = group.amsgrad ? maximum(s.max_exp_avg_sq ?? zerosLike(param), expAvgSq) : undefined;
  const stepSize = group.lr / (1 - beta1 ** step);
  const denom = (maxExpAvgSq ?? expAvgSq).sqrt().div(Math.sqrt(1 - beta2 ** step)).add(group.eps);
  const next: AdamState = { step, exp_avg: expAvg, exp_avg_sq: expAvgSq };
  if (maxExpAvgSq) next.max_exp_avg_sq = maxExpAvgSq;
  return { value: param.sub(expAvg.mul(stepSize).div(denom)), state: next };
}

/**
 * Adam (Kingma & Ba), with g = grad (negated when maximizing) + weightDecay * param, then adamStep.
 * Keras/TensorFlow's Adam adds its epsilon ("epsilon hat" of the paper) to sqrt(v) before bias correction:
 * its denominator is (sqrt(v) + eps) / sqrt(1 - b2^t), i.e. PyTorch's with eps / sqrt(1 - b2^t) in place of eps;
 * the two agree whenever eps is negligible beside sqrt(v). Keras' default eps is 1e-7.
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  constructor(params: ParamsArg<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('Adam', params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...options });
  }

  protected validate(o: AdamOptions): void {
    validateAdam(this.name, o);
  }

  protected update(param: Tensor, grad: Tensor, state: AdamState | undefined, group: ParamGroup<AdamOptions>): ParamUpdate<AdamState> {
    let g = group.maximize ? grad.neg() : grad;
    if (group.weightDecay !== 0) g = g.add(param.mul(group.weightDecay));
    return adamStep(param, g, state, group);
  }
}
