// The test-mode leak check: each representative op run inside tidy() leaves exactly its outputs allocated
// (the live buffer count grows by the number of outputs, and returns to where it was once they are disposed),
// forward alone and forward + backward (grad() leaving one gradient per input), on cpu and on webgpu.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
  type BackendName, type Tensor, avgPool2d, batchNorm, cat, conv2d, getBackend, grad, gridSample, gruResetGate, gruUpdate, convTranspose2d, interpolate, lstmCell, manualSeed, matmul, maxPool2d,
  full, rand, randn, split, tidy,
} from '../../src/index.js';
import { webgpuOrSkip } from '../support/webgpu.js';

interface LeakCase {
  readonly name: string;
  /** The op's inputs, created before the measurement. */
  readonly inputs: (backend: BackendName) => Tensor[];
  readonly run: (inputs: Tensor[]) => Tensor[];
}

const one = (f: (xs: Tensor[]) => Tensor) => (xs: Tensor[]): Tensor[] => [f(xs)];
const image = (backend: BackendName): Tensor[] => [randn([2, 3, 8, 8], { backend })];

const CASES: LeakCase[] = [
  { name: 'add broadcast', inputs: (b) => [randn([4, 5], { backend: b }), randn([1, 5], { backend: b })], run: one(([a, c]) => a.add(c)) },
  { name: 'sigmoid(exp)', inputs: (b) => [randn([4, 5], { backend: b })], run: one(([a]) => a.exp().sigmoid()) },
  { name: 'sum over a dim', inputs: (b) => [randn([4, 5], { backend: b })], run: one(([a]) => a.sum({ dim: 1 })) },
  { name: 'mean of all', inputs: (b) => [randn([4, 5], { backend: b })], run: one(([a]) => a.mean()) },
  { name: 'matmul', inputs: (b) => [randn([4, 6], { backend: b }), randn([6, 3], { backend: b })], run: one(([a, c]) => matmul(a, c)) },
  {
    name: 'conv2d with bias',
    inputs: (b) => [randn([2, 3, 8, 8], { backend: b }), randn([4, 3, 3, 3], { backend: b }), randn([4], { backend: b })],
    run: one(([x, w, bias]) => conv2d(x, w, bias, { padding: 1 })),
  },
  {
    // Long enough (N Ho Wo = 2048) that the webgpu filter gradient splits its reduction into a scratch buffer.
    name: 'conv2d grouped',
    inputs: (b) => [randn([2, 4, 32, 32], { backend: b }), randn([6, 2, 3, 3], { backend: b })],
    run: one(([x, w]) => conv2d(x, w, undefined, { padding: 1, groups: 2 })),
  },
  {
    name: 'convTranspose2d stride 2',
    inputs: (b) => [randn([2, 3, 5, 5], { backend: b }), randn([3, 2, 4, 4], { backend: b })],
    run: one(([x, w]) => convTranspose2d(x, w, undefined, { stride: 2, padding: 1 })),
  },
  { name: 'maxPool2d', inputs: image, run: one(([x]) => maxPool2d(x, { kernelSize: 2, stride: 2 })) },
  { name: 'avgPool2d', inputs: image, run: one(([x]) => avgPool2d(x, { kernelSize: 2 })) },
  { name: 'interpolate bilinear', inputs: image, run: one(([x]) => interpolate(x, { scaleFactor: 2, mode: 'bilinear' })) },
  {
    name: 'gridSample',
    inputs: (b) => [randn([2, 3, 8, 8], { backend: b }), rand([2, 5, 5, 2], { backend: b })],
    run: one(([x, g]) => gridSample(x, g.mul(2).sub(1))),
  },
  { name: 'cat', inputs: (b) => [randn([2, 3], { backend: b }), randn([2, 4], { backend: b })], run: one(([a, c]) => cat([a, c], 1)) },
  { name: 'split', inputs: (b) => [randn([2, 7], { backend: b })], run: ([a]) => split(a, [2, 5], 1) },
  {
    name: 'lstmCell',
    inputs: (b) => [randn([2, 8, 3, 3], { backend: b }), randn([2, 2, 3, 3], { backend: b })],
    run: ([gates, c]) => {
      const next = lstmCell(gates, c, { recurrentActivation: 'hard_sigmoid' });
      return [next.h, next.c];
    },
  },
  {
    name: 'gruResetGate',
    inputs: (b) => [randn([2, 2, 3, 3], { backend: b }), randn([2, 2, 3, 3], { backend: b })],
    run: one(([rPre, h]) => gruResetGate(rPre, h)),
  },
  {
    name: 'gruUpdate',
    inputs: (b) => [randn([2, 2, 3, 3], { backend: b }), randn([2, 2, 3, 3], { backend: b }), randn([2, 2, 3, 3], { backend: b })],
    run: one(([zPre, h, candPre]) => gruUpdate(zPre, h, candPre)),
  },
  {
    name: 'batchNorm training with weight and bias',
    inputs: (b) => [randn([2, 3, 4, 4], { backend: b }), randn([3], { backend: b }), randn([3], { backend: b })],
    run: one(([x, weight, bias]) => batchNorm(x, null, null, { weight, bias, training: true })),
  },
  {
    // Running statistics are not differentiable inputs, so they are made (and updated in place) inside the case.
    name: 'batchNorm training updating running statistics',
    inputs: (b) => [randn([2, 3, 4, 4], { backend: b })],
    run: one(([x]) => batchNorm(x, full([3], 0, { backend: x.backend }), full([3], 1, { backend: x.backend }), { training: true })),
  },
  {
    name: 'batchNorm eval with weight and bias',
    inputs: (b) => [randn([2, 3, 4, 4], { backend: b }), randn([3], { backend: b }), randn([3], { backend: b })],
    run: one(([x, weight, bias]) => batchNorm(x, full([3], 0.5, { backend: x.backend }), full([3], 2, { backend: x.backend }), { weight, bias })),
  },
];

const live = (backend: BackendName): number => getBackend(backend).memory().liveBuffers;

/** Runs fn in tidy and checks that exactly `expected` buffers stay allocated until its outputs are disposed. */
async function assertLeavesOnly(backend: BackendName, expected: number, fn: () => Tensor[]): Promise<void> {
  const before = live(backend);
  const outputs = tidy(fn);
  for (const o of outputs) await o.data();
  assert.equal(outputs.length, expected);
  assert.equal(live(backend) - before, expected, `${live(backend) - before} buffers stayed allocated, expected ${expected} (its outputs)`);
  for (const o of outputs) o.dispose();
  assert.equal(live(backend), before);
}

async function checkCase(backend: BackendName, c: LeakCase): Promise<void> {
  manualSeed(0);
  const inputs = c.inputs(backend);
  const outputCount = tidy(() => c.run(inputs)).map((o) => o.dispose()).length;
  await assertLeavesOnly(backend, outputCount, () => c.run(inputs));
  for (const x of inputs) x.requiresGrad_();
  // Backward: the outputs' weighted sum differentiated with respect to every input, one gradient each.
  await assertLeavesOnly(backend, inputs.length, () => {
    const loss = c.run(inputs).map((o) => o.mul(o).sum()).reduce((a, b) => a.add(b));
    return grad(loss, inputs);
  });
  for (const x of inputs) x.dispose();
}

for (const c of CASES) {
  test(`leak check [cpu] ${c.name} leaves exactly its outputs allocated`, async () => {
    await checkCase('cpu', c);
  });
  test(`leak check [webgpu] ${c.name} leaves exactly its outputs allocated`, async (t: TestContext) => {
    if (!(await webgpuOrSkip(t))) return;
    await checkCase('webgpu', c);
  });
}
