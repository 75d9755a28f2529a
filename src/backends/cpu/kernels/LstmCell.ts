// cpu `lstmCell`: one LSTM step's gate arithmetic in one kernel, instead of the dozen full-size tensors the
// composed ops write (chunk copies, three σ, two act, two products, a sum). The five activations are written
// straight into the output blocks the backward reuses, so it evaluates no exp or tanh again (on cpu those
// dominate the cost). Per batch row it runs one tight loop per activation and then the combines, rather than
// one loop doing everything per element: V8 runs the separate loops about a fifth faster (measured), and the
// choice of activation is made once per loop, never per element.
// It also holds the block layout its backward kernel shares.

import type { KernelImpl, LstmCellAttrs } from '../../kernels.js';
import type { TypedArray } from '../../types.js';
import { CpuData, allocate, valuesOf } from '../cpu-data.js';

/** Offsets, in blocks of H·S elements, of the i, f, g and o pre-activations within one batch row of gates. */
export function gateBlocks(order: LstmCellAttrs['gateOrder']): readonly [number, number, number, number] {
  return order === 'ifgo' ? [0, 1, 2, 3] : [0, 1, 3, 2];
}

/** The blocks of lstmCell's output row, in units of H·S elements. */
export const SAVED = { h: 0, c: 1, i: 2, f: 3, g: 4, o: 5, act: 6, blocks: 7 } as const;

/** dst[d + j] = σ(src[s + j]) for j < len: the logistic sigmoid, or Keras's hard sigmoid computed as the composed ops do. */
function recurrentInto(dst: TypedArray, d: number, src: TypedArray, s: number, len: number, hard: boolean): void {
  if (hard) {
    for (let j = 0; j < len; j++) {
      const y = src[s + j] * 0.2 + 0.5;
      dst[d + j] = y < 0 ? 0 : y > 1 ? 1 : y;
    }
  } else {
    // No branch on the sign: exp(-x) overflowing to Infinity still gives the limit 0.
    for (let j = 0; j < len; j++) dst[d + j] = 1 / (1 + Math.exp(-src[s + j]));
  }
}

/** dst[d + j] = act(src[s + j]): tanh, or relu (NaN passes through, as the relu kernel). */
function activateInto(dst: TypedArray, d: number, src: TypedArray, s: number, len: number, relu: boolean): void {
  if (relu) {
    for (let j = 0; j < len; j++) {
      const x = src[s + j];
      dst[d + j] = x > 0 ? x : x !== x ? x : 0;
    }
  } else {
    for (let j = 0; j < len; j++) dst[d + j] = Math.tanh(src[s + j]);
  }
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
    const cRow = n * block;
    const o = SAVED.blocks * n * block;
    const oh = o + SAVED.h * block, oc = o + SAVED.c * block, oi = o + SAVED.i * block, of = o + SAVED.f * block;
    const og = o + SAVED.g * block, oo = o + SAVED.o * block, oa = o + SAVED.act * block;
    recurrentInto(out, oi, z, row + bi * block, block, hard);
    recurrentInto(out, of, z, row + bf * block, block, hard);
    recurrentInto(out, oo, z, row + bo * block, block, hard);
    activateInto(out, og, z, row + bg * block, block, relu);
    for (let j = 0; j < block; j++) out[oc + j] = out[of + j] * c[cRow + j] + out[oi + j] * out[og + j];
    activateInto(out, oa, out, oc, block, relu);
    for (let j = 0; j < block; j++) out[oh + j] = out[oo + j] * out[oa + j];
  }
  return new CpuData(out);
};
