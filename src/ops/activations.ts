// Activation functions composed from primitives (their gradients follow from the parts). Names and defaults
// follow torch.nn.functional; Keras's hard sigmoid, used by the Keras ConvLSTM seeds, is named apart.

import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloat } from './dispatch.js';
import { gt } from './compare.js';
import { where } from './where.js';

/** max(0, x) + negativeSlope * min(0, x). */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  assertFloat('leakyRelu', x);
  return where(gt(x, 0), x, x.mul(negativeSlope));
}

/** PReLU with one learnable slope or one per channel (dim 1), as torch.nn.functional.prelu. */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  assertFloat('prelu', x);
  if (weight.rank > 1) throw new Error(`prelu: weight must be 0-d or 1-d, got shape ${formatShape(weight.shape)}`);
  let w = weight;
  if (weight.size !== 1) {
    if (x.rank < 2 || x.shape[1] !== weight.size) {
      throw new Error(`prelu: weight of ${weight.size} slopes does not match the channel dim of input ${formatShape(x.shape)}`);
    }
    w = weight.reshape([weight.size, ...new Array<number>(x.rank - 2).fill(1)]);
  }
  return where(gt(x, 0), x, x.mul(w));
}

/** x for x > 0, alpha * (exp(x) - 1) otherwise. */
export function elu(x: Tensor, alpha = 1): Tensor {
  assertFloat('elu', x);
  // expm1 of min(x, 0) keeps the unused branch finite, so its gradient never multiplies inf by 0.
  return where(gt(x, 0), x, x.minimum(0).expm1().mul(alpha));
}

/** min(max(0, x), 6). */
export function relu6(x: Tensor): Tensor {
  return x.clamp(0, 6);
}

export interface GeluOptions {
  /** 'none' is the exact erf form; 'tanh' the approximation (PyTorch's `approximate`). */
  readonly approximate?: 'none' | 'tanh';
}

export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  assertFloat('gelu', x);
  if ((options.approximate ?? 'none') === 'tanh') {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(inner.tanh().add(1)).mul(0.5);
  }
  return x.mul(x.mul(Math.SQRT1_2).erf().add(1)).mul(0.5);
}

/** PyTorch's hardsigmoid: relu6(x + 3) / 6. */
export function hardSigmoid(x: Tensor): Tensor {
  assertFloat('hardSigmoid', x);
  return x.div(6).add(0.5).clamp(0, 1);
}

/** Keras's (TF < 2.16) hard_sigmoid: clip(0.2 x + 0.5, 0, 1), the ConvLSTM2D recurrent activation of the seeds. */
export function hardSigmoidKeras(x: Tensor): Tensor {
  assertFloat('hardSigmoidKeras', x);
  return x.mul(0.2).add(0.5).clamp(0, 1);
}

/** x * sigmoid(x). */
export function silu(x: Tensor): Tensor {
  assertFloat('silu', x);
  return x.mul(x.sigmoid());
}

export interface SoftplusOptions {
  readonly beta?: number;
  /** Above beta * x > threshold the function is taken as linear (PyTorch's default 20). */
  readonly threshold?: number;
}

/** log(1 + exp(beta x)) / beta, linear above the threshold. */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  assertFloat('softplus', x);
  const beta = options.beta ?? 1;
  const threshold = options.threshold ?? 20;
  const bx = x.mul(beta);
  const linear = gt(bx, threshold);
  // Evaluating the log branch at min(bx, threshold) keeps exp finite where the linear branch is taken.
  const smooth = bx.minimum(threshold).exp().log1p().div(beta);
  return where(linear, x, smooth);
}
