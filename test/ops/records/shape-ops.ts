// Records for data-movement ops: reshape family, permute, expand, slicing, flip, cat/stack/split, pad and
// the index gathers/scatters.

import fc from 'fast-check';
import * as fg from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { shapeArb } from '../../support/property.js';
import { floatInput, sizeOfShape } from './arbitraries.js';
import type { OpCase, OpRecord } from './record.js';

const anyShape = fc.integer({ min: 1, max: 4 }).chain((rank) => shapeArb(rank, 1, 4));

function oneInput(shapes: fc.Arbitrary<number[]>, make: (shape: number[]) => fc.Arbitrary<(x: Tensor) => Tensor>): fc.Arbitrary<OpCase> {
  return shapes.chain((shape) => fc.tuple(floatInput(shape), make(shape)).map(([x, fn]) => ({ inputs: [x], fn })));
}

const dimOf = (shape: number[]): fc.Arbitrary<number> => fc.integer({ min: 0, max: shape.length - 1 });

/** An int32 index input. */
function indexInput(shape: number[], bound: number): fc.Arbitrary<{ shape: number[]; values: number[]; dtype: 'int32' }> {
  return fc
    .array(fc.integer({ min: 0, max: bound - 1 }), { minLength: sizeOfShape(shape), maxLength: sizeOfShape(shape) })
    .map((values) => ({ shape, values, dtype: 'int32' as const }));
}

export const shapeRecords: OpRecord[] = [
  {
    name: 'reshape',
    cases: oneInput(anyShape, (shape) => fc.constant((x: Tensor) => x.reshape([-1, shape[shape.length - 1]]).mul(1))),
  },
  {
    name: 'flatten/unsqueeze/squeeze',
    cases: oneInput(anyShape, (shape) => dimOf(shape).map((d) => (x: Tensor) => x.unsqueeze(d).flatten(d).squeeze().mul(1))),
  },
  {
    name: 'permute',
    cases: oneInput(anyShape, (shape) => fc.shuffledSubarray([...shape.keys()], { minLength: shape.length, maxLength: shape.length }).map((order) => (x: Tensor) => x.permute(order))),
  },
  {
    name: 'transpose',
    cases: oneInput(anyShape, (shape) => fc.tuple(dimOf(shape), dimOf(shape)).map(([a, b]) => (x: Tensor) => x.transpose(a, b).mul(1))),
  },
  {
    name: 'expand',
    cases: oneInput(
      anyShape.map((s) => s.map((d, i) => (i % 2 === 0 ? 1 : d))),
      (shape) => fc.integer({ min: 1, max: 3 }).map((e) => (x: Tensor) => x.expand([2, ...shape.map((d) => (d === 1 ? e : d))])),
    ),
  },
  {
    name: 'slice',
    cases: oneInput(anyShape, (shape) =>
      dimOf(shape).chain((d) =>
        fc.tuple(fc.integer({ min: -shape[d], max: shape[d] - 1 }), fc.integer({ min: 1, max: 3 })).map(([start, step]) => (x: Tensor) => x.slice(d, start, undefined, step)),
      ),
    ),
  },
  {
    name: 'narrow',
    cases: oneInput(anyShape, (shape) =>
      dimOf(shape).chain((d) => fc.integer({ min: 0, max: shape[d] - 1 }).chain((s) => fc.integer({ min: 0, max: shape[d] - s }).map((len) => (x: Tensor) => x.narrow(d, s, len)))),
    ),
  },
  {
    name: 'flip',
    cases: oneInput(anyShape, (shape) => fc.subarray([...shape.keys()], { minLength: 1 }).map((dims) => (x: Tensor) => x.flip(dims))),
  },
  {
    name: 'cat',
    cases: fc
      .tuple(anyShape, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 }))
      .chain(([shape, extra, count]) =>
        dimOf(shape).chain((d) => {
          const shapes = Array.from({ length: count }, (_, i) => shape.map((v, j) => (j === d ? (i === 1 ? extra : v) : v)));
          return fc.tuple(...shapes.map((s) => floatInput(s))).map((inputs) => ({ inputs, fn: (...xs: Tensor[]) => fg.cat(xs, d) }));
        }),
      ),
  },
  {
    name: 'stack',
    cases: anyShape.chain((shape) =>
      fc.tuple(floatInput(shape), floatInput(shape), fc.integer({ min: 0, max: shape.length })).map(([a, b, d]) => ({ inputs: [a, b], fn: (x: Tensor, y: Tensor) => fg.stack([x, y], d) })),
    ),
  },
  {
    name: 'split/chunk',
    cases: oneInput(anyShape, (shape) =>
      fc.tuple(dimOf(shape), fc.integer({ min: 1, max: 3 })).map(([d, size]) => (x: Tensor) => {
        const parts = x.split(size, d).map((p, i) => p.mul(i + 1));
        return fg.cat([...parts, ...x.chunk(2, d)], d);
      }),
    ),
  },
  {
    name: 'pad(constant)',
    cases: oneInput(anyShape, (shape) =>
      fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 2, maxLength: 2 * shape.length })
        .filter((p) => p.length % 2 === 0 && p.every((v, i) => v >= 0 || shape[shape.length - 1 - Math.floor(i / 2)] > 2))
        .map((p) => (x: Tensor) => fg.pad(x, p, { value: 0.5 })),
    ),
  },
  ...(['reflect', 'replicate', 'circular'] as const).map((mode): OpRecord => ({
    name: `pad(${mode})`,
    cases: oneInput(anyShape.map((s) => s.map((d) => d + 1)), (shape) =>
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 2 * Math.min(shape.length, 3) })
        .filter((p) => p.length % 2 === 0 && p.every((v, i) => v < shape[shape.length - 1 - Math.floor(i / 2)]))
        .map((p) => (x: Tensor) => fg.pad(x, p, { mode })),
    ),
  })),
  {
    name: 'indexSelect',
    cases: anyShape.chain((shape) =>
      dimOf(shape).chain((d) =>
        fc.integer({ min: 1, max: 5 }).chain((m) =>
          fc.tuple(floatInput(shape), indexInput([m], shape[d])).map(([x, idx]) => ({ inputs: [x, idx], fn: (a: Tensor, i: Tensor) => fg.indexSelect(a, d, i) })),
        ),
      ),
    ),
  },
  {
    name: 'indexAdd',
    cases: anyShape.chain((shape) =>
      dimOf(shape).chain((d) =>
        fc.integer({ min: 1, max: 5 }).chain((m) => {
          const srcShape = shape.map((v, i) => (i === d ? m : v));
          return fc.tuple(floatInput(shape), indexInput([m], shape[d]), floatInput(srcShape)).map(([x, idx, src]) => ({
            inputs: [x, idx, src],
            fn: (a: Tensor, i: Tensor, s: Tensor) => fg.indexAdd(a, d, i, s),
          }));
        }),
      ),
    ),
  },
  {
    name: 'gather',
    cases: anyShape.chain((shape) =>
      dimOf(shape).chain((d) =>
        fc.integer({ min: 1, max: 4 }).chain((m) => {
          const idxShape = shape.map((v, i) => (i === d ? m : Math.max(1, v - 1)));
          return fc.tuple(floatInput(shape), indexInput(idxShape, shape[d])).map(([x, idx]) => ({ inputs: [x, idx], fn: (a: Tensor, i: Tensor) => fg.gather(a, d, i) }));
        }),
      ),
    ),
  },
  {
    name: 'scatterAdd',
    cases: anyShape.chain((shape) =>
      dimOf(shape).chain((d) =>
        fc.integer({ min: 1, max: 4 }).chain((m) => {
          const idxShape = shape.map((v, i) => (i === d ? m : v));
          return fc.tuple(floatInput(shape), indexInput(idxShape, shape[d]), floatInput(idxShape)).map(([x, idx, src]) => ({
            inputs: [x, idx, src],
            fn: (a: Tensor, i: Tensor, s: Tensor) => fg.scatterAdd(a, d, i, s),
          }));
        }),
      ),
    ),
  },
];
