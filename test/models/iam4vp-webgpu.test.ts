// IAM4VP on webgpu vs cpu: one forward and backward of a miniature model with seeded parameters, webgpu in
// float32 against cpu in float64: the output and the gradients w.r.t. the inputs and every parameter.

import { test } from 'node:test';
import { type Tensor, tensor } from '../../src/index.js';
import { IAM4VP } from '../../src/models/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { TINY, seedParameters, seededValues, weightedSum } from './iam4vp-helpers.js';

test('IAM4VP forward and backward: webgpu (float32) vs cpu (float64)', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const [steps, channels, h, w] = TINY.shapeIn;
  const reference = new IAM4VP(TINY).to('float64');
  seedParameters(reference, 21);
  const gpu = new IAM4VP(TINY);
  gpu.loadStateDict(reference.stateDict(), true);
  gpu.to('webgpu');

  const run = async (model: IAM4VP, backend: 'cpu' | 'webgpu') => {
    const dtype = backend === 'cpu' ? 'float64' : 'float32';
    const input = (shape: number[], seed: number): Tensor =>
      tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype, backend, requiresGrad: true });
    const x = input([2, steps, channels, h, w], 22);
    const y0 = input([2, channels, h, w], 23);
    const out = model.forward(x, [y0], tensor([100, 100], { dtype: 'int32', backend }));
    weightedSum(out, 24).backward();
    const grads = new Map<string, Float64Array | Float32Array>();
    for (const [name, p] of model.namedParameters()) {
      if (!p.grad) throw new Error(`${name}: no gradient on ${backend}`);
      grads.set(name, (await p.grad.data()) as Float64Array | Float32Array);
    }
    const need = async (g: Tensor | null, what: string) => {
      if (!g) throw new Error(`${what}: no gradient on ${backend}`);
      return g.data();
    };
    return { out: await out.data(), x: await need(x.grad, 'x'), y0: await need(y0.grad, 'y0'), grads };
  };
  const cpu = await run(reference, 'cpu');
  const web = await run(gpu, 'webgpu');
  const tol = TOL.webgpuVsFloat64;
  assertClose(web.out, cpu.out, tol, 'output');
  assertClose(web.x, cpu.x, tol, 'gradient w.r.t. x');
  assertClose(web.y0, cpu.y0, tol, 'gradient w.r.t. the earlier prediction');
  for (const [name, g] of cpu.grads) assertClose(web.grads.get(name) ?? [], g, tol, `gradient w.r.t. ${name}`);
});
