// The representative subset of the hand-worked forward cases (those marked `webgpu` in forward-cases.ts) on the
// webgpu backend in float32, compared with TOL.webgpuVsFloat64 (exact cases stay exact). A separate file from the
// cpu suite so that a driver crash on the GPU side cannot take the cpu results down with it.

import { test } from 'node:test';
import { webgpuOrSkip } from '../support/webgpu.js';
import { FAMILIES, checkCase, maker } from './forward-cases.js';

for (const [family, cases] of Object.entries(FAMILIES)) {
  const subset = cases.filter((c) => c.webgpu);
  if (subset.length === 0) continue;
  test(`forward values [webgpu] ${family}`, async (t) => {
    if (!(await webgpuOrSkip(t))) return;
    const m = maker('webgpu', 'float32');
    for (const c of subset) await t.test(c.name, () => checkCase(c, m));
  });
}
