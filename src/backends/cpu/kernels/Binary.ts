// cpu `binary`: the output is walked as rows of its collapsed broadcast shape (broadcastRows), each input read in
// place with its own step (1, or 0 when broadcast along the row), so broadcast operands are never materialised.
// One tight loop per op per row, the op chosen once per row.

import type { BinaryOp, KernelImpl } from '../../kernels.js';
import type { TypedArray } from '../../types.js';
import { broadcastRows } from '../broadcast.js';
import { CpuData, allocateOverwritten, valuesOf } from '../cpu-data.js';

function row(op: BinaryOp, a: TypedArray, ia: number, sa: number, b: TypedArray, ib: number, sb: number, y: TypedArray, o: number, n: number): void {
  const end = o + n;
  switch (op) {
    case 'add': for (; o < end; o++, ia += sa, ib += sb) y[o] = a[ia] + b[ib]; break;
    case 'sub': for (; o < end; o++, ia += sa, ib += sb) y[o] = a[ia] - b[ib]; break;
    case 'mul': for (; o < end; o++, ia += sa, ib += sb) y[o] = a[ia] * b[ib]; break;
    case 'div': for (; o < end; o++, ia += sa, ib += sb) y[o] = a[ia] / b[ib]; break;
    case 'pow': for (; o < end; o++, ia += sa, ib += sb) y[o] = Math.pow(a[ia], b[ib]); break;
    case 'maximum': for (; o < end; o++, ia += sa, ib += sb) { const u = a[ia], v = b[ib]; y[o] = u > v || u !== u ? u : v; } break;
    case 'minimum': for (; o < end; o++, ia += sa, ib += sb) { const u = a[ia], v = b[ib]; y[o] = u < v || u !== u ? u : v; } break;
    case 'eq': for (; o < end; o++, ia += sa, ib += sb) y[o] = a[ia] === b[ib] ? 1 : 0; break;
    case 'ne': for (; o < end; o++, ia += sa, ib += sb) y[o] = a[ia] !== b[ib] ? 1 : 0; break;
    case 'lt': for (; o < end; o++, ia += sa, ib += sb) y[o] = a[ia] < b[ib] ? 1 : 0; break;
    case 'le': for (; o < end; o++, ia += sa, ib += sb) y[o] = a[ia] <= b[ib] ? 1 : 0; break;
    case 'gt': for (; o < end; o++, ia += sa, ib += sb) y[o] = a[ia] > b[ib] ? 1 : 0; break;
    case 'ge': for (; o < end; o++, ia += sa, ib += sb) y[o] = a[ia] >= b[ib] ? 1 : 0; break;
    // The output is not cleared first (allocateOverwritten), so an op without a loop must not pass silently.
    default: throw new Error(`cpu binary: no kernel for op '${op as string}'`);
  }
}

export const binary: KernelImpl<'binary'> = ([ia, ib], output, { op }) => {
  const a = valuesOf(ia);
  const b = valuesOf(ib);
  const y = allocateOverwritten(output);
  if (y.length === 0) return new CpuData(y);
  const { shape, strides: [as, bs] } = broadcastRows(output.shape, [ia.shape, ib.shape]);
  const rank = shape.length;
  const inner = shape[rank - 1];
  const idx = new Int32Array(rank);
  let oa = 0;
  let ob = 0;
  for (let o = 0; o < y.length; o += inner) {
    row(op, a, oa, as[rank - 1], b, ob, bs[rank - 1], y, o, inner);
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      oa += as[d];
      ob += bs[d];
      if (idx[d] < shape[d]) break;
      oa -= as[d] * shape[d];
      ob -= bs[d] * shape[d];
      idx[d] = 0;
    }
  }
  return new CpuData(y);
};
