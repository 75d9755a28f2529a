// cpu `binary`: broadcast operands are materialised (or read as scalars with a zero step), then one tight
// loop per op, the op chosen once outside the loop.

import type { KernelImpl } from '../../kernels.js';
import { broadcastValues } from '../broadcast.js';
import { CpuData, allocate } from '../cpu-data.js';

export const binary: KernelImpl<'binary'> = ([ia, ib], output, { op }) => {
  const a = broadcastValues(ia, output.shape);
  const b = broadcastValues(ib, output.shape);
  const y = allocate(output);
  const n = y.length;
  // A scalar operand is read at index 0 throughout (step 0).
  const sa = a.length === n ? 1 : 0;
  const sb = b.length === n ? 1 : 0;
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) y[i] = a[i * sa] + b[i * sb]; break;
    case 'sub': for (let i = 0; i < n; i++) y[i] = a[i * sa] - b[i * sb]; break;
    case 'mul': for (let i = 0; i < n; i++) y[i] = a[i * sa] * b[i * sb]; break;
    case 'div': for (let i = 0; i < n; i++) y[i] = a[i * sa] / b[i * sb]; break;
    case 'pow': for (let i = 0; i < n; i++) y[i] = Math.pow(a[i * sa], b[i * sb]); break;
    case 'maximum': for (let i = 0; i < n; i++) { const u = a[i * sa], v = b[i * sb]; y[i] = u > v || u !== u ? u : v; } break;
    case 'minimum': for (let i = 0; i < n; i++) { const u = a[i * sa], v = b[i * sb]; y[i] = u < v || u !== u ? u : v; } break;
    case 'eq': for (let i = 0; i < n; i++) y[i] = a[i * sa] === b[i * sb] ? 1 : 0; break;
    case 'ne': for (let i = 0; i < n; i++) y[i] = a[i * sa] !== b[i * sb] ? 1 : 0; break;
    case 'lt': for (let i = 0; i < n; i++) y[i] = a[i * sa] < b[i * sb] ? 1 : 0; break;
    case 'le': for (let i = 0; i < n; i++) y[i] = a[i * sa] <= b[i * sb] ? 1 : 0; break;
    case 'gt': for (let i = 0; i < n; i++) y[i] = a[i * sa] > b[i * sb] ? 1 : 0; break;
    case 'ge': for (let i = 0; i < n; i++) y[i] = a[i * sa] >= b[i * sb] ? 1 : 0; break;
  }
  return new CpuData(y);
};
