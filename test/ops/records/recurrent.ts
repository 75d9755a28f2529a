// Records for the fused recurrent-cell op lstmCell: random batch, hidden and spatial sizes (none for LSTMCell's
// [N, 4H] gates, up to two for ConvLSTM's), every recurrent activation, activation and gate order, with c's
// gradient drawn on or off; and its double backward, which runs the gradient written with ops.

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

export const recurrentRecords: OpRecord[] = [
  { name: 'lstmCell', cases: lstmCellCases() },
  { name: 'lstmCell double backward', cases: lstmCellDoubleBackwardCases(), gradRuns: 15 },
];
