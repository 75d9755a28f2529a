// The ConvLSTM zoo models on webgpu vs cpu: one training-mode forward and backward of miniatures with seeded
// parameters, webgpu in float32 against cpu in float64: the output and the gradients w.r.t. the input and every
// parameter, and the batch norms' updated moving statistics.

import { test } from 'node:test';
import type { Tensor, nn } from '../../src/index.js';
import { ConvLSTMEncoderDecoder, ConvLSTMNextFrame } from '../../src/models/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { weightedSum } from './iam4vp-helpers.js';
import { frames, seedParameters } from './convlstm-helpers.js';

async function compare<M extends nn.Module>(make: () => M, run: (model: M, x: Tensor) => Tensor, shape: number[]): Promise<void> {
  const reference = make().to('float64');
  seedParameters(reference, 31);
  const gpu = make();
  gpu.loadStateDict(reference.stateDict());
  gpu.to('webgpu');
  const results = async (model: M, backend: 'cpu' | 'webgpu') => {
    const x = frames(shape, 32, backend === 'cpu' ? 'float64' : 'float32', backend, true);
    const out = run(model, x);
    weightedSum(out, 33).backward();
    const values = new Map<string, ArrayLike<number>>([['output', await out.data()], ['input gradient', await x.grad!.data()]]);
    for (const [name, p] of model.namedParameters()) if (p.grad) values.set(`gradient of ${name}`, await p.grad.data());
    for (const [name, b] of model.namedBuffers()) if (name.endsWith('running_mean') || name.endsWith('running_var')) values.set(name, await b.data());
    return values;
  };
  const cpu = await results(reference, 'cpu');
  const web = await results(gpu, 'webgpu');
  for (const [what, expected] of cpu) assertClose(web.get(what) ?? [], expected, TOL.webgpuVsFloat64, what);
}

test('ConvLSTMNextFrame forward and backward: webgpu (float32) vs cpu (float64)', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  await compare(() => new ConvLSTMNextFrame({ filters: 2, numLayers: 2 }), (m, x) => m.forward(x), [2, 2, 1, 4, 4]);
});

test('ConvLSTMEncoderDecoder forward and backward: webgpu (float32) vs cpu (float64)', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  await compare(() => new ConvLSTMEncoderDecoder({ units: [2, 2], kernelSizes: [3, 3] }), (m, x) => m.forward(x, 2), [2, 3, 1, 4, 4]);
});
