// F.cross_entropy: log-softmax over the class dim (1, or 0 for an unbatched [C] input) and the negative
// log-likelihood of int32 class-index targets (with per-class weight, ignoreIndex and labelSmoothing), or
// the cross-entropy with probability targets of the input's shape. Class indices select through a one-hot
// comparison, so no index op and no host readback is needed on any backend.

import { eq, ne } from '../../ops/compare.js';
import { arange } from '../../tensor/creation.js';
import { formatShape, shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkFloat, reduceLoss, type Reduction, type ReductionOptions } from './reduction.js';

export interface CrossEntropyOptions extends ReductionOptions {
  /** A rescaling weight per class, shape [C] (default none). */
  readonly weight?: Tensor;
  /** Class-index targets equal to this contribute nothing, not even to the mean's denominator (default -100). */
  readonly ignoreIndex?: number;
  /** Mixes the target with the uniform distribution: (1 - s) target + s / C (default 0). */
  readonly labelSmoothing?: number;
}

const NAME = 'crossEntropy';

/**
 * Range check of class indices, on backends that read synchronously (cpu). On webgpu the read would stall
 * the queue, so there an out-of-range index is not reported: it matches no class and contributes 0.
 */
function checkClassIndices(target: Tensor, classes: number, ignoreIndex: number, input: Tensor): void {
  if (target.backend.name !== 'cpu') return;
  for (const v of target.dataSync()) {
    if (v !== ignoreIndex && (v < 0 || v >= classes)) {
      throw new Error(`${NAME}: target class ${v} is out of range [0, ${classes}) for input ${formatShape(input.shape)} and target ${formatShape(target.shape)}`);
    }
  }
}

function classIndexLoss(logp: Tensor, target: Tensor, classDim: number, weight: Tensor | null, smoothing: number, ignoreIndex: number, reduction: Reduction | undefined): Tensor {
  const classes = logp.shape[classDim];
  const view = logp.shape.map((d, i) => (i === classDim ? d : 1));
  const ids = arange(0, classes, 1, { dtype: 'int32', backend: logp.backend }).reshape(view);
  const valid = ne(target, ignoreIndex).to(logp.dtype);
  // The target class's weight at its position (1 without weights); all zero for an ignored target.
  let picked = eq(target.unsqueeze(classDim), ids).to(logp.dtype).mul(valid.unsqueeze(classDim));
  if (weight) picked = picked.mul(weight);
  let loss = logp.mul(picked).sum({ dim: classDim }).neg();
  if (smoothing > 0) {
    const smooth = (weight ? logp.mul(weight) : logp).sum({ dim: classDim }).neg().mul(valid);
    loss = loss.mul(1 - smoothing).add(smooth.mul(smoothing / classes));
  }
  // PyTorch's mean divides by the summed weights of the targets that are not ignored.
  if ((reduction ?? 'mean') === 'mean') return loss.sum().div(picked.sum());
  return reduceLoss(loss, reduction, NAME);
}

function probabilityLoss(logp: Tensor, target: Tensor, classDim: number, weight: Tensor | null, smoothing: number, reduction: Reduction | undefined): Tensor {
  const classes = logp.shape[classDim];
  const probs = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
  const terms = weight ? logp.mul(probs).mul(weight) : logp.mul(probs);
  const loss = terms.sum({ dim: classDim }).neg();
  // PyTorch's mean divides by the number of positions (input elements / C), whatever the weights.
  if ((reduction ?? 'mean') === 'mean') return loss.sum().div(logp.size / classes);
  return reduceLoss(loss, reduction, NAME);
}

/** Cross-entropy of logits `input` [N, C, ...] (or [C]) against class indices [N, ...] (int32) or probabilities [N, C, ...]. */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  checkFloat(NAME, 'input', input);
  if (input.rank === 0) throw new Error(`${NAME}: input must have a class dim, got a 0-d tensor`);
  const classDim = input.rank === 1 ? 0 : 1;
  const classes = input.shape[classDim];
  const smoothing = options.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing <= 1)) throw new Error(`${NAME}: labelSmoothing must be in [0, 1], got ${smoothing}`);
  const weight = options.weight;
  if (weight) {
    checkFloat(NAME, 'weight', weight);
    if (weight.rank !== 1 || weight.size !== classes || weight.dtype !== input.dtype) {
      throw new Error(`${NAME}: weight must be a ${input.dtype} [${classes}] tensor for input ${formatShape(input.shape)}, got ${weight.dtype} ${formatShape(weight.shape)}`);
    }
  }
  const view = input.shape.map((d, i) => (i === classDim ? d : 1));
  const weightView = weight ? weight.reshape(view) : null;
  const indexShape = input.shape.filter((_, i) => i !== classDim);
  if (target.dtype === 'int32') {
    if (!shapesEqual(target.shape, indexShape)) {
      throw new Error(`${NAME}: class-index target ${formatShape(target.shape)} must have shape ${formatShape(indexShape)} for input ${formatShape(input.shape)}`);
    }
    const ignoreIndex = options.ignoreIndex ?? -100;
    checkClassIndices(target, classes, ignoreIndex, input);
    return classIndexLoss(input.logSoftmax(classDim), target, classDim, weightView, smoothing, ignoreIndex, options.reduction);
  }
  if (!shapesEqual(target.shape, input.shape)) {
    const hint = shapesEqual(target.shape, indexShape) ? ` (class-index targets must be int32, got ${target.dtype})` : '';
    throw new Error(`${NAME}: probability target ${formatShape(target.shape)} must match input ${formatShape(input.shape)}${hint}`);
  }
  if (target.dtype !== input.dtype) throw new Error(`${NAME}: input is ${input.dtype} but probability target is ${target.dtype} ${formatShape(target.shape)}`);
  return probabilityLoss(input.logSoftmax(classDim), target, classDim, weightView, smoothing, options.reduction);
}
