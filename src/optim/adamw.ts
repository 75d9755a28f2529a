// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), PyTorch 1.13's torch.optim.AdamW.

import type { Tensor } from '../tensor/tensor.js';
import { adamStep, validateAdam, type AdamOptions, type AdamState } from './adam.js';
import { Optimizer, type ParamGroup, type ParamsArg, type ParamUpdate } from './optimizer.js';

/**
 * Each step first shrinks the parameter, param *= 1 - lr * weightDecay, then takes Adam's step (adamStep) with
 * the plain gradient (negated when maximizing). Defaults are Adam's except weightDecay 1e-2, as in PyTorch.
 * Keras' AdamW (weight_decay 0.004 by default) decays the same way, with its eps placed as in Keras' Adam.
 */
export class AdamW extends Optimizer<AdamOptions, AdamState> {
  constructor(params: ParamsArg<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('AdamW', params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false, ...options });
  }

  protected validate(o: AdamOptions): void {
    validateAdam(this.name, o);
  }

  protected update(param: Tensor, grad: Tensor, state: AdamState | undefined, group: ParamGroup<AdamOptions>): ParamUpdate<AdamState> {
    const g = group.maximize ? grad.neg() : grad;
    return adamStep(param.mul(1 - group.lr * group.weightDecay), g, state, group);
  }
}
