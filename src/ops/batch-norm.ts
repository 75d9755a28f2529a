// batchNorm: torch.nn.functional.batch_norm over dim 1 of x [N, C, ...spatial] on the fused batch-norm kernels,
// where the composed ops (mean, sub, square, mean, rsqrt, mul, add and their gradients) write a dozen full-size
// tensors. With training, the statistics are the batch's (mean and biased variance over N and the spatial
// positions, `batchNormStats`), and the running statistics, when given, are updated in place outside the graph
// (with the unbiased variance, as PyTorch keeps it); otherwise they are the running ones. Either way the output
// is one `batchNormApply`: (x − mean) · weight / sqrt(var + eps) + bias.
// The gradient is two kernels when the backward pass records no graph (training): the per-channel sums of dy and
// dy x̂ (`batchNormBackwardReduce`, which also give d weight and d bias), then d x (`batchNormBackwardInput`).
// When it does (createGraph), the gradient is the same formulas written with differentiable ops, the statistics
// recomputed from x with ops, so the op is differentiable to any order without the kernels needing gradients.

import { recordOp } from '../autograd/grad-node.js';
import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { zeros } from '../tensor/creation.js';
import { tidy } from '../tensor/scope.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloat, runKernel } from './dispatch.js';

export interface FunctionalBatchNormOptions {
  /** Per-channel scale [C] (default none: 1). */
  readonly weight?: Tensor | null;
  /** Per-channel shift [C] (default none: 0). */
  readonly bias?: Tensor | null;
  /** Normalise with the batch's statistics and update the running ones when given (default false, as PyTorch). */
  readonly training?: boolean;
  /**
   * Weight of the batch statistics in the running update (default 0.1). A 0-d tensor lets a caller pass a
   * factor it computed on the device (BatchNorm's cumulative average, 1 / batches seen) without reading it back.
   */
  readonly momentum?: number | Tensor;
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps?: number;
}

/** The per-channel statistics the forward used: mean and 1 / sqrt(var + eps), each [C]. */
interface Stats {
  readonly mean: Tensor;
  readonly invstd: Tensor;
}

/** Throws unless t is a [C] tensor of x's dtype. */
function checkChannelVector(name: string, t: Tensor, x: Tensor): void {
  const channels = x.shape[1];
  if (!shapesEqual(t.shape, [channels])) {
    throw new Error(`batchNorm: ${name} has shape ${formatShape(t.shape)}, expected [${channels}] for input ${formatShape(x.shape)}`);
  }
  if (t.dtype !== x.dtype) throw new Error(`batchNorm: dtype mismatch, input ${x.dtype} ${formatShape(x.shape)} vs ${name} ${t.dtype} ${formatShape(t.shape)}`);
}

function checkArgs(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null, training: boolean, momentum: number | Tensor): void {
  assertFloat('batchNorm', x);
  if (x.rank < 2 || x.shape[1] === 0) throw new Error(`batchNorm: input must be [N, C, ...spatial] with C >= 1, got ${formatShape(x.shape)}`);
  const vectors: [string, Tensor | null][] = [['runningMean', runningMean], ['runningVar', runningVar], ['weight', weight], ['bias', bias]];
  for (const [name, t] of vectors) if (t) checkChannelVector(name, t, x);
  if ((runningMean === null) !== (runningVar === null)) throw new Error('batchNorm: runningMean and runningVar must be given together');
  if (!training && !runningMean) throw new Error(`batchNorm: eval mode (training false) needs runningMean and runningVar, input ${formatShape(x.shape)}`);
  if (isGradEnabled() && (runningMean?.requiresGrad || runningVar?.requiresGrad)) {
    throw new Error('batchNorm: runningMean and runningVar are statistics, not differentiable inputs; pass them detached');
  }
  if (training && x.size / x.shape[1] <= 1) throw new Error(`batchNorm: expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`);
  if (typeof momentum !== 'number' && (momentum.rank !== 0 || momentum.dtype !== x.dtype)) {
    throw new Error(`batchNorm: momentum must be a number or a 0-d ${x.dtype} tensor, got ${momentum.dtype} ${formatShape(momentum.shape)}`);
  }
}

/** The dims batch norm reduces over: every dim but the channel dim 1. */
function reducedDims(x: Tensor): number[] {
  return x.shape.map((_, i) => i).filter((i) => i !== 1);
}

/** The shape a [C] tensor takes to broadcast against x: [1, C, 1, ...]. */
function channelView(x: Tensor): number[] {
  return x.shape.map((d, i) => (i === 1 ? d : 1));
}

/** x [N, C, ...spatial] -> x's shape, normalised per channel over N and the spatial dims. */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, options: FunctionalBatchNormOptions = {}): Tensor {
  const weight = options.weight ?? null;
  const bias = options.bias ?? null;
  const training = options.training ?? false;
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  checkArgs(x, runningMean, runningVar, weight, bias, training, momentum);
  // Only the per-channel tensors that the output and its gradient read outlive this scope.
  const { stats, scale, shift } = tidy(() =>
    noGrad(() => {
      // In eval, an alias of the running mean: a later in-place update of the buffer leaves this graph's alone.
      const stats = training ? batchStats(x, eps, runningMean, runningVar, momentum) : { mean: runningMean!.detach(), invstd: runningVar!.add(eps).rsqrt() };
      const scale = weight ? stats.invstd.mul(weight) : stats.invstd;
      return { stats, scale, shift: bias ?? zeros([x.shape[1]], { dtype: x.dtype, backend: x.backend }) };
    }),
  );
  const y = runKernel('batchNorm', 'batchNormApply', [x, stats.mean, scale, shift], x.shape, x.dtype, {});
  const inputs = [x, weight, bias].filter((t): t is Tensor => t !== null);
  recordOp('batchNorm', y, inputs, (grad) => {
    const want = { x: x.requiresGrad, weight: weight?.requiresGrad ?? false, bias: bias?.requiresGrad ?? false };
    const grads = isGradEnabled()
      ? composedGradient(x, grad, weight, training ? null : stats, eps, want)
      : tidy(() => fusedGradient(x, grad, stats, scale, training, want));
    return [grads.dx, ...(weight ? [grads.dWeight] : []), ...(bias ? [grads.dBias] : [])];
  });
  // Without a graph nothing reads the per-channel tensors again.
  if (!y.requiresGrad) {
    for (const t of new Set([stats.mean, stats.invstd, scale, bias ? null : shift])) t?.dispose();
  }
  return y;
}

/** The two rows of a [2, C] kernel output, each [C]. */
function splitRows(packed: Tensor): [Tensor, Tensor] {
  const [first, second] = packed.reshape([packed.size]).split(packed.shape[1]);
  return [first, second];
}

/** The batch's mean and 1 / sqrt(var + eps), updating the running statistics (when given) in place. */
function batchStats(x: Tensor, eps: number, runningMean: Tensor | null, runningVar: Tensor | null, momentum: number | Tensor): Stats {
  const channels = x.shape[1];
  const [mean, variance] = splitRows(runKernel('batchNorm', 'batchNormStats', [x], [2, channels], x.dtype, {}));
  if (runningMean && runningVar) {
    const count = x.size / channels;
    const keep = typeof momentum === 'number' ? 1 - momentum : momentum.neg().add(1);
    runningMean.replaceData_(runningMean.mul(keep).add(mean.mul(momentum)));
    runningVar.replaceData_(runningVar.mul(keep).add(variance.mul(count / (count - 1)).mul(momentum)));
  }
  return { mean, invstd: variance.add(eps).rsqrt() };
}

/** Which inputs want a gradient. */
interface Wanted {
  readonly x: boolean;
  readonly weight: boolean;
  readonly bias: boolean;
}

interface Gradients {
  readonly dx: Tensor | null;
  readonly dWeight: Tensor | null;
  readonly dBias: Tensor | null;
}

/**
 * The gradients from the kernels (no graph is being recorded). With x̂ = (x − mean) invstd, M values per channel
 * and scale = weight · invstd: d bias = Σ dy, d weight = Σ dy x̂, and in training
 * d x = scale (dy − Σ dy / M − x̂ Σ dy x̂ / M); in eval d x = scale dy.
 */
function fusedGradient(x: Tensor, grad: Tensor, stats: Stats, scale: Tensor, training: boolean, want: Wanted): Gradients {
  const channels = x.shape[1];
  if (!training && !want.weight && !want.bias) return { dx: grad.mul(scale.reshape(channelView(x))), dWeight: null, dBias: null };
  const [sumDy, sumDyX] = splitRows(runKernel('batchNorm', 'batchNormBackwardReduce', [grad, x, stats.mean], [2, channels], x.dtype, {}));
  let dx: Tensor | null = null;
  if (want.x && training) {
    const count = x.size / channels;
    const xScale = scale.mul(stats.invstd.square()).mul(sumDyX).mul(-1 / count);
    const shift = scale.mul(sumDy).mul(-1 / count);
    dx = runKernel('batchNorm', 'batchNormBackwardInput', [grad, x, stats.mean, scale, xScale, shift], x.shape, x.dtype, {});
  } else if (want.x) {
    dx = grad.mul(scale.reshape(channelView(x)));
  }
  return { dx, dWeight: want.weight ? sumDyX.mul(stats.invstd) : null, dBias: want.bias ? sumDy : null };
}

/**
 * The same gradients written with ops, so a recorded backward can be differentiated: in training the statistics
 * are recomputed from x (they depend on it); in eval they are the forward's (`evalStats`, from the running
 * statistics), constants.
 */
function composedGradient(x: Tensor, grad: Tensor, weight: Tensor | null, evalStats: Stats | null, eps: number, want: Wanted): Gradients {
  const dims = reducedDims(x);
  const view = channelView(x);
  const mean = evalStats ? evalStats.mean.reshape(view) : x.mean({ dim: dims, keepdim: true });
  const centered = x.sub(mean);
  const invstd = evalStats ? evalStats.invstd.reshape(view) : centered.square().mean({ dim: dims, keepdim: true }).add(eps).rsqrt();
  const xHat = centered.mul(invstd);
  let dx: Tensor | null = null;
  if (want.x) {
    const dxHat = weight ? grad.mul(weight.reshape(view)) : grad;
    const meanOf = (t: Tensor): Tensor => t.mean({ dim: dims, keepdim: true });
    dx = evalStats ? dxHat.mul(invstd) : dxHat.sub(meanOf(dxHat)).sub(xHat.mul(meanOf(dxHat.mul(xHat)))).mul(invstd);
  }
  return {
    dx,
    dWeight: want.weight ? grad.mul(xHat).sum({ dim: dims }) : null,
    dBias: want.bias ? grad.sum({ dim: dims }) : null,
  };
}
