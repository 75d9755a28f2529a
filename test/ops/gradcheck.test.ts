// Property test for every op record: analytic gradients match central finite differences in float64 on cpu,
// and the forward pass in float32 matches float64 (so the float32 kernels are checked on cpu too).

import { test } from 'node:test';
import fc from 'fast-check';
import { tensor, type Tensor } from '../../src/index.js';
import type { CaseInput } from '../support/cross-backend.js';
import { gradcheck } from '../support/gradcheck.js';
import { checkProperty } from '../support/property.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { allRecords } from './records/index.js';

function cpuTensor(input: CaseInput, dtype: 'float32' | 'float64'): Tensor {
  if (input.dtype === 'int32') return tensor(Int32Array.from(input.values), { shape: input.shape, dtype: 'int32', backend: 'cpu' });
  return tensor(Float64Array.from(input.values), { shape: input.shape, dtype, backend: 'cpu', requiresGrad: input.requiresGrad ?? true });
}

for (const record of allRecords) {
  if (record.differentiable !== false) {
    test(`gradcheck [cpu float64] ${record.name}`, () => {
      checkProperty(
        fc.property(record.cases, (c) => {
          gradcheck(c.fn, c.inputs.map((i) => cpuTensor(i, 'float64')), { tolerance: record.gradTolerance });
        }),
        record.gradRuns ?? 25,
      );
    });
  }
  test(`forward [cpu float32 vs float64] ${record.name}`, () => {
    checkProperty(
      fc.property(record.cases, (c) => {
        const expected = c.fn(...c.inputs.map((i) => cpuTensor(i, 'float64'))).dataSync();
        const actual = c.fn(...c.inputs.map((i) => cpuTensor(i, 'float32'))).dataSync();
        assertClose(actual, expected, TOL.float32VsFloat64, `${record.name} float32 forward`);
      }),
      10,
    );
  });
}
