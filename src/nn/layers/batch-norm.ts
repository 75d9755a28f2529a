// BatchNorm1d/2d/3d: normalise over every dim but the channel dim (1) with batch statistics in training and
// running statistics in eval, keeping PyTorch's buffers (running_mean, running_var, num_batches_tracked).
// Keras's BatchNormalization momentum m corresponds to PyTorch's 1 - m (e.g. 0.99 -> 0.01).

import { noGrad } from '../../autograd/grad-mode.js';
import { ones, zeros } from '../../tensor/creation.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module, type TensorModule } from '../module.js';
import { Parameter } from '../parameter.js';

export interface BatchNormOptions {
  readonly eps?: number;
  /** Weight of the new batch statistic in the running average (default 0.1); null for a cumulative average. */
  readonly momentum?: number | null;
  /** Learn a per-channel scale and shift (default true). */
  readonly affine?: boolean;
  /** Keep running statistics for eval mode (default true). */
  readonly trackRunningStats?: boolean;
}

abstract class BatchNormNd extends Module implements TensorModule {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;

  constructor(
    private readonly ranks: readonly number[],
    readonly numFeatures: number,
    options: BatchNormOptions,
  ) {
    super();
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    const affine = options.affine ?? true;
    const track = options.trackRunningStats ?? true;
    this.weight = this.registerParameter('weight', affine ? new Parameter(ones([numFeatures])) : null);
    this.bias = this.registerParameter('bias', affine ? new Parameter(zeros([numFeatures])) : null);
    this.runningMean = this.registerBuffer('running_mean', track ? zeros([numFeatures]) : null);
    this.runningVar = this.registerBuffer('running_var', track ? ones([numFeatures]) : null);
    this.registerBuffer('num_batches_tracked', track ? zeros([], { dtype: 'int32' }) : null);
  }

  /** Batches seen in training (PyTorch keeps this as a 0-d int64; here an int32). */
  get numBatchesTracked(): Tensor | null {
    return this.getBuffer('num_batches_tracked');
  }

  forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.rank) || x.shape[1] !== this.numFeatures) {
      throw new Error(`${this.typeName}: expected input of rank ${this.ranks.join(' or ')} with ${this.numFeatures} channels at dim 1, got ${formatShape(x.shape)}`);
    }
    const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const view = x.shape.map((d, i) => (i === 1 ? d : 1));
    const useBatchStats = this.training || !this.runningMean;
    let mean: Tensor;
    let variance: Tensor;
    if (useBatchStats) {
      const count = x.size / this.numFeatures;
      if (this.training && count <= 1) throw new Error(`${this.typeName}: expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`);
      mean = x.mean({ dim: dims });
      variance = x.sub(mean.reshape(view)).square().mean({ dim: dims });
      if (this.training && this.runningMean && this.runningVar) this.updateRunningStats(mean, variance, count);
    } else {
      mean = this.runningMean!;
      variance = this.runningVar!;
    }
    let y = x.sub(mean.reshape(view)).mul(variance.add(this.eps).rsqrt().reshape(view));
    if (this.weight) y = y.mul(this.weight.reshape(view));
    if (this.bias) y = y.add(this.bias.reshape(view));
    return y;
  }

  private updateRunningStats(mean: Tensor, biasedVar: Tensor, count: number): void {
    noGrad(() => {
      const tracked = this.numBatchesTracked!;
      tracked.replaceData_(tracked.add(1));
      // momentum null: a cumulative average, weight 1 / batches seen (computed on the device, no readback).
      const m = this.momentum ?? tracked.to(mean.dtype).reciprocal();
      const keep = typeof m === 'number' ? 1 - m : m.neg().add(1);
      // The running variance is the unbiased estimate, as PyTorch keeps it.
      const unbiased = biasedVar.mul(count / (count - 1));
      this.runningMean!.replaceData_(this.runningMean!.mul(keep).add(mean.detach().mul(m)));
      this.runningVar!.replaceData_(this.runningVar!.mul(keep).add(unbiased.detach().mul(m)));
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, trackRunningStats=${this.runningMean !== null}`;
  }
}

export class BatchNorm1d extends BatchNormNd {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super([2, 3], numFeatures, options);
  }
}

export class BatchNorm2d extends BatchNormNd {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super([4], numFeatures, options);
  }
}

export class BatchNorm3d extends BatchNormNd {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super([5], numFeatures, options);
  }
}

