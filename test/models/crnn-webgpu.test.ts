// The ConvGRU U-Net and the printed CRNN on webgpu vs cpu: one forward and backward of a miniature with seeded
// parameters (two frames for the recurrent model), webgpu in float32 against cpu in float64: the outputs and the
// gradients w.r.t. the frames and every parameter.

import { test } from 'node:test';
import { type Tensor } from '../../src/index.js';
import type { Module } from '../../src/nn/module.js';
import { AutoregressiveUNet, PrintedCrnn } from '../../src/models/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { TINY_CHANNELS, seedParameters, seeded, weightedSum } from './crnn-helpers.js';

async function compare<M extends Module>(make: () => M, shape: number[], run: (model: M, x: Tensor) => Tensor): Promise<void> {
  const reference = make().to('float64');
  seedParameters(reference, 41);
  const gpu = make();
  gpu.loadStateDict(reference.stateDict(), true);
  gpu.to('webgpu');
  const pass = async (model: M, backend: 'cpu' | 'webgpu') => {
    const x = seeded(shape, 42, backend === 'cpu' ? 'float64' : 'float32', backend, true);
    const out = run(model, x);
    weightedSum(out, 43).backward();
    const grads = new Map<string, ArrayLike<number>>();
    for (const [name, p] of model.namedParameters()) {
      if (!p.grad) throw new Error(`${name}: no gradient on ${backend}`);
      grads.set(name, await p.grad.data());
    }
    if (!x.grad) throw new Error(`input: no gradient on ${backend}`);
    return { out: await out.data(), x: await x.grad.data(), grads };
  };
  const cpu = await pass(reference, 'cpu');
  const web = await pass(gpu, 'webgpu');
  const tol = TOL.webgpuVsFloat64;
  assertClose(web.out, cpu.out, tol, 'output');
  assertClose(web.x, cpu.x, tol, 'gradient w.r.t. the input');
  for (const [name, g] of cpu.grads) assertClose(web.grads.get(name) ?? [], g, tol, `gradient w.r.t. ${name}`);
}

test('AutoregressiveUNet forward and backward over two frames: webgpu (float32) vs cpu (float64)', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  await compare(() => new AutoregressiveUNet({ channels: TINY_CHANNELS }), [2, 2, 1, 4, 4], (m, x) => m.rollout(x).outputs);
});

test('PrintedCrnn forward and backward: webgpu (float32) vs cpu (float64)', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  await compare(() => new PrintedCrnn({ channels: TINY_CHANNELS }), [2, 1, 4, 4], (m, x) => m.forward(x));
});
