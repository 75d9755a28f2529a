// Slices' gradients are joined, not padded and summed (src/autograd/gradient-sums.ts): the gradient of a tensor cut
// into slices must equal the one the padded sum gives, for disjoint, gapped, overlapping and mixed-dim slices,
// alongside a full gradient, on both backends, and under createGraph (double backward through the join).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Generator, type Tensor, grad, randn, tensor } from '../../src/index.js';
import { TOL, type Tolerance, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

const close = (actual: Tensor, expected: Tensor, what: string, tol: Tolerance = TOL.reorderedSum64): void =>
  assertClose(actual.dataSync(), expected.dataSync(), tol, what);

/** Weights that make every slice's gradient distinct: d/dx of sum(w * part). */
function weighted(part: Tensor, seed: number): Tensor {
  const w = randn(part.shape, { dtype: part.dtype, backend: part.backend, generator: new Generator(seed) });
  return part.mul(w).sum();
}

/** The gradient a slice list gives, and the same slices' gradient built by hand as zero-padded sums. */
function sliceCase(x: Tensor, cuts: readonly { dim: number; start: number; length: number }[]): { joined: Tensor; expected: Tensor } {
  const loss = cuts.map((c, i) => weighted(x.narrow(c.dim, c.start, c.length), i + 1)).reduce((a, b) => a.add(b));
  const [joined] = grad(loss, [x]);
  let expected = x.zerosLike();
  cuts.forEach((c, i) => {
    const part = x.detach().narrow(c.dim, c.start, c.length).requiresGrad_();
    const [g] = grad(weighted(part, i + 1), [part]);
    const spec = new Array<number>(2 * (x.rank - c.dim)).fill(0);
    spec[2 * (x.rank - 1 - c.dim)] = c.start;
    spec[2 * (x.rank - 1 - c.dim) + 1] = x.shape[c.dim] - c.start - c.length;
    expected = expected.add(g.pad(spec));
  });
  return { joined, expected };
}

const cutArb = fc.record({ dim: fc.integer({ min: 0, max: 2 }), a: fc.integer({ min: 0, max: 4 }), b: fc.integer({ min: 0, max: 4 }) });

test('slice gradients: any mix of narrows (disjoint, gapped, overlapping, several dims) equals the padded sum', () => {
  fc.assert(
    fc.property(fc.array(cutArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 1000 }), (raw, seed) => {
      const x = randn([3, 4, 5], { dtype: 'float64', generator: new Generator(seed) }).requiresGrad_();
      const cuts = raw.map(({ dim, a, b }) => {
        const size = x.shape[dim];
        const start = Math.min(a, b) % size;
        return { dim, start, length: Math.max(1, Math.min(Math.abs(b - a), size - start)) };
      });
      const { joined, expected } = sliceCase(x, cuts);
      close(joined, expected, `cuts ${JSON.stringify(cuts)}`);
    }),
    { numRuns: 60 },
  );
});

test('slice gradients: split into frames, some unused, plus a full-tensor use', () => {
  const x = randn([2, 6, 3], { dtype: 'float64', generator: new Generator(7) }).requiresGrad_();
  const frames = x.split(1, 1);
  const loss = frames[0].mul(2).sum().add(frames[3].square().sum()).add(frames[5].sum()).add(x.mul(x).sum());
  const [g] = grad(loss, [x]);
  const expected = x.detach().mul(2);
  const e = expected.dataSync();
  const xv = x.dataSync();
  for (let n = 0; n < 2; n++) for (let c = 0; c < 3; c++) {
    e[(n * 6 + 0) * 3 + c] += 2;
    e[(n * 6 + 3) * 3 + c] += 2 * xv[(n * 6 + 3) * 3 + c];
    e[(n * 6 + 5) * 3 + c] += 1;
  }
  close(g, tensor(Array.from(e), { dtype: 'float64' }).reshape([2, 6, 3]), 'frames');
});

test('slice gradients: double backward through joined slices (createGraph)', () => {
  const x = tensor([1, 2, 3, 4], { dtype: 'float64', requiresGrad: true });
  const [a, b] = x.split(2);
  const loss = a.pow(3).sum().add(b.square().sum());
  const [g] = grad(loss, [x], { createGraph: true });
  assert.deepEqual(Array.from(g.dataSync()), [3, 12, 6, 8]);
  const [gg] = grad(g.sum(), [x]);
  assert.deepEqual(Array.from(gg.dataSync()), [6, 12, 2, 2]);
});

test('slice gradients: webgpu joins slices as cpu does', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const values = randn([4, 5], { generator: new Generator(3) });
  const run = (x: Tensor): Tensor => {
    const [p, , r] = x.split([1, 2, 1], 0);
    const [g] = grad(p.mul(3).sum().add(r.square().sum()), [x]);
    return g;
  };
  const gpu = await run(values.to('webgpu').requiresGrad_()).toAsync('cpu');
  close(gpu, run(values.clone().requiresGrad_()), 'webgpu vs cpu', TOL.float32VsFloat64);
});
