// Records for reductions (random dims and keepdim), softmax/logSoftmax/logsumexp, var/std and matmul.

import fc from 'fast-check';
import * as fg from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { shapeArb } from '../../support/property.js';
import { floatInput, reductionArb } from './arbitraries.js';
import type { OpCase, OpRecord } from './record.js';

/** `minReduced`: the least number of elements each reduction must cover (std is not differentiable at 1). */
function reductionCases(fn: (x: Tensor, dims: number[], keepdim: boolean) => Tensor, minReduced = 1): fc.Arbitrary<OpCase> {
  const reducedCount = (shape: number[], dims: number[]): number => dims.reduce((n, d) => n * shape[(d + shape.length) % shape.length], 1);
  return reductionArb().filter(({ shape, dims }) => reducedCount(shape, dims) >= minReduced).chain(({ shape, dims, keepdim }) =>
    floatInput(shape).map((x) => ({ inputs: [x], fn: (t: Tensor) => fn(t, dims, keepdim) })),
  );
}

/** One dim of a random rank-1..4 shape (softmax-style ops take a single dim). */
function singleDimCases(fn: (x: Tensor, dim: number) => Tensor): fc.Arbitrary<OpCase> {
  return fc
    .integer({ min: 1, max: 4 })
    .chain((rank) => fc.tuple(shapeArb(rank, 1, 4), fc.integer({ min: -rank, max: rank - 1 })))
    .chain(([shape, dim]) => floatInput(shape, { range: 3 }).map((x) => ({ inputs: [x], fn: (t: Tensor) => fn(t, dim) })));
}

/** Operand shapes for matmul: 1-d, 2-d and batched with broadcast batch dims. */
const matmulShapes: fc.Arbitrary<[number[], number[]]> = fc
  .tuple(
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: 5 }),
    fc.constantFrom('vec-mat', 'mat-vec', 'vec-vec', 'mat-mat', 'batched', 'broadcast'),
    fc.integer({ min: 1, max: 3 }),
  )
  .map(([m, k, n, kind, b]) => {
    switch (kind) {
      case 'vec-mat': return [[k], [k, n]];
      case 'mat-vec': return [[m, k], [k]];
      case 'vec-vec': return [[k], [k]];
      case 'mat-mat': return [[m, k], [k, n]];
      case 'batched': return [[b, m, k], [b, k, n]];
      default: return [[b, 1, m, k], [2, k, n]];
    }
  });

export const reductionRecords: OpRecord[] = [
  { name: 'sum', cases: reductionCases((x, dim, keepdim) => fg.sum(x, { dim, keepdim })) },
  { name: 'sum(all)', cases: reductionCases((x) => fg.sum(x)) },
  { name: 'mean', cases: reductionCases((x, dim, keepdim) => fg.mean(x, { dim, keepdim })) },
  // Random doubles do not tie, so max/min have a unique arg and a well-defined gradient.
  { name: 'max', cases: reductionCases((x, dim, keepdim) => fg.max(x, { dim, keepdim })) },
  { name: 'min', cases: reductionCases((x, dim, keepdim) => fg.min(x, { dim, keepdim })) },
  { name: 'var', cases: reductionCases((x, dim, keepdim) => fg.variance(x, { dim, keepdim, correction: 0 })) },
  { name: 'var(unbiased)', cases: reductionCases((x, dim, keepdim) => fg.variance(x, { dim, keepdim }), 2) },
  { name: 'std', cases: reductionCases((x, dim, keepdim) => fg.std(x, { dim, keepdim, correction: 0 }), 2) },
  { name: 'logsumexp', cases: reductionCases((x, dim, keepdim) => fg.logsumexp(x, dim, keepdim)) },
  { name: 'softmax', cases: singleDimCases((x, dim) => fg.softmax(x, dim)) },
  { name: 'logSoftmax', cases: singleDimCases((x, dim) => fg.logSoftmax(x, dim)) },
  {
    name: 'argmax',
    differentiable: false,
    cases: singleDimCases((x, dim) => fg.argmax(x, { dim })),
  },
  {
    name: 'argmin',
    differentiable: false,
    cases: singleDimCases((x, dim) => fg.argmin(x, { dim, keepdim: true })),
  },
  {
    name: 'matmul',
    cases: matmulShapes
      .chain(([sa, sb]) => fc.tuple(floatInput(sa), floatInput(sb)))
      .map(([a, b]) => ({ inputs: [a, b], fn: (x: Tensor, y: Tensor) => fg.matmul(x, y) })),
  },
];
