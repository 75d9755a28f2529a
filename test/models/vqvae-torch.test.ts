// The video VQ-VAE against the reference implementation (zhangxuan1918/VqVaeVideo VqVae1, issue_#6 at db2d417,
// under PyTorch 1.13 in float64): the fixture written by fixtures/make_vqvae_fixtures.py holds a miniature's seeded
// weights and EMA state, one input in the reference's channels-last layout, the eval-mode outputs, the codes of
// encode and the frames of decode, the gradients of MSE + vq_loss w.r.t. the input and every parameter that gets
// one, and the EMA state after one training-mode forward. The weights load with strict keys; everything is
// reproduced on cpu in float64 and on webgpu in float32.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Tensor, nn, tensor } from '../../src/index.js';
import { VqVae1, type VqVaeConfig } from '../../src/models/index.js';
import { fixtureTensor, readSafetensors } from '../support/safetensors-fixture.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

const FILE = readSafetensors(fileURLToPath(new URL('../../../test/fixtures/models/vqvae_small.safetensors', import.meta.url)));
/** The configuration fixtures/make_vqvae_fixtures.py builds (CONFIG there). */
const CONFIG: VqVaeConfig = {
  groupCount: 3, nHid: 4, nBlkPerGroup: 2, inputChannels: 3, outputChannels: 3, nInit: 8, vocabSize: 16,
  commitmentCost: 0.25, decay: 0.99, epsilon: 1e-5, sequenceLength: 2, downsample: true, upsample: true,
};
const EMA_STATE = ['vq_vae.ema_w', 'vq_vae.ema_cluster_size', 'vq_vae.embedding.weight'];
/** [B, T, H, W, C] (the reference's clips) <-> [B, T, C, H, W] (framegrad's). */
const toFramegrad = [0, 1, 4, 2, 3];
const toReference = [0, 1, 3, 4, 2];

function load(name: string, backend: 'cpu' | 'webgpu'): Tensor {
  const f = fixtureTensor(FILE, name);
  return tensor(f.values, { shape: f.shape, dtype: backend === 'cpu' ? 'float64' : 'float32', backend });
}

function modelFor(backend: 'cpu' | 'webgpu'): VqVae1 {
  const state: nn.StateDict = {};
  for (const key of FILE.tensors.keys()) if (key.startsWith('weight/')) state[key.slice('weight/'.length)] = load(key, 'cpu');
  const model = new VqVae1(CONFIG);
  if (backend === 'cpu') model.to('float64');
  model.loadStateDict(state, true);
  return model.to(backend);
}

async function reproduce(backend: 'cpu' | 'webgpu'): Promise<void> {
  const tol = backend === 'cpu' ? TOL.torchFixture64 : TOL.torchModelWebgpu;
  const check = async (actual: Tensor | null, name: string): Promise<void> => {
    if (!actual) throw new Error(`${name}: missing on ${backend}`);
    assertClose(await actual.data(), fixtureTensor(FILE, name).values, tol, `${name} (${backend} vs PyTorch)`);
  };
  const model = modelFor(backend).eval();
  const xRef = load('input/x', backend);
  const x = xRef.permute(toFramegrad).detach().requiresGrad_();
  const out = model.forward(x);
  nn.mseLoss(out.reconstruction, x).add(out.vqLoss).backward();
  await check(out.vqLoss, 'eval/vq_loss');
  await check(out.reconstruction.permute(toReference), 'eval/x_recon');
  await check(out.perplexity, 'eval/perplexity');
  await check(x.grad ? x.grad.permute(toReference) : null, 'grad/x');
  const withGrad = [...model.namedParameters()].filter(([, p]) => p.grad);
  assert.deepEqual(withGrad.map(([k]) => `grad/param/${k}`), [...FILE.tensors.keys()].filter((k) => k.startsWith('grad/param/')));
  for (const [key, p] of withGrad) await check(p.grad, `grad/param/${key}`);

  const { indices } = model.encode(x.detach());
  assertClose(await indices.data(), fixtureTensor(FILE, 'eval/indices').values, TOL.exact, `encode indices (${backend})`);
  const decoded = model.decode(indices);
  const [b, t, c, h, w] = decoded.shape;
  await check(decoded.reshape([b, t * c, h, w]), 'eval/decoded');

  model.train();
  const trained = model.forward(x.detach());
  await check(trained.vqLoss, 'train/vq_loss');
  await check(trained.reconstruction.permute(toReference), 'train/x_recon');
  const state = model.stateDict();
  for (const key of EMA_STATE) await check(state[key], `train/${key}`);
}

describe('VqVae1 vs the PyTorch reference (zhangxuan1918/VqVaeVideo issue_#6 db2d417)', () => {
  test('cpu float64: eval outputs, codes, decode, gradients and one EMA update', () => reproduce('cpu'));

  test('webgpu float32: eval outputs, codes, decode, gradients and one EMA update', async (t) => {
    if (!(await webgpuOrSkip(t))) return;
    await reproduce('webgpu');
  });
});
