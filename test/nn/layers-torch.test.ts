// The nn layers against PyTorch 1.13: every case in test/fixtures/nn/layers.json is loaded with a strict
// loadStateDict and run step by step (train or eval) on cpu in float64, and a subset on webgpu in float32;
// outputs, the gradients of sum(output * w) w.r.t. the input and every parameter, and the state after the steps
// (BatchNorm's running statistics and num_batches_tracked) are compared with PyTorch's.

import { describe, test } from 'node:test';
import { type BackendName, type Tensor, nn } from '../../src/index.js';
import { TOL, type Tolerance, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { type JsonTensor, type LayerCase, layerCases, toTensor } from './nn-fixtures.js';

type Layer = nn.Module & { forward(x: Tensor): Tensor };

function num(v: number | readonly number[]): number {
  if (typeof v !== 'number') throw new Error(`fixture argument [${v.join(', ')}] should be a number`);
  return v;
}

const FACTORIES: Record<string, (c: LayerCase) => Layer> = {
  Linear: ({ args, options }) => new nn.Linear(num(args[0]), num(args[1]), options as nn.LinearOptions),
  Conv2d: ({ args, options }) => new nn.Conv2d(num(args[0]), num(args[1]), args[2], options as nn.ConvLayerOptions),
  ConvTranspose2d: ({ args, options }) => new nn.ConvTranspose2d(num(args[0]), num(args[1]), args[2], options as nn.ConvTransposeLayerOptions),
  BatchNorm2d: ({ args, options }) => new nn.BatchNorm2d(num(args[0]), options as nn.BatchNormOptions),
  LayerNorm: ({ args, options }) => new nn.LayerNorm(args[0], options as nn.LayerNormOptions),
  GroupNorm: ({ args, options }) => new nn.GroupNorm(num(args[0]), num(args[1]), options as nn.GroupNormOptions),
  InstanceNorm2d: ({ args, options }) => new nn.InstanceNorm2d(num(args[0]), options as nn.InstanceNormOptions),
  Embedding: ({ args, options }) => new nn.Embedding(num(args[0]), num(args[1]), options as nn.EmbeddingOptions),
};

const WEBGPU_SUBSET = ['linear', 'conv2d-stride-groups', 'conv2d-reflect', 'convtranspose2d-groups', 'batchnorm2d', 'layernorm', 'groupnorm', 'embedding-padding-idx'];

function stateOf(entries: Readonly<Record<string, JsonTensor>>): nn.StateDict {
  return Object.fromEntries(Object.entries(entries).map(([k, t]) => [k, toTensor(t, 'float64', 'cpu')]));
}

async function runCase(c: LayerCase, backend: BackendName, dtype: 'float32' | 'float64', tol: Tolerance): Promise<void> {
  const factory = FACTORIES[c.type];
  if (!factory) throw new Error(`no factory for layer type ${c.type}`);
  const layer = factory(c).to(dtype);
  layer.loadStateDict(stateOf(c.state), true);
  if (backend === 'webgpu') layer.to('webgpu');
  const params = new Map(layer.namedParameters());
  for (const [i, step] of c.steps.entries()) {
    const what = `${c.id} step ${i} (${step.train ? 'train' : 'eval'}, ${backend} ${dtype})`;
    layer.train(step.train);
    layer.zeroGrad();
    const x = toTensor(step.input, dtype, backend, step.input.dtype !== 'int');
    const y = layer.forward(x);
    assertClose(await y.data(), step.output.values, tol, `${what} output`);
    y.mul(toTensor(step.weight, dtype, backend)).sum().backward();
    for (const [name, expected] of Object.entries(step.grads)) {
      const grad = name === 'input' ? x.grad : params.get(name)?.grad;
      if (!grad) throw new Error(`${what}: no gradient for ${name}`);
      assertClose(await grad.data(), expected.values, tol, `${what} gradient of ${name}`);
    }
  }
  const state = layer.stateDict();
  for (const [key, expected] of Object.entries(c.finalState)) {
    const actual = state[key];
    if (!actual) throw new Error(`${c.id}: state dict lacks ${key}`);
    assertClose(await actual.data(), expected.values, expected.dtype === 'int' ? TOL.exact : tol, `${c.id} final ${key} (${backend} ${dtype})`);
  }
}

describe('nn layers vs PyTorch', () => {
  for (const c of layerCases()) {
    test(`${c.id} [cpu float64]`, () => runCase(c, 'cpu', 'float64', TOL.torchFixture64));
  }
  for (const c of layerCases().filter((k) => WEBGPU_SUBSET.includes(k.id))) {
    test(`${c.id} [webgpu float32]`, async (t) => {
      if (!(await webgpuOrSkip(t))) return;
      await runCase(c, 'webgpu', 'float32', TOL.webgpuVsFloat64);
    });
  }
});
