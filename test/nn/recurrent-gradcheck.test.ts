// Finite-difference checks (float64, cpu) of every recurrent cell and sequence layer on tiny sizes: the gradients
// w.r.t. the inputs and states through test/support/gradcheck, and w.r.t. every parameter by perturbing it in place.

import { describe, test } from 'node:test';
import { type Tensor, nn, noGrad, randn, tensor } from '../../src/index.js';
import { Generator } from '../../src/tensor/random.js';
import { gradcheck } from '../support/gradcheck.js';
import { TOL, firstMismatch } from '../support/tolerances.js';

function input(shape: number[], seed: number, scale = 1): Tensor {
  return randn(shape, { dtype: 'float64', backend: 'cpu', generator: new Generator(seed) }).mul(scale).requiresGrad_(true);
}

/** Compares each parameter's gradient of sum(w * f()) with central differences of that parameter. */
function paramGradcheck(module: nn.Module, f: () => Tensor): void {
  const y = f();
  const gen = new Generator(3);
  const w = tensor(Float64Array.from({ length: y.size }, () => gen.uniform() * 2 - 1), { shape: y.shape, dtype: 'float64', backend: 'cpu' });
  module.zeroGrad();
  y.mul(w).sum().backward();
  const eps = 1e-6;
  for (const [name, p] of module.namedParameters()) {
    const base = p.dataSync().slice() as Float64Array;
    const numeric = new Float64Array(base.length);
    const at = (i: number, delta: number): number => {
      const values = base.slice();
      values[i] += delta;
      noGrad(() => p.replaceData_(tensor(values, { shape: p.shape, dtype: 'float64', backend: 'cpu' })));
      return noGrad(() => f().mul(w).sum().item());
    };
    for (let i = 0; i < base.length; i++) numeric[i] = (at(i, eps) - at(i, -eps)) / (2 * eps);
    noGrad(() => p.replaceData_(tensor(base, { shape: p.shape, dtype: 'float64', backend: 'cpu' })));
    const bad = firstMismatch(p.grad!.dataSync(), numeric, TOL.finiteDifference64);
    if (bad) throw new Error(`${module.typeName} parameter ${name} element ${bad.index}: analytic ${bad.actual}, numeric ${bad.expected}`);
  }
}

describe('recurrent cells: gradcheck (cpu, float64)', () => {
  test('LSTMCell', () => {
    const cell = new nn.LSTMCell(3, 2).to('float64');
    gradcheck((x, h, c) => {
      const r = cell.forward(x, { h, c });
      return r.state.h.add(r.state.c.mul(0.5));
    }, [input([2, 3], 1), input([2, 2], 2), input([2, 2], 3)]);
    const x = input([2, 3], 4);
    paramGradcheck(cell, () => cell.forward(x).output);
  });

  test('GRUCell (batched and unbatched)', () => {
    const cell = new nn.GRUCell(3, 2).to('float64');
    gradcheck((x, h) => cell.forward(x, { h }).output, [input([2, 3], 5), input([2, 2], 6)]);
    gradcheck((x, h) => cell.forward(x, { h }).output, [input([3], 7), input([2], 8)]);
    const x = input([2, 3], 9);
    paramGradcheck(cell, () => cell.forward(x).output);
  });

  test('LSTM (2 layers, batchFirst) and GRU (2 layers) over 3 steps', () => {
    const lstm = new nn.LSTM(2, 2, { numLayers: 2, batchFirst: true }).to('float64');
    gradcheck((x, h, c) => {
      const r = lstm.forward(x, { h, c });
      return r.output.sum().add(r.state.c.sum());
    }, [input([2, 3, 2], 10), input([2, 2, 2], 11), input([2, 2, 2], 12)]);
    const gru = new nn.GRU(2, 2, { numLayers: 2 }).to('float64');
    gradcheck((x, h) => gru.forward(x, { h }).output, [input([3, 2, 2], 13), input([2, 2, 2], 14)]);
    const x = input([3, 1, 2], 15);
    paramGradcheck(gru, () => gru.forward(x).output);
  });

  for (const recurrentActivation of ['sigmoid', 'hard_sigmoid'] as const) {
    test(`ConvLSTMCell (${recurrentActivation})`, () => {
      const cell = new nn.ConvLSTMCell(2, 2, 3, { recurrentActivation, init: 'keras', unitForgetBias: true }).to('float64');
      gradcheck((x, h, c) => {
        const r = cell.forward(x, { h, c });
        return r.state.h.add(r.state.c);
      }, [input([1, 2, 3, 3], 16), input([1, 2, 3, 3], 17), input([1, 2, 3, 3], 18)]);
      const x = input([1, 2, 3, 3], 19);
      paramGradcheck(cell, () => {
        const first = cell.forward(x);
        return cell.forward(x, first.state).output;
      });
    });
  }

  test('ConvLSTMCell gate order ifog, relu activation, valid padding', () => {
    const cell = new nn.ConvLSTMCell(1, 2, 3, { gateOrder: 'ifog', activation: 'relu', padding: 'valid' }).to('float64');
    gradcheck((x, h, c) => cell.forward(x, { h, c }).output, [input([1, 1, 4, 4], 20), input([1, 2, 2, 2], 21), input([1, 2, 2, 2], 22)]);
  });

  for (const layout of ['fused', 'separate'] as const) {
    test(`ConvGRUCell (${layout})`, () => {
      const cell = new nn.ConvGRUCell(1, 2, 3, { layout }).to('float64');
      gradcheck((x, h) => cell.forward(x, { h }).output, [input([1, 1, 3, 3], 23), input([1, 2, 3, 3], 24)]);
      const x = input([1, 1, 3, 3], 25);
      paramGradcheck(cell, () => {
        const first = cell.forward(x);
        return cell.forward(x, first.state).output;
      });
    });
  }

  test('ConvLSTM and ConvGRU (2 layers, 2 steps)', () => {
    const lstm = new nn.ConvLSTM(1, 2, 3, { numLayers: 2, returnSequences: true }).to('float64');
    gradcheck((x) => lstm.forward(x).output, [input([1, 2, 1, 3, 3], 26)]);
    const gru = new nn.ConvGRU(1, 2, 3, { numLayers: 2 }).to('float64');
    gradcheck((x) => gru.forward(x).output, [input([1, 2, 1, 3, 3], 27)]);
  });
});
