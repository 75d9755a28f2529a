// Building blocks for op records: random inputs for a shape, and case builders for the common op shapes
// (unary, broadcasting binary, reductions over random dims).

import fc from 'fast-check';
import type { Tensor } from '../../../src/index.js';
import type { CaseInput } from '../../support/cross-backend.js';
import { broadcastPairArb, shapeArb, valuesArb } from '../../support/property.js';
import type { OpCase } from './record.js';

export interface ValueDomain {
  /** Values are drawn in [-range, range] (then shifted by `offset`). */
  readonly range?: number;
  readonly offset?: number;
  /** Points where the op is not differentiable; values keep away from them. */
  readonly kinks?: readonly number[];
}

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A float input of the given shape with values from the domain. */
export function floatInput(shape: readonly number[], domain: ValueDomain = {}): fc.Arbitrary<CaseInput> {
  const offset = domain.offset ?? 0;
  const kinks = (domain.kinks ?? []).map((k) => k - offset);
  return valuesArb(sizeOfShape(shape), domain.range ?? 2, kinks, 0.02).map((values) => ({ shape, values: values.map((v) => v + offset) }));
}

/** Unary op over a random shape of rank 0..4. */
export function unaryCases(fn: (x: Tensor) => Tensor, domain: ValueDomain = {}): fc.Arbitrary<OpCase> {
  return fc
    .integer({ min: 0, max: 4 })
    .chain((rank) => shapeArb(rank, 1, 3))
    .chain((shape) => floatInput(shape, domain))
    .map((x) => ({ inputs: [x], fn }));
}

/** Binary op over two broadcast-compatible shapes. */
export function binaryCases(fn: (a: Tensor, b: Tensor) => Tensor, domainA: ValueDomain = {}, domainB: ValueDomain = domainA): fc.Arbitrary<OpCase> {
  return broadcastPairArb(3)
    .chain(([sa, sb]) => fc.tuple(floatInput(sa, domainA), floatInput(sb, domainB)))
    .map(([a, b]) => ({ inputs: [a, b], fn }));
}

/** A shape of rank 1..4 plus a random subset of its dims (possibly all) and a keepdim flag. */
export function reductionArb(): fc.Arbitrary<{ shape: number[]; dims: number[]; keepdim: boolean }> {
  return fc
    .integer({ min: 1, max: 4 })
    .chain((rank) =>
      fc.tuple(shapeArb(rank, 1, 4), fc.subarray([...Array(rank).keys()], { minLength: 1 }), fc.boolean(), fc.boolean()),
    )
    .map(([shape, dims, keepdim, negative]) => ({ shape, dims: negative ? dims.map((d) => d - shape.length) : dims, keepdim }));
}
