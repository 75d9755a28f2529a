// cpu `lstmCell`: one LSTM step's gate arithmetic in a single pass, instead of the dozen full-size tensors the
// composed ops write (chunk copies, three σ, two act, two products, a sum). Each (n, hidden, position) element
// reads its four pre-activations and c once and writes h', c' and the five activations the backward reuses, so
// the backward evaluates no exp or tanh again (on cpu those dominate the cost). The activations are plain
// functions chosen by a flag that is constant over the loop, so the branch is always predicted and nothing is
// allocated per element. It also holds the pieces its backward kernel shares.

import type { KernelImpl, LstmCellAttrs } from '../../kernels.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';
import { sigmoid } from '../special-functions.js';

/** Offsets, in blocks of H·S elements, of the i, f, g and o pre-activations within one batch row of gates. */
export function gateBlocks(order: LstmCellAttrs['gateOrder']): readonly [number, number, number, number] {
  return order === 'ifgo' ? [0, 1, 2, 3] : [0, 1, 3, 2];
}

/** The blocks of lstmCell's output row, in units of H·S elements. */
export const SAVED = { h: 0, c: 1, i: 2, f: 3, g: 4, o: 5, act: 6, blocks: 7 } as const;

/** σ: the logistic sigmoid, or Keras's hard sigmoid computed as the composed ops do (x * 0.2 + 0.5, clamped). */
function recurrent(x: number, hard: boolean): number {
  if (!hard) return sigmoid(x);
  const y = x * 0.2 + 0.5;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

/** act: tanh, or relu (NaN passes through, as the relu kernel). */
function activate(x: number, relu: boolean): number {
  if (!relu) return Math.tanh(x);
  return x > 0 ? x : x !== x ? x : 0;
}

export const lstmCell: KernelImpl<'lstmCell'> = ([gatesInfo, cInfo], output, attrs) => {
  const z = valuesOf(gatesInfo);
  const c = valuesOf(cInfo);
  const out = allocate(output);
  const batch = cInfo.shape[0];
  if (out.length === 0) return new CpuData(out);
  const block = c.length / batch;
  const [bi, bf, bg, bo] = gateBlocks(attrs.gateOrder);
  const hard = attrs.recurrentActivation === 'hard_sigmoid';
  const relu = attrs.activation === 'relu';
  for (let n = 0; n < batch; n++) {
    const row = 4 * n * block;
    const zi = row + bi * block, zf = row + bf * block, zg = row + bg * block, zo = row + bo * block;
    const cRow = n * block;
    const o = SAVED.blocks * n * block;
    const oh = o + SAVED.h * block, oc = o + SAVED.c * block, oi = o + SAVED.i * block, of = o + SAVED.f * block;
    const og = o + SAVED.g * block, oo = o + SAVED.o * block, oa = o + SAVED.act * block;
    for (let j = 0; j < block; j++) {
      const si = recurrent(z[zi + j], hard), sf = recurrent(z[zf + j], hard), so = recurrent(z[zo + j], hard);
      const g = activate(z[zg + j], relu);
      const cNext = sf * c[cRow + j] + si * g;
      const a = activate(cNext, relu);
      out[oh + j] = so * a;
      out[oc + j] = cNext;
      out[oi + j] = si;
      out[of + j] = sf;
      out[og + j] = g;
      out[oo + j] = so;
      out[oa + j] = a;
    }
  }
  return new CpuData(out);
};
