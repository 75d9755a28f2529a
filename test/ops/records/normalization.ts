// Records for the fused batchNorm op: random batch, channel and spatial sizes (none to two spatial dims), with
// and without weight and bias (each drawn with or without a gradient), in training (batch statistics, with or
// without running statistics to update) and in eval (running statistics, inputs without gradients); and its
// double backward, which runs the gradient written with ops.

import fc from 'fast-check';
import * as fg from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import type { CaseInput } from '../../support/cross-backend.js';
import { shapeArb } from '../../support/property.js';
import { floatInput } from './arbitraries.js';
import type { OpCase, OpRecord } from './record.js';

interface BatchNormCase {
  readonly inputs: CaseInput[];
  readonly training: boolean;
  readonly affine: boolean;
  readonly tracked: boolean;
  readonly eps: number;
}

/**
 * x [N, C, ...spatial] with at least 2 values per channel, then (affine) weight and bias [C], then (eval) the
 * running mean and a running variance in [0.5, 1.5]. eps up to 1e-2 keeps the variance of 2 close values from
 * magnifying finite-difference error.
 */
function batchNormArb(training: boolean): fc.Arbitrary<BatchNormCase> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 3 }),
      channels: fc.integer({ min: 1, max: 3 }),
      spatial: fc.integer({ min: 0, max: 2 }).chain((rank) => shapeArb(rank, 1, 3)),
      affine: fc.boolean(),
      weightGrad: fc.boolean(),
      biasGrad: fc.boolean(),
      tracked: fc.boolean(),
      eps: fc.constantFrom(1e-5, 1e-3, 1e-2),
    })
    .filter(({ n, spatial }) => n * spatial.reduce((a, b) => a * b, 1) > 1)
    .chain(({ n, channels, spatial, affine, weightGrad, biasGrad, tracked, eps }) =>
      fc
        .tuple(
          floatInput([n, channels, ...spatial], { range: 2, offset: 0.5 }),
          floatInput([channels], { range: 1, offset: 1 }),
          floatInput([channels], { range: 1 }),
          floatInput([channels], { range: 1 }),
          floatInput([channels], { range: 0.5, offset: 1 }),
        )
        .map(([x, weight, bias, runningMean, runningVar]) => ({
          inputs: [
            x,
            ...(affine ? [{ ...weight, requiresGrad: weightGrad }, { ...bias, requiresGrad: biasGrad }] : []),
            ...(training ? [] : [{ ...runningMean, requiresGrad: false }, { ...runningVar, requiresGrad: false }]),
          ],
          training,
          affine,
          tracked: training && tracked,
          eps,
        })),
    );
}

/** batchNorm on the case's inputs; tracked training cases update fresh running statistics as a side effect. */
function apply(c: BatchNormCase, xs: Tensor[]): Tensor {
  const [x, ...rest] = xs;
  const [weight, bias] = c.affine ? rest.slice(0, 2) : [null, null];
  const channels = x.shape[1];
  const place = { dtype: x.dtype, backend: x.backend };
  const [runningMean, runningVar] = c.training
    ? c.tracked ? [fg.zeros([channels], place), fg.ones([channels], place)] : [null, null]
    : rest.slice(c.affine ? 2 : 0);
  return fg.batchNorm(x, runningMean, runningVar, { weight, bias, training: c.training, momentum: 0.3, eps: c.eps });
}

function batchNormCases(training: boolean): fc.Arbitrary<OpCase> {
  return batchNormArb(training).map((c) => ({ inputs: c.inputs, fn: (...xs: Tensor[]) => apply(c, xs) }));
}

/**
 * The gradients of sum(out^2) w.r.t. x, weight and bias (the running statistics are constants), flattened side
 * by side. Finite differences probe under noGrad with plain tensors, so each input gets its own leaf there.
 */
function batchNormDoubleBackwardCases(training: boolean): fc.Arbitrary<OpCase> {
  return batchNormArb(training).map((c) => {
    const differentiable = c.affine ? 3 : 1;
    return {
      inputs: c.inputs.map((i, k) => ({ ...i, requiresGrad: k < differentiable })),
      fn: (...xs: Tensor[]) =>
        fg.enableGrad(() => {
          const leaves = xs.map((t, k) => (k >= differentiable || t.requiresGrad ? t : t.detach().requiresGrad_()));
          const grads = fg.grad(apply(c, leaves).square().sum(), leaves.slice(0, differentiable), { createGraph: true });
          return fg.cat(grads.map((g) => g.flatten()));
        }),
    };
  });
}

export const normalizationRecords: OpRecord[] = [
  { name: 'batchNorm training', cases: batchNormCases(true) },
  { name: 'batchNorm eval', cases: batchNormCases(false) },
  { name: 'batchNorm training double backward', cases: batchNormDoubleBackwardCases(true), gradRuns: 15 },
  { name: 'batchNorm eval double backward', cases: batchNormDoubleBackwardCases(false), gradRuns: 15 },
];
