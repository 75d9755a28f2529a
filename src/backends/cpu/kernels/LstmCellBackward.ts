// cpu `lstmCellBackward`: the adjoint of lstmCell in one pass of plain arithmetic. The activations come from
// the forward's saved output, so no exp or tanh is evaluated again; the pre-activations are read only for the
// hard sigmoid's slope, which is decided on 0.2 z + 0.5 as clamp's gradient decides it. The products are those
// of the composed ops' gradients, in the same order.

import type { KernelImpl } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { SAVED, gateBlocks } from './LstmCell.js';

/** dσ/dz from z and s = σ(z): s (1 - s), or 0.2 where 0 <= 0.2 z + 0.5 <= 1. */
function recurrentSlope(z: number, s: number, hard: boolean): number {
  if (!hard) return s * (1 - s);
  const y = z * 0.2 + 0.5;
  return y >= 0 && y <= 1 ? 0.2 : 0;
}

/** d act/dx from a = act(x): 1 - a^2, or 1 where relu's output is positive (so x > 0). */
function activationSlope(a: number, relu: boolean): number {
  return relu ? (a > 0 ? 1 : 0) : 1 - a * a;
}

export const lstmCellBackward: KernelImpl<'lstmCellBackward'> = ([gatesInfo, cInfo, savedInfo, gradInfo], output, attrs) => {
  const z = valuesOf(gatesInfo);
  const c = valuesOf(cInfo);
  const saved = valuesOf(savedInfo);
  const dOut = valuesOf(gradInfo);
  const out = allocate(output);
  const batch = cInfo.shape[0];
  if (out.length === 0) return new CpuData(out);
  const block = c.length / batch;
  const [bi, bf, bg, bo] = gateBlocks(attrs.gateOrder);
  const hard = attrs.recurrentActivation === 'hard_sigmoid';
  const relu = attrs.activation === 'relu';
  for (let n = 0; n < batch; n++) {
    const row = 4 * n * block;
    const zi = row + bi * block, zf = row + bf * block, zo = row + bo * block;
    const s = SAVED.blocks * n * block;
    const si = s + SAVED.i * block, sf = s + SAVED.f * block, sg = s + SAVED.g * block, so = s + SAVED.o * block, sa = s + SAVED.act * block;
    const d = 5 * n * block;
    const di = d + bi * block, df = d + bf * block, dg = d + bg * block, dO = d + bo * block, dc = d + 4 * block;
    const cRow = n * block;
    const gh = 2 * n * block, gcNext = gh + block;
    for (let j = 0; j < block; j++) {
      const i = saved[si + j], f = saved[sf + j], g = saved[sg + j], o = saved[so + j], a = saved[sa + j];
      const dh = dOut[gh + j];
      const gc = dOut[gcNext + j] + dh * o * activationSlope(a, relu);
      const cPrev = c[cRow + j];
      out[dO + j] = dh * a * recurrentSlope(hard ? z[zo + j] : 0, o, hard);
      out[di + j] = gc * g * recurrentSlope(hard ? z[zi + j] : 0, i, hard);
      out[df + j] = gc * cPrev * recurrentSlope(hard ? z[zf + j] : 0, f, hard);
      out[dg + j] = gc * i * activationSlope(g, relu);
      out[dc + j] = gc * f;
    }
  }
  return new CpuData(out);
};
