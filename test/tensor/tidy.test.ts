// tidy(): intermediates of composite ops are freed at the scope's end, results and gradients survive, and
// parameters updated in place keep their values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, keep, noGrad, randn, tidy, type Tensor } from '../../src/index.js';
import { webgpuOrSkip } from '../support/webgpu.js';

const live = (name: 'cpu' | 'webgpu'): number => getBackend(name).memory().liveBuffers;

const composites: [string, (x: Tensor) => Tensor][] = [
  ['softmax', (x) => x.softmax(1)],
  ['logsumexp', (x) => x.logsumexp(1)],
  ['var', (x) => x.var({ dim: 0 })],
  ['gelu', (x) => x.mul(2).sigmoid().mul(x)],
  ['matmul 1-d', (x) => x.reshape([-1]).matmul(x.reshape([-1]))],
];

for (const [name, fn] of composites) {
  test(`tidy [cpu] ${name} leaves exactly its output allocated`, () => {
    const x = randn([3, 4], { backend: 'cpu' });
    const before = live('cpu');
    const y = tidy(() => fn(x));
    assert.equal(live('cpu') - before, 1);
    y.dispose();
    assert.equal(live('cpu'), before);
  });
}

test('tidy [cpu] keeps returned tensors in arrays and objects, and kept ones', () => {
  const x = randn([2, 2], { backend: 'cpu' });
  const before = live('cpu');
  let extra: Tensor | undefined;
  const out = tidy(() => {
    extra = keep(x.mul(3));
    return { a: x.add(1), list: [x.sub(1)] };
  });
  assert.equal(live('cpu') - before, 3);
  assert.deepEqual(Array.from(out.a.dataSync()), Array.from(x.dataSync()).map((v) => Math.fround(v + 1)));
  for (const t of [out.a, out.list[0], extra!]) t.dispose();
  assert.equal(live('cpu'), before);
});

test('tidy [cpu] gradients and in-place parameter updates survive the scope', () => {
  const w = randn([3], { backend: 'cpu', requiresGrad: true });
  const before = live('cpu');
  tidy(() => {
    w.mul(w).sum().backward();
    noGrad(() => w.replaceData_(w.sub(w.grad!.mul(0.5))));
  });
  // w now holds zeros (w - 0.5 * 2w); its gradient is still readable.
  assert.deepEqual(Array.from(w.dataSync()), [0, 0, 0]);
  assert.equal(w.grad!.shape[0], 3);
  assert.ok(live('cpu') - before <= 1, 'only the gradient stays allocated');
});

test('tidy [cpu] disposes intermediates when fn throws', () => {
  const x = randn([2], { backend: 'cpu' });
  const before = live('cpu');
  assert.throws(() => tidy(() => {
    x.add(1);
    throw new Error('boom');
  }), /boom/);
  assert.equal(live('cpu'), before);
});

test('tidy [webgpu] a training-like step leaves the live buffer count flat', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const w = randn([8, 8], { backend: 'webgpu', requiresGrad: true });
  const x = randn([4, 8], { backend: 'webgpu' });
  const step = (): void =>
    tidy(() => {
      x.matmul(w).tanh().square().mean().backward();
      noGrad(() => w.replaceData_(w.sub(w.grad!.mul(0.1))));
      w.grad = null;
    });
  step();
  const after1 = live('webgpu');
  for (let i = 0; i < 10; i++) step();
  await w.data();
  assert.equal(live('webgpu'), after1);
});
