// Binary cross-entropy on probabilities (F.binary_cross_entropy, logs clamped at -100 as PyTorch does) and on
// logits (F.binary_cross_entropy_with_logits, the log-sum-exp-stable form with posWeight). Each elementwise
// loss is one recorded op whose gradients are PyTorch's closed forms, so they agree with PyTorch everywhere,
// including where the clamp or the stable form's kinks would give a composed gradient of 0 or NaN.

import { recordOp } from '../../autograd/grad-node.js';
import { noGrad } from '../../autograd/grad-mode.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, checkWeight, reduceLoss, type ReductionOptions } from './reduction.js';

export interface BinaryCrossEntropyOptions extends ReductionOptions {
  /** A rescaling weight broadcast over the elementwise loss (default none). */
  readonly weight?: Tensor;
}

/** PyTorch's floor under x (1 - x) in the gradient: 1e-12 as a float32 (its EPSILON constant). */
const GRAD_FLOOR = Math.fround(1e-12);

/** max(log(p), -100), PyTorch's clamp that keeps the loss finite at p = 0 and 1. */
const clampedLog = (p: Tensor): Tensor => p.log().maximum(-100);

/** -(y log(x) + (1 - y) log(1 - x)) for probabilities x in [0, 1], with each log clamped at -100. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const name = 'binaryCrossEntropy';
  checkPair(name, input, target);
  if (options.weight) checkWeight(name, 'weight', options.weight, input.shape, input.dtype);
  const logs = (): [Tensor, Tensor] => [clampedLog(input), clampedLog(input.neg().add(1))];
  const loss = noGrad(() => {
    const [logX, log1mX] = logs();
    return target.mul(logX).add(target.neg().add(1).mul(log1mX)).neg();
  });
  const elementwise = recordOp(name, loss, [input, target], (g) => {
    // d/dx = (x - y) / max(x (1 - x), 1e-12), PyTorch's form. d/dy = log(1 - x) - log(x) with both logs clamped,
    // the derivative of the clamped loss (PyTorch's -logit(x) is infinite at x = 0 and 1).
    const dx = input.requiresGrad ? g.mul(input.sub(target)).div(input.mul(input.neg().add(1)).maximum(GRAD_FLOOR)) : null;
    let dy: Tensor | null = null;
    if (target.requiresGrad) {
      const [logX, log1mX] = logs();
      dy = g.mul(log1mX.sub(logX));
    }
    return [dx, dy];
  });
  return reduceLoss(options.weight ? elementwise.mul(options.weight) : elementwise, options.reduction, name);
}

export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** Weight of the positive term, broadcast along the last (class) dim (default none, i.e. 1). */
  readonly posWeight?: Tensor;
}

/**
 * (1 - y) x + (1 + (posWeight - 1) y) softplus(-x), with softplus(-x) = max(-x, 0) + log1p(exp(-|x|)) so large
 * logits neither overflow nor lose precision.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BinaryCrossEntropyWithLogitsOptions = {}): Tensor {
  const name = 'binaryCrossEntropyWithLogits';
  checkPair(name, input, target);
  if (options.weight) checkWeight(name, 'weight', options.weight, input.shape, input.dtype);
  const posWeight = options.posWeight;
  if (posWeight) checkWeight(name, 'posWeight', posWeight, input.shape, input.dtype);
  const softplusNeg = (): Tensor => input.neg().relu().add(input.abs().neg().exp().log1p());
  // 1 + (posWeight - 1) y: the weight of softplus(-x); 1 without posWeight.
  const logWeight = (): Tensor | null => (posWeight ? posWeight.sub(1).mul(target).add(1) : null);
  const loss = noGrad(() => {
    const lw = logWeight();
    const sp = softplusNeg();
    return target.neg().add(1).mul(input).add(lw ? lw.mul(sp) : sp);
  });
  const elementwise = recordOp(name, loss, [input, target], (g) => {
    // d/dx = lw sigmoid(x) - posWeight y; d/dy = -x + (posWeight - 1) softplus(-x).
    const lw = logWeight();
    const sig = input.sigmoid();
    const dx = input.requiresGrad ? g.mul(lw && posWeight ? lw.mul(sig).sub(posWeight.mul(target)) : sig.sub(target)) : null;
    const dy = target.requiresGrad ? g.mul(posWeight ? posWeight.sub(1).mul(softplusNeg()).sub(input) : input.neg()) : null;
    return [dx, dy];
  });
  return reduceLoss(options.weight ? elementwise.mul(options.weight) : elementwise, options.reduction, name);
}
