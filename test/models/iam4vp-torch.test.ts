// IAM4VP against the reference implementation (ocf-iam4vp at b9d61dc under PyTorch 1.13): the fixture written
// by fixtures/make_iam4vp_fixtures.py holds a small model's seeded weights, one input with one earlier prediction,
// the output, and the gradients of sum(output * w) w.r.t. the inputs and a set of parameters. The weights load with
// strict keys; output and gradients are reproduced on cpu in float64 and on webgpu in float32.

import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Tensor, type nn, tensor } from '../../src/index.js';
import { IAM4VP, type Iam4vpConfig } from '../../src/models/index.js';
import { type FixtureTensor, fixtureTensor, readSafetensors } from '../support/safetensors-fixture.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

const FILE = readSafetensors(fileURLToPath(new URL('../../../test/fixtures/models/iam4vp_small.safetensors', import.meta.url)));
/** The configuration fixtures/make_iam4vp_fixtures.py builds (CONFIG there). */
const CONFIG: Iam4vpConfig = { shapeIn: [3, 2, 10, 14], cLatent: 8, nS: 4, nT: 3 };

function load(name: string, backend: 'cpu' | 'webgpu', requiresGrad = false): Tensor {
  const f: FixtureTensor = fixtureTensor(FILE, name);
  return tensor(f.values, { shape: f.shape, dtype: backend === 'cpu' ? 'float64' : 'float32', backend, requiresGrad });
}

async function reproduce(backend: 'cpu' | 'webgpu'): Promise<void> {
  const state: nn.StateDict = {};
  for (const key of FILE.tensors.keys()) if (key.startsWith('weight/')) state[key.slice('weight/'.length)] = load(key, 'cpu');
  const model = new IAM4VP(CONFIG);
  if (backend === 'cpu') model.to('float64');
  model.loadStateDict(state, true);
  model.to(backend);

  const x = load('input/x', backend, true);
  const y0 = load('input/y0', backend, true);
  const out = model.forward(x, [y0], load('input/t', backend));
  out.mul(load('loss_weight', backend)).sum().backward();

  const tol = backend === 'cpu' ? TOL.torchModel64 : TOL.torchModelWebgpu;
  const check = async (actual: Tensor | null, name: string): Promise<void> => {
    if (!actual) throw new Error(`${name}: no gradient on ${backend}`);
    assertClose(await actual.data(), fixtureTensor(FILE, name).values, tol, `${name} (${backend} vs PyTorch)`);
  };
  await check(out, 'output');
  await check(x.grad, 'grad/x');
  await check(y0.grad, 'grad/y0');
  const params = new Map(model.namedParameters());
  for (const key of FILE.tensors.keys()) {
    if (key.startsWith('grad/param/')) await check(params.get(key.slice('grad/param/'.length))?.grad ?? null, key);
  }
}

describe('IAM4VP vs the PyTorch reference (ocf-iam4vp b9d61dc)', () => {
  test('cpu float64: output and gradients', () => reproduce('cpu'));

  test('webgpu float32: output and gradients', async (t) => {
    if (!(await webgpuOrSkip(t))) return;
    await reproduce('webgpu');
  });
});
