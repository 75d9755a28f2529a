// RVD against the reference (buggyyang/RVD 309fbe0 under PyTorch 1.13): the fixture written by
// fixtures/make_crnn_rvd_fixtures.py holds a miniature GaussianDiffusion's seeded weights and schedule buffers
// (strict keys), a 4-frame video with the diffusion steps and noise its forward drew, the training loss and its
// gradients, HistoryNet's mu per frame, one denoiser call, and two frames sampled after two context frames with
// the sampler's noise. Reproduced on cpu in float64 and on webgpu in float32.

import { describe, test } from 'node:test';
import { type SafetensorsFile, type Tensor, stack, tensor } from '../../src/index.js';
import { RVD } from '../../src/models/index.js';
import type { NoiseSource } from '../../src/models/rvd/index.js';
import { TOL, type Tolerance, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { entry, fixtureState, loadFixture } from './crnn-helpers.js';
import { FIXTURE } from './rvd-helpers.js';

async function reproduce(file: SafetensorsFile, backend: 'cpu' | 'webgpu'): Promise<void> {
  const model = new RVD(FIXTURE);
  if (backend === 'cpu') model.to('float64');
  model.loadStateDict(fixtureState(file), true);
  model.to(backend);
  const dtype = backend === 'cpu' ? 'float64' : 'float32';
  const load = (name: string, requiresGrad = false): Tensor => {
    const t = entry(file, name);
    return tensor(t.dataSync(), { shape: t.shape, dtype: t.dtype === 'int32' ? 'int32' : dtype, backend, requiresGrad });
  };
  const tol = backend === 'cpu' ? TOL.torchFixture64 : TOL.torchModelWebgpu;
  const check = async (actual: Tensor | null | undefined, name: string, tolerance: Tolerance = tol): Promise<void> => {
    if (!actual) throw new Error(`${name}: nothing to compare on ${backend}`);
    assertClose(await actual.data(), entry(file, name).dataSync(), tolerance, `${name} (${backend} vs PyTorch)`);
  };

  const video = load('input/video', true);
  const steps = load('input/steps');
  const loss = model.loss(video, { steps, noise: load('input/noise').split(1, 0).map((n) => n.squeeze(0)) });
  loss.backward();
  await check(loss, 'loss');
  await check(video.grad, 'grad/video');
  const params = new Map(model.namedParameters());
  for (const key of Object.keys(file.tensors)) {
    if (key.startsWith('grad/param/')) await check(params.get(key.slice('grad/param/'.length))?.grad, key);
  }

  const frames = load('input/video').split(1, 0).map((f) => f.squeeze(0));
  const mus: Tensor[] = [];
  let state = model.scan(frames[0]);
  mus.push(state.mu);
  for (const frame of frames.slice(1, -1)) {
    state = model.scan(frame, state);
    mus.push(state.mu);
  }
  await check(stack(mus, 0), 'history/mu');
  await check(model.denoiseFn.forward(frames[1], steps, model.scan(frames[0]).context), 'denoise/output');

  // The reference draws N + 1 noises per frame (the start, then n = N-1 .. 0); the draw at n = 0 is multiplied by 0.
  const noise = load('sample/noise');
  const n = FIXTURE.timesteps;
  let draws = 0;
  const source: NoiseSource = () => {
    const k = Math.floor(draws / n);
    const j = draws % n;
    draws++;
    return noise.narrow(0, k, 1).narrow(1, j, 1).reshape(noise.shape.slice(2));
  };
  const sampled = model.sample(load('input/video').narrow(0, 0, 2), 2, { noise: source });
  // The reference's noise scale exp(logvar / 2) is computed in float32 by torch's exp, which is off by an ulp at some n.
  await check(sampled, 'sample/output', backend === 'cpu' ? TOL.torchModel64 : TOL.torchModelWebgpu);
}

describe('RVD vs the PyTorch reference (buggyyang/RVD 309fbe0)', () => {
  test('cpu float64: loss, gradients, mu, denoiser, ancestral samples', async () => {
    await reproduce(await loadFixture('rvd_small.safetensors'), 'cpu');
  });

  test('webgpu float32: the same', async (t) => {
    if (!(await webgpuOrSkip(t))) return;
    await reproduce(await loadFixture('rvd_small.safetensors'), 'webgpu');
  });
});
