// The ConvGRU U-Net against the reference AutoregressiveUNET (KaiTyrusNelson/VideoPrediction ca12805 under
// PyTorch 1.13): the fixture written by fixtures/make_crnn_rvd_fixtures.py holds a miniature's seeded weights (strict
// keys, BatchNorm buffers included), three 20x20 frames run with the states carried in training mode, the
// predictions, final states and gradients of sum(output * w), the running statistics after those steps, and an
// eval-mode step. Reproduced on cpu in float64 and on webgpu in float32.

import { describe, test } from 'node:test';
import { type SafetensorsFile, type Tensor, tensor } from '../../src/index.js';
import { AutoregressiveUNet } from '../../src/models/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { entry, fixtureState, loadFixture } from './crnn-helpers.js';

async function reproduce(file: SafetensorsFile, backend: 'cpu' | 'webgpu'): Promise<void> {
  const config = JSON.parse(file.metadata?.config ?? '{}') as { channels: number[] };
  const model = new AutoregressiveUNet(config);
  if (backend === 'cpu') model.to('float64');
  model.loadStateDict(fixtureState(file), true);
  model.to(backend);
  const dtype = backend === 'cpu' ? 'float64' : 'float32';
  const load = (name: string, requiresGrad = false): Tensor => {
    const t = entry(file, name);
    return tensor(t.dataSync(), { shape: t.shape, dtype, backend, requiresGrad });
  };
  const tol = backend === 'cpu' ? TOL.torchFixture64 : TOL.torchModelWebgpu;
  const check = async (actual: Tensor | null | undefined, name: string): Promise<void> => {
    if (!actual) throw new Error(`${name}: nothing to compare on ${backend}`);
    assertClose(await actual.data(), entry(file, name).dataSync(), tol, `${name} (${backend} vs PyTorch)`);
  };

  const frames = load('input/frames', true);
  const { outputs, hidden } = model.rollout(frames);
  outputs.mul(load('loss_weight')).sum().backward();
  await check(outputs, 'output');
  for (const [i, h] of hidden.entries()) await check(h, `hidden/${i}`);
  await check(frames.grad, 'grad/frames');
  const params = new Map(model.namedParameters());
  for (const key of Object.keys(file.tensors)) {
    if (key.startsWith('grad/param/')) await check(params.get(key.slice('grad/param/'.length))?.grad, key);
  }
  const state = model.stateDict();
  for (const key of Object.keys(file.tensors)) if (key.startsWith('buffer/')) await check(state[key.slice('buffer/'.length)], key);

  model.eval();
  await check(model.forward(load('input/frames').narrow(0, 0, 1).squeeze(0)).output, 'eval/output');
}

describe('AutoregressiveUNet vs the PyTorch reference (KaiTyrusNelson/VideoPrediction ca12805)', () => {
  test('cpu float64: predictions, states, gradients, running statistics, eval step', async () => {
    await reproduce(await loadFixture('crnn_small.safetensors'), 'cpu');
  });

  test('webgpu float32: the same', async (t) => {
    if (!(await webgpuOrSkip(t))) return;
    await reproduce(await loadFixture('crnn_small.safetensors'), 'webgpu');
  });
});
