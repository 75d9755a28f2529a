// RVD on webgpu vs cpu: one training-loss forward and backward of a miniature with seeded parameters and fixed
// diffusion steps and noise, webgpu in float32 against cpu in float64: the loss and the gradients w.r.t. the video
// and every parameter of the three networks.

import { test } from 'node:test';
import { RVD } from '../../src/models/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { seedParameters, seeded } from './crnn-helpers.js';
import { TINY, fixedDraws } from './rvd-helpers.js';

test('RVD loss forward and backward: webgpu (float32) vs cpu (float64)', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const reference = new RVD(TINY).to('float64');
  seedParameters(reference, 91);
  const gpu = new RVD(TINY);
  gpu.loadStateDict(reference.stateDict(), true);
  gpu.to('webgpu');

  const run = async (model: RVD, backend: 'cpu' | 'webgpu') => {
    const dtype = backend === 'cpu' ? 'float64' : 'float32';
    const video = seeded([3, 2, 1, 4, 4], 92, dtype, backend, true);
    const loss = model.loss(video, fixedDraws([3, 38], 3, [2, 1, 4, 4], 93, dtype, backend));
    loss.backward();
    const grads = new Map<string, ArrayLike<number>>();
    for (const [name, p] of model.namedParameters()) {
      if (!p.grad) throw new Error(`${name}: no gradient on ${backend}`);
      grads.set(name, await p.grad.data());
    }
    if (!video.grad) throw new Error(`video: no gradient on ${backend}`);
    return { loss: await loss.data(), video: await video.grad.data(), grads };
  };
  const cpu = await run(reference, 'cpu');
  const web = await run(gpu, 'webgpu');
  const tol = TOL.webgpuVsFloat64;
  assertClose(web.loss, cpu.loss, tol, 'loss');
  assertClose(web.video, cpu.video, tol, 'gradient w.r.t. the video');
  for (const [name, g] of cpu.grads) assertClose(web.grads.get(name) ?? [], g, tol, `gradient w.r.t. ${name}`);
});
