// Records for the fused recurrent-cell ops lstmCell, gruResetGate and gruUpdate: random batch, hidden and
// spatial sizes (none for LSTMCell's [N, 4H] gates, up to two for ConvLSTM's), for lstmCell every recurrent
// activation, activation and gate order, with the state's gradient drawn on or off; and their double
// backward, which runs the gradient written with ops.

import fc from 'fast-check';
import * as fg from '../../../src/index.js';
import type { LstmCellOptions, Tensor } from '../../../src/index.js';
import type { CaseInput } from '../../support/cross-backend.js';
import { shapeArb } from '../../support/property.js';
import { floatInput } from './arbitraries.js';
import type { OpCase, OpRecord } from './record.js';

/**
 * With relu, gates stay within ±2 (the hard sigmoid never saturates, so σ(zf) > 0) and c within [0.5, 2.5], so
 * c' = σ(zf) c + σ(zi) relu(zg) > 0 keeps off relu's kink; with tanh, gates reach ±3, past the hard sigmoid's
 * kinks at ±2.5, and keep away from them.
 */
function lstmCellArb(): fc.Arbitrary<{ inputs: CaseInput[]; options: LstmCellOptions }> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      hidden: fc.integer({ min: 1, max: 3 }),
      spatial: fc.integer({ min: 0, max: 2 }).chain((rank) => shapeArb(rank, 1, 3)),
      recurrentActivation: fc.constantFrom('sigmoid' as const, 'hard_sigmoid' as const),
      activation: fc.constantFrom('tanh' as const, 'relu' as const),
      gateOrder: fc.constantFrom('ifgo' as const, 'ifog' as const),
      cGrad: fc.boolean(),
    })
    .chain(({ n, hidden, spatial, cGrad, ...options }) => {
      const relu = options.activation === 'relu';
      return fc
        .tuple(
          floatInput([n, 4 * hidden, ...spatial], relu ? { range: 2, kinks: [0] } : { range: 3, kinks: [-2.5, 2.5] }),
          floatInput([n, hidden, ...spatial], relu ? { range: 1, offset: 1.5 } : { range: 2 }),
        )
        .map(([gates, c]) => ({ inputs: [gates, { ...c, requiresGrad: cGrad }], options }));
    });
}

function lstmCellCases(): fc.Arbitrary<OpCase> {
  return lstmCellArb().map(({ inputs, options }) => ({
    inputs,
    fn: (gates: Tensor, c: Tensor) => {
      const next = fg.lstmCell(gates, c, options);
      return fg.cat([next.h.flatten(), next.c.flatten()]);
    },
  }));
}

/**
 * The gradients of sum(h'^2) + sum(c'^2) w.r.t. gates and c, flattened side by side. Finite differences probe
 * under noGrad with plain tensors, so each input gets its own leaf there.
 */
function lstmCellDoubleBackwardCases(): fc.Arbitrary<OpCase> {
  return lstmCellArb().map(({ inputs, options }) => ({
    inputs: inputs.map((i) => ({ ...i, requiresGrad: true })),
    fn: (gates: Tensor, c: Tensor) =>
      fg.enableGrad(() => {
        const [g, s] = [gates, c].map((t) => (t.requiresGrad ? t : t.detach().requiresGrad_()));
        const next = fg.lstmCell(g, s, options);
        const [dg, ds] = fg.grad(next.h.square().sum().add(next.c.square().sum()), [g, s], { createGraph: true });
        return fg.cat([dg.flatten(), ds.flatten()]);
      }),
  }));
}

/** [N, H, ...spatial] inputs to a GRU gate op, the state h (second) with its gradient drawn on or off. */
function gruArb(count: number): fc.Arbitrary<CaseInput[]> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      hidden: fc.integer({ min: 1, max: 3 }),
      spatial: fc.integer({ min: 0, max: 2 }).chain((rank) => shapeArb(rank, 1, 3)),
      hGrad: fc.boolean(),
    })
    .chain(({ n, hidden, spatial, hGrad }) =>
      fc
        .tuple(...Array.from({ length: count }, () => floatInput([n, hidden, ...spatial], { range: 3 })))
        .map((inputs) => inputs.map((input, k) => (k === 1 ? { ...input, requiresGrad: hGrad } : input))),
    );
}

type GruFn = (...xs: Tensor[]) => Tensor;
const gruResetGate: GruFn = (rPre, h) => fg.gruResetGate(rPre, h);
const gruUpdate: GruFn = (zPre, h, candPre) => fg.gruUpdate(zPre, h, candPre);

function gruCases(fn: GruFn, count: number): fc.Arbitrary<OpCase> {
  return gruArb(count).map((inputs) => ({ inputs, fn }));
}

/** The gradients of sum(out^2) w.r.t. every input, flattened side by side (each input its own leaf, as above). */
function gruDoubleBackwardCases(fn: GruFn, count: number): fc.Arbitrary<OpCase> {
  return gruArb(count).map((inputs) => ({
    inputs: inputs.map((i) => ({ ...i, requiresGrad: true })),
    fn: (...xs: Tensor[]) =>
      fg.enableGrad(() => {
        const leaves = xs.map((t) => (t.requiresGrad ? t : t.detach().requiresGrad_()));
        const grads = fg.grad(fn(...leaves).square().sum(), leaves, { createGraph: true });
        return fg.cat(grads.map((g) => g.flatten()));
      }),
  }));
}

export const recurrentRecords: OpRecord[] = [
  { name: 'lstmCell', cases: lstmCellCases() },
  { name: 'lstmCell double backward', cases: lstmCellDoubleBackwardCases(), gradRuns: 15 },
  { name: 'gruResetGate', cases: gruCases(gruResetGate, 2) },
  { name: 'gruUpdate', cases: gruCases(gruUpdate, 3) },
  { name: 'gruResetGate double backward', cases: gruDoubleBackwardCases(gruResetGate, 2), gradRuns: 15 },
  { name: 'gruUpdate double backward', cases: gruDoubleBackwardCases(gruUpdate, 3), gradRuns: 15 },
];
