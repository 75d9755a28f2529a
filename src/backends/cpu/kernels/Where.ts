// cpu `where`: condition != 0 picks a, else b; all three broadcast to the output.

import type { KernelImpl } from '../../kernels.js';
import { broadcastValues } from '../broadcast.js';
import { CpuData, allocateOverwritten } from '../cpu-data.js';

export const where: KernelImpl<'where'> = ([ic, ia, ib], output) => {
  const c = broadcastValues(ic, output.shape);
  const a = broadcastValues(ia, output.shape);
  const b = broadcastValues(ib, output.shape);
  const y = allocateOverwritten(output);
  const n = y.length;
  const sc = c.length === n ? 1 : 0;
  const sa = a.length === n ? 1 : 0;
  const sb = b.length === n ? 1 : 0;
  for (let i = 0; i < n; i++) y[i] = c[i * sc] !== 0 ? a[i * sa] : b[i * sb];
  return new CpuData(y);
};
