// The video VQ-VAE on webgpu vs cpu: one eval-mode forward and backward of MSE + vq_loss on a miniature with seeded
// parameters, webgpu in float32 against cpu in float64 (outputs, codes, and the gradients w.r.t. the input and
// every parameter; none for the codebook and ema_w on either), then one training-mode forward's EMA update.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Tensor, nn } from '../../src/index.js';
import { VqVae1 } from '../../src/models/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { MINI, seedModel, seededClips } from './vqvae-helpers.js';

test('VqVae1 forward, backward and EMA update: webgpu (float32) vs cpu (float64)', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const reference = new VqVae1(MINI).to('float64');
  seedModel(reference, seededClips(MINI, 2, 8, 51), 52);
  const gpu = new VqVae1(MINI);
  gpu.loadStateDict(reference.stateDict(), true);
  gpu.to('webgpu');

  const run = async (model: VqVae1, backend: 'cpu' | 'webgpu') => {
    const x = seededClips(MINI, 2, 8, 51, { backend, dtype: backend === 'cpu' ? 'float64' : 'float32', requiresGrad: true });
    const out = model.eval().forward(x);
    nn.mseLoss(out.reconstruction, x).add(out.vqLoss).backward();
    const read = async (g: Tensor | null, what: string) => {
      if (!g) throw new Error(`${what}: missing on ${backend}`);
      return g.data();
    };
    const grads = new Map<string, Float64Array | Float32Array>();
    for (const [name, p] of model.namedParameters()) if (p.grad) grads.set(name, (await p.grad.data()) as Float64Array | Float32Array);
    const values = {
      reconstruction: await out.reconstruction.data(),
      vqLoss: await out.vqLoss.data(),
      perplexity: await out.perplexity.data(),
      indices: await out.indices.data(),
      x: await read(x.grad, 'gradient w.r.t. x'),
    };
    model.train().forward(x.detach());
    const state = model.stateDict();
    const ema = await Promise.all(['vq_vae.ema_w', 'vq_vae.ema_cluster_size', 'vq_vae.embedding.weight'].map((k) => state[k].data()));
    return { values, grads, ema };
  };
  const cpu = await run(reference, 'cpu');
  const web = await run(gpu, 'webgpu');
  const tol = TOL.webgpuVsFloat64;
  assertClose(web.values.indices, cpu.values.indices, TOL.exact, 'codes');
  assert.ok(new Set(cpu.values.indices).size > 2, 'several codes are in use');
  for (const key of ['reconstruction', 'vqLoss', 'perplexity', 'x'] as const) assertClose(web.values[key], cpu.values[key], tol, key);
  assert.deepEqual([...web.grads.keys()], [...cpu.grads.keys()]);
  assert.equal(cpu.grads.size, [...reference.namedParameters()].length - 2);
  for (const [name, g] of cpu.grads) assertClose(web.grads.get(name) ?? [], g, tol, `gradient w.r.t. ${name}`);
  cpu.ema.forEach((values, i) => assertClose(web.ema[i], values, tol, `EMA state ${i} after one training-mode forward`));
});
