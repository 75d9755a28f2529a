// Property test for every op record on webgpu: forward and every input gradient in float32 match the cpu
// float64 reference (test/support/cross-backend.ts).

import { test } from 'node:test';
import fc from 'fast-check';
import { checkCrossBackend } from '../support/cross-backend.js';
import { checkProperty } from '../support/property.js';
import { TOL } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { allRecords } from './records/index.js';

for (const record of allRecords) {
  test(`parity [webgpu float32 vs cpu float64] ${record.name}`, async (t) => {
    if (!(await webgpuOrSkip(t))) return;
    await checkProperty(
      fc.asyncProperty(record.cases, async (c) => {
        await checkCrossBackend(c.fn, c.inputs, record.webgpuTolerance ?? TOL.webgpuVsFloat64, record.name);
      }),
      record.webgpuRuns ?? 6,
    );
  });
}
