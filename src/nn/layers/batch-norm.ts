// BatchNorm1d/2d/3d: normalise over every dim but the channel dim (1) with batch statistics in training and
// running statistics in eval (the fused batchNorm op, which also updates the running statistics), keeping
// PyTorch's buffers (running_mean, running_var, num_batches_tracked).
// Keras's BatchNormalization momentum m corresponds to PyTorch's 1 - m (e.g. 0.99 -> 0.01).

import { noGrad } from '../../autograd/grad-mode.js';
import type { DType } from '../../backends/types.js';
import { batchNorm } from '../../ops/batch-norm.js';
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
    if (this.training && x.size / this.numFeatures <= 1) {
      throw new Error(`${this.typeName}: expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`);
    }
    return batchNorm(x, this.runningMean, this.runningVar, {
      weight: this.weight,
      bias: this.bias,
      // Without running statistics eval mode normalises with the batch's too.
      training: this.training || !this.runningMean,
      momentum: this.training && this.runningMean ? this.countBatch(x.dtype) : 0,
      eps: this.eps,
    });
  }

  /** Counts a training batch; returns the running statistics' momentum for it. */
  private countBatch(dtype: DType): number | Tensor {
    return noGrad(() => {
      const tracked = this.numBatchesTracked!;
      tracked.replaceData_(tracked.add(1));
      // momentum null: a cumulative average, weight 1 / batches seen (computed on the device, no readback).
      return this.momentum ?? tracked.to(dtype).reciprocal();
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

