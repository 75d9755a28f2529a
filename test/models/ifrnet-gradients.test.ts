// IFRNet's gradients: every parameter of every block kind receives one from each training objective, and float64
// analytic gradients agree with central finite differences, w.r.t. part of an input frame (test/support/gradcheck.ts)
// and w.r.t. chosen parameter elements under IFRNet's objective (Charbonnier + census + geometry). Distillation is
// left out of the latter: its robust weight is computed from the detached flow, as in the reference, so its analytic
// gradient deliberately differs from the loss's total derivative.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Tensor, cat, noGrad, tensor } from '../../src/index.js';
import { PReLU } from '../../src/nn/layers/activation.js';
import { IFRNet, type IfrnetBatch, type IfrnetLossKind, ifrnetLoss } from '../../src/models/ifrnet/index.js';
import { gradcheck } from '../support/gradcheck.js';
import { TOL, firstMismatch } from '../support/tolerances.js';
import { MINIATURES, movingSquares, seeded } from './ifrnet-helpers.js';

/**
 * Seeded random frames at size x size (varied enough that every PReLU sees negative inputs, which a flat synthetic
 * scene does not guarantee at the coarse levels), with teacher flows when asked.
 */
function batch(size: number, withFlow: boolean, dtype: 'float32' | 'float64' = 'float32'): IfrnetBatch {
  const [img0, img1, target] = [21, 22, 23].map((seed) => seeded([2, 3, size, size], seed, dtype));
  return { img0, img1, target, flow: withFlow ? seeded([2, 4, size, size], 24, dtype, -2, 2) : undefined };
}

/** Names of the parameters whose gradient is missing or all zeros. */
function withoutGradient(model: IFRNet): string[] {
  return [...model.namedParameters()].filter(([, p]) => !p.grad || p.grad.dataSync().every((v) => v === 0)).map(([name]) => name);
}

/**
 * Records, for every PReLU, whether all its inputs were non-negative in the next forward: its slope's gradient,
 * the sum of x * upstream over x < 0, is then exactly 0. At init that happens at the coarse levels, whose features
 * are nearly constant over the few positions there. Returns the names of such slopes after the forward.
 */
function watchPositivePrelus(model: IFRNet): () => string[] {
  const positive = new Set<string>();
  for (const [name, m] of model.namedModules()) {
    if (!(m instanceof PReLU)) continue;
    const forward = m.forward.bind(m);
    m.forward = (x: Tensor): Tensor => {
      if (noGrad(() => x.min().item()) >= 0) positive.add(`${name}.weight`);
      return forward(x);
    };
  }
  return () => [...positive].sort();
}

describe('every parameter receives a gradient (nonzero unless its PReLU saw no negative input)', () => {
  const cases: [string, IfrnetLossKind, number, boolean][] = [
    ['side', 'ifrnet', 32, true],
    ['large7x7', 'l1fft', 32, false],
    ['thirds', 'mse', 32, false],
    ['elan', 'lap', 64, false],
  ];
  for (const [miniature, kind, size, withFlow] of cases) {
    test(`${miniature} blocks, '${kind}' objective${withFlow ? ' with teacher flows' : ''}: only slopes of all-positive PReLUs get none`, () => {
      const model = new IFRNet(MINIATURES[miniature]);
      const positivePrelus = watchPositivePrelus(model);
      const losses = ifrnetLoss(model, batch(size, withFlow), { kind });
      losses.total.backward();
      assert.ok([...model.parameters()].every((p) => p.grad !== null), 'every parameter is connected to the loss');
      assert.deepEqual(withoutGradient(model).sort(), positivePrelus());
      if (kind === 'ifrnet') for (const term of ['rec', 'geo', 'dis'] as const) assert.ok(losses[term].item() > 0, `${term} > 0`);
    });
  }
});

describe('float64 finite differences', () => {
  test('w.r.t. the top two rows of the first frame (3-level thirds miniature, gray 8x8)', () => {
    const model = new IFRNet({ ...MINIATURES.thirds, inChannels: 1 }).to('float64');
    const [img0, img1] = movingSquares(1, 1, 8, 8, 13, 'float64');
    const rows = tensor(img0.narrow(2, 0, 2).contiguous().dataSync(), { shape: [1, 1, 2, 8], dtype: 'float64', requiresGrad: true });
    const rest = img0.narrow(2, 2, 6);
    gradcheck((top: Tensor) => model.forward(cat([top, rest], 2), img1).prediction, [rows]);
  });

  test('w.r.t. parameter elements under the IFRNet objective (4-level side miniature, 16x16)', () => {
    const model = new IFRNet(MINIATURES.side).to('float64');
    const data = batch(16, false, 'float64');
    const loss = (): number => ifrnetLoss(model, data).total.item();
    ifrnetLoss(model, data).total.backward();
    const params = new Map(model.namedParameters());
    const probes: [string, number[]][] = [
      ['encoder.pyramid1.0.0.weight', [0, 40]],
      ['encoder.pyramid4.1.1.weight', [5]],
      ['decoder4.convblock.0.0.bias', [11]],
      ['decoder3.convblock.1.conv2.1.weight', [1]],
      ['decoder2.convblock.1.conv5.weight', [50]],
      ['decoder1.convblock.2.weight', [17]],
      ['decoder1.convblock.2.bias', [0, 4, 6]],
    ];
    const eps = 1e-6;
    for (const [name, indices] of probes) {
      const p = params.get(name);
      if (!p?.grad) throw new Error(`${name}: no gradient`);
      const analytic = indices.map((i) => p.grad!.dataSync()[i]);
      const numeric = indices.map((i) => {
        const base = p.dataSync().slice();
        const at = (delta: number): number => {
          const values = base.slice();
          values[i] += delta;
          noGrad(() => p.replaceData_(tensor(values, { shape: p.shape, dtype: 'float64' })));
          return noGrad(loss);
        };
        const d = (at(eps) - at(-eps)) / (2 * eps);
        noGrad(() => p.replaceData_(tensor(base, { shape: p.shape, dtype: 'float64' })));
        return d;
      });
      const bad = firstMismatch(analytic, numeric, TOL.finiteDifference64);
      assert.equal(bad, null, `${name}[${bad ? indices[bad.index] : ''}]: analytic ${bad?.actual}, numeric ${bad?.expected}`);
    }
  });
});
