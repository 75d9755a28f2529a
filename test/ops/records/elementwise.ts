// Records for elementwise ops: unary primitives, broadcasting binary ops, comparisons, where, activations.

import fc from 'fast-check';
import * as fg from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { shapeArb } from '../../support/property.js';
import { binaryCases, floatInput, unaryCases } from './arbitraries.js';
import type { OpRecord } from './record.js';

const positive = { range: 1.5, offset: 2 };

const unaryRecords: OpRecord[] = [
  { name: 'neg', cases: unaryCases(fg.neg) },
  { name: 'abs', cases: unaryCases(fg.abs, { kinks: [0] }) },
  { name: 'exp', cases: unaryCases(fg.exp) },
  { name: 'expm1', cases: unaryCases(fg.expm1) },
  { name: 'log', cases: unaryCases(fg.log, positive) },
  { name: 'log1p', cases: unaryCases(fg.log1p, positive) },
  { name: 'sqrt', cases: unaryCases(fg.sqrt, positive) },
  { name: 'rsqrt', cases: unaryCases(fg.rsqrt, positive) },
  { name: 'reciprocal', cases: unaryCases(fg.reciprocal, positive) },
  { name: 'sin', cases: unaryCases(fg.sin, { range: 4 }) },
  { name: 'cos', cases: unaryCases(fg.cos, { range: 4 }) },
  { name: 'tanh', cases: unaryCases(fg.tanh, { range: 3 }) },
  { name: 'sigmoid', cases: unaryCases(fg.sigmoid, { range: 4 }) },
  { name: 'relu', cases: unaryCases(fg.relu, { kinks: [0] }) },
  { name: 'erf', cases: unaryCases(fg.erf, { range: 2.5 }) },
  { name: 'square', cases: unaryCases(fg.square) },
  { name: 'clamp', cases: unaryCases((x) => fg.clamp(x, -0.5, 0.75), { kinks: [-0.5, 0.75] }) },
  { name: 'clamp(min only)', cases: unaryCases((x) => fg.clamp(x, 0.25), { kinks: [0.25] }) },
  { name: 'pow(scalar exponent)', cases: unaryCases((x) => fg.pow(x, 2.5), positive) },
  { name: 'pow(negative integer exponent)', cases: unaryCases((x) => fg.pow(x, -3), positive) },
  { name: 'sign', cases: unaryCases(fg.sign, { kinks: [0] }) },
  { name: 'floor', cases: unaryCases(fg.floor, { range: 3, kinks: [-3, -2, -1, 0, 1, 2, 3] }) },
  { name: 'round', cases: unaryCases(fg.round, { range: 3, kinks: [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5] }) },
];

const activationRecords: OpRecord[] = [
  { name: 'leakyRelu', cases: unaryCases((x) => fg.leakyRelu(x, 0.1), { kinks: [0] }) },
  { name: 'elu', cases: unaryCases((x) => fg.elu(x, 1.3), { kinks: [0] }) },
  { name: 'gelu', cases: unaryCases((x) => fg.gelu(x), { range: 3 }) },
  { name: 'gelu(tanh)', cases: unaryCases((x) => fg.gelu(x, { approximate: 'tanh' }), { range: 3 }) },
  { name: 'hardSigmoid', cases: unaryCases(fg.hardSigmoid, { range: 4, kinks: [-3, 3] }) },
  { name: 'hardSigmoidKeras', cases: unaryCases(fg.hardSigmoidKeras, { range: 4, kinks: [-2.5, 2.5] }) },
  { name: 'silu', cases: unaryCases(fg.silu, { range: 3 }) },
  { name: 'softplus', cases: unaryCases((x) => fg.softplus(x, { beta: 2, threshold: 3 }), { range: 3, kinks: [1.5] }) },
  { name: 'relu6', cases: unaryCases(fg.relu6, { range: 8, kinks: [0, 6] }) },
  {
    name: 'prelu',
    cases: fc
      .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 3 }))
      .chain(([rank, channels]) => shapeArb(rank - 2, 1, 3).map((rest) => [2, channels, ...rest]))
      .chain((shape) => fc.tuple(floatInput(shape, { kinks: [0] }), floatInput([shape[1]], { range: 1 })))
      .map(([x, w]) => ({ inputs: [x, w], fn: (a: Tensor, b: Tensor) => fg.prelu(a, b) })),
  },
];

const binaryRecords: OpRecord[] = [
  { name: 'add', cases: binaryCases(fg.add) },
  { name: 'sub', cases: binaryCases(fg.sub) },
  { name: 'mul', cases: binaryCases(fg.mul) },
  { name: 'div', cases: binaryCases(fg.div, {}, positive) },
  { name: 'pow', cases: binaryCases(fg.pow, positive, { range: 2 }) },
  // Values 0.1 apart on a grid never tie, so maximum/minimum stay differentiable.
  { name: 'maximum', cases: binaryCases(fg.maximum, { kinks: [] }) },
  { name: 'minimum', cases: binaryCases(fg.minimum, { kinks: [] }) },
  { name: 'add(scalar)', cases: unaryCases((x) => fg.add(x, 1.5)) },
  { name: 'rsub(scalar)', cases: unaryCases((x) => fg.sub(2, x)) },
  { name: 'div(scalar numerator)', cases: unaryCases((x) => fg.div(3, x), positive) },
];

const comparisonRecords: OpRecord[] = (['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const).map((op) => ({
  name: op,
  differentiable: false,
  cases: binaryCases((a, b) => fg[op](a.round(), b.round())),
}));

const whereRecord: OpRecord = {
  name: 'where',
  cases: binaryCases((a, b) => fg.where(fg.gt(a.detach().add(b.detach()), 0), a, b)),
};

export const elementwiseRecords: OpRecord[] = [...unaryRecords, ...activationRecords, ...binaryRecords, ...comparisonRecords, whereRecord];
