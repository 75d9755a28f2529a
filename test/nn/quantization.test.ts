// The vector quantizers: a hand-computed EMA codebook step (counts, Laplace smoothing, sums, new codebook), loss,
// perplexity and straight-through gradients on small numbers; eval mode leaving the state alone; the batched
// nearest-code search against a brute-force float64 search; gradchecks of the losses; keys, counts and errors.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Tensor, nn, randn, tensor } from '../../src/index.js';
import { Generator } from '../../src/tensor/random.js';
import { gradcheck } from '../support/gradcheck.js';
import { checkProperty, valuesArb } from '../support/property.js';
import { TOL, assertClose } from '../support/tolerances.js';

const f64 = (values: number[], shape: number[], requiresGrad = false): Tensor => tensor(Float64Array.from(values), { shape, dtype: 'float64', backend: 'cpu', requiresGrad });

// Codebook e = [(0,0), (1,1), (4,4)]; rows (channels of x [1, 2, 1, 4]) r0 = (0.5, 0), r1 = (1, 2), r2 = (2, 1),
// r3 = (0, 0.5): nearest codes 0, 1, 1, 0 (distances 0.25, 1, 1, 0.25); counts (2, 2, 0).
const X = [0.5, 1, 2, 0, 0, 2, 1, 0.5];
const CODEBOOK = [0, 0, 1, 1, 4, 4];
const QUANTIZED = [0, 1, 1, 0, 0, 1, 1, 0];

function emaQuantizer(): nn.VectorQuantizerEMA {
  const vq = new nn.VectorQuantizerEMA(3, 2, { decay: 0.5, epsilon: 0.1, commitmentCost: 0.25 }).to('float64');
  vq.loadStateDict({ ema_w: f64([0, 0, 2, 2, 4, 4], [3, 2]), ema_cluster_size: f64([1, 2, 1], [3]), 'embedding.weight': f64(CODEBOOK, [3, 2]) });
  return vq;
}

describe('VectorQuantizerEMA', () => {
  test('one training step matches the hand-computed EMA update', () => {
    const vq = emaQuantizer();
    const out = vq.forward(f64(X, [1, 2, 1, 4]));
    assert.deepEqual(Array.from(out.indices.dataSync()), [0, 1, 1, 0]);
    assert.deepEqual(out.indices.shape, [1, 1, 4]);
    assert.equal(out.indices.dtype, 'int32');
    assertClose(out.quantized.dataSync(), QUANTIZED, TOL.exact, 'quantized (old codebook)');
    // β mean((q - x)²) = 0.25 * (0.25 + 1 + 1 + 0.25) / 8
    assertClose([out.loss.item()], [0.078125], TOL.handWorked, 'loss');
    // p = (1/2, 1/2, 0): exp(-2 · 0.5 ln 0.5) = 2
    assertClose([out.perplexity.item()], [2], TOL.handWorked, 'perplexity');
    // c = 0.5 (1, 2, 1) + 0.5 (2, 2, 0) = (1.5, 2, 0.5); s = 4; c = (c + 0.1) / 4.3 · 4
    assertClose(vq.ema_cluster_size.dataSync(), [6.4 / 4.3, 8.4 / 4.3, 2.4 / 4.3], TOL.handWorked, 'ema_cluster_size');
    // m = 0.5 m + 0.5 (r0 + r3, r1 + r2, 0) = ((0.25, 0.25), (2.5, 2.5), (2, 2))
    assertClose(vq.ema_w.dataSync(), [0.25, 0.25, 2.5, 2.5, 2, 2], TOL.handWorked, 'ema_w');
    // e = m / c
    assertClose(vq.embedding.weight.dataSync(), [0.16796875, 0.16796875, 1.2797619, 1.2797619, 3.5833333, 3.5833333], TOL.handWorked, 'codebook');
  });

  test('eval mode quantizes without touching the codebook or the averages', () => {
    const vq = emaQuantizer().eval();
    const before = Object.entries(vq.stateDict()).map(([k, v]) => [k, Array.from(v.dataSync())]);
    const out = vq.forward(f64(X, [1, 2, 1, 4]));
    assertClose(out.quantized.dataSync(), QUANTIZED, TOL.exact, 'quantized');
    assert.deepEqual(Object.entries(vq.stateDict()).map(([k, v]) => [k, Array.from(v.dataSync())]), before);
  });

  test('straight-through: d sum(w · quantized) / dx = w; the codebook gets no gradient', () => {
    const vq = emaQuantizer();
    const x = f64(X, [1, 2, 1, 4], true);
    const w = f64([1, -2, 3, -4, 5, -6, 7, -8], [1, 2, 1, 4]);
    vq.forward(x).quantized.mul(w).sum().backward();
    assertClose(x.grad!.dataSync(), w.dataSync(), TOL.exact, 'straight-through gradient');
    assert.equal(vq.embedding.weight.grad, null);
    assert.equal(vq.ema_w.grad, null);
  });

  test('gradcheck of the commitment loss', () => {
    const vq = emaQuantizer().eval();
    gradcheck((x) => vq.forward(x).loss, [f64(X, [1, 2, 1, 4], true)]);
  });

  test('keys, parameter count (ema_w counted, cluster sizes a buffer) and lookup', () => {
    const vq = new nn.VectorQuantizerEMA(8192, 512);
    assert.deepEqual(Object.keys(vq.stateDict()), ['ema_w', 'ema_cluster_size', 'embedding.weight']);
    assert.equal(vq.parameterCount({ trainableOnly: true }), 2 * 4_194_304);
    assert.deepEqual([...vq.namedBuffers()].map(([k]) => k), ['ema_cluster_size']);
    const small = emaQuantizer();
    const codes = tensor(Int32Array.from([2, 0, 1]), { shape: [1, 3], dtype: 'int32', backend: 'cpu' });
    assertClose(small.lookup(codes).dataSync(), [4, 0, 1, 4, 0, 1], TOL.exact, 'lookup [1, 2, 3]');
  });

  test('bad input and options throw naming the layer and the shape', () => {
    assert.throws(() => emaQuantizer().forward(f64([1, 2, 3], [1, 3])), /VectorQuantizerEMA: expected input \[batch, 2, \.\.\.\] \(channels first\), got \[1, 3\]/);
    assert.throws(() => new nn.VectorQuantizerEMA(4, 2, { decay: 1 }), /VectorQuantizerEMA: decay must be in \[0, 1\)/);
  });
});

describe('VectorQuantizer', () => {
  function plain(): nn.VectorQuantizer {
    const vq = new nn.VectorQuantizer(3, 2, { commitmentCost: 0.25 }).to('float64');
    vq.loadStateDict({ 'embedding.weight': f64(CODEBOOK, [3, 2]) });
    return vq;
  }

  test('loss, codebook gradient and straight-through gradient by hand', () => {
    const vq = plain();
    const x = f64(X, [1, 2, 1, 4], true);
    const out = vq.forward(x);
    // (1 + β) mean((q - x)²) = 1.25 · 2.5 / 8
    assertClose([out.loss.item()], [0.390625], TOL.handWorked, 'loss');
    out.loss.backward();
    // d mean((e_j - sg x_i)²) / d e_j = 2 Σ_{i→j} (e_j - x_i) / 8
    assertClose(vq.embedding.weight.grad!.dataSync(), [-0.125, -0.125, -0.25, -0.25, 0, 0], TOL.handWorked, 'codebook gradient');
    // Only the commitment term reaches x: -2 β (q - x) / 8 (the codebook term's x is detached, so no gradcheck).
    assertClose(x.grad!.dataSync(), [0.03125, 0, 0.0625, 0, 0, 0.0625, 0, 0.03125], TOL.handWorked, 'input gradient');
    const x2 = f64(X, [1, 2, 1, 4], true);
    vq.forward(x2).quantized.sum().backward();
    assertClose(x2.grad!.dataSync(), new Array<number>(8).fill(1), TOL.exact, 'straight-through gradient');
    assert.deepEqual(Object.keys(vq.stateDict()), ['embedding.weight']);
  });

  test('initialised U(±1/K)', () => {
    const w = new nn.VectorQuantizer(16, 4).embedding.weight.dataSync();
    assert.ok(w.every((v) => Math.abs(v) <= 1 / 16));
  });
});

describe('nearest-code search', () => {
  test('indices equal a brute-force float64 argmin (first index on ties)', async () => {
    await checkProperty(fc.property(
      fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 })).chain(([k, d, n]) =>
        fc.tuple(fc.constant([k, d, n]), valuesArb(k * d), valuesArb(n * d))),
      ([[k, d, n], codebook, rows]) => {
        const vq = new nn.VectorQuantizerEMA(k, d).to('float64').eval();
        vq.loadStateDict({ ...vq.stateDict(), 'embedding.weight': f64(codebook, [k, d]) });
        const x = f64(rows, [n, d, 1]);
        const expected = Array.from({ length: n }, (_, i) => {
          let best = 0;
          let bestDist = Infinity;
          for (let j = 0; j < k; j++) {
            let dist = 0;
            for (let c = 0; c < d; c++) dist += (rows[i * d + c] - codebook[j * d + c]) ** 2;
            if (dist < bestDist - 1e-9) [best, bestDist] = [j, dist];
          }
          return best;
        });
        assert.deepEqual(Array.from(vq.forward(x).indices.dataSync()), expected);
      },
    ), 60);
  });

  test('randn inputs of rank 3 and 5 keep their layout', () => {
    const vq = new nn.VectorQuantizerEMA(5, 3).to('float64');
    for (const shape of [[2, 3, 4], [1, 3, 2, 2, 2]]) {
      const x = randn(shape, { dtype: 'float64', backend: 'cpu', generator: new Generator(1) });
      const out = vq.eval().forward(x);
      assert.deepEqual(out.quantized.shape, shape);
      assert.deepEqual(out.indices.shape, [shape[0], ...shape.slice(2)]);
      assertClose(vq.lookup(out.indices).dataSync(), out.quantized.dataSync(), TOL.straightThrough64, 'lookup(indices) = quantized');
    }
  });
});
