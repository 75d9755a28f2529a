// cpu (float64) vs webgpu (float32) parity of one forward and backward through a ConvLSTMCell (two steps, Keras and
// PyTorch-style options) and through a training-mode VectorQuantizerEMA step (outputs, input and parameter
// gradients, and the EMA state after the update), with the same weights loaded on both backends.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BackendName, type DType, type Tensor, nn, randn, tensor } from '../../src/index.js';
import { Generator } from '../../src/tensor/random.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

interface Run {
  readonly outputs: Record<string, number[]>;
  readonly grads: Record<string, number[]>;
  readonly state: Record<string, number[]>;
}

const data = async (t: Tensor): Promise<number[]> => Array.from(await t.data());

/** Loads `state` into the module on a backend, runs it, backpropagates sum(out · w) over its float outputs. */
async function runOn(
  module: nn.Module,
  state: nn.StateDict,
  inputs: Record<string, Float64Array>,
  shapes: Record<string, number[]>,
  run: (xs: Record<string, Tensor>) => Record<string, Tensor>,
  backend: BackendName,
  dtype: DType,
): Promise<Run> {
  module.to(backend).to(dtype).loadStateDict(state);
  const xs = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tensor(v, { shape: shapes[k], dtype, backend, requiresGrad: true })]));
  const ys = run(xs);
  const gen = new Generator(5);
  let loss: Tensor | null = null;
  for (const y of Object.values(ys)) {
    if (y.dtype === 'int32' || !y.requiresGrad) continue;
    const w = tensor(Float64Array.from({ length: y.size }, () => gen.uniform() * 2 - 1), { shape: y.shape, dtype, backend });
    loss = loss ? loss.add(y.mul(w).sum()) : y.mul(w).sum();
  }
  loss!.backward();
  const outputs: Record<string, number[]> = {};
  for (const [k, y] of Object.entries(ys)) outputs[k] = await data(y);
  const grads: Record<string, number[]> = {};
  for (const [k, x] of Object.entries(xs)) if (x.grad) grads[k] = await data(x.grad);
  for (const [k, p] of module.namedParameters()) if (p.grad) grads[k] = await data(p.grad);
  const after: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(module.stateDict())) after[k] = await data(t);
  return { outputs, grads, state: after };
}

function compare(gpu: Run, cpu: Run, label: string): void {
  for (const part of ['outputs', 'grads', 'state'] as const) {
    assert.deepEqual(Object.keys(gpu[part]).sort(), Object.keys(cpu[part]).sort(), `${label}: ${part} keys`);
    for (const [k, ref] of Object.entries(cpu[part])) assertClose(gpu[part][k], ref, TOL.webgpuVsFloat64, `${label} ${part} ${k} (webgpu vs cpu float64)`);
  }
}

const draw = (n: number, seed: number): Float64Array => randn([n], { dtype: 'float64', backend: 'cpu', generator: new Generator(seed) }).dataSync() as Float64Array;

describe('recurrent and quantization layers: webgpu float32 vs cpu float64', () => {
  for (const [label, options] of [['Keras 2 options', nn.kerasConvLSTM2DOptions], ['sigmoid, ifog', { gateOrder: 'ifog' }]] as const) {
    test(`ConvLSTMCell, two steps (${label})`, async (t) => {
      if (!(await webgpuOrSkip(t))) return;
      const build = (): nn.ConvLSTMCell => new nn.ConvLSTMCell(2, 3, 3, options);
      const state = build().to('float64').stateDict();
      const shapes = { x: [2, 2, 5, 5], h: [2, 3, 5, 5], c: [2, 3, 5, 5] };
      const inputs = { x: draw(100, 1), h: draw(150, 2), c: draw(150, 3) };
      const run = (cell: nn.ConvLSTMCell) => (xs: Record<string, Tensor>) => {
        const first = cell.forward(xs.x, { h: xs.h, c: xs.c });
        const second = cell.forward(xs.x.mul(0.5), first.state);
        return { h: second.state.h, c: second.state.c };
      };
      const cpuCell = build();
      const gpuCell = build();
      compare(
        await runOn(gpuCell, state, inputs, shapes, run(gpuCell), 'webgpu', 'float32'),
        await runOn(cpuCell, state, inputs, shapes, run(cpuCell), 'cpu', 'float64'),
        `ConvLSTMCell (${label})`,
      );
    });
  }

  test('VectorQuantizerEMA training step', async (t) => {
    if (!(await webgpuOrSkip(t))) return;
    const build = (): nn.VectorQuantizerEMA => new nn.VectorQuantizerEMA(6, 3, { decay: 0.9 });
    const reference = build().to('float64');
    reference.loadStateDict({ ...reference.stateDict(), ema_cluster_size: tensor(Float64Array.from([1, 2, 3, 1, 0, 2]), { dtype: 'float64' }) });
    const state = reference.stateDict();
    const shapes = { x: [2, 3, 4, 4] };
    const inputs = { x: draw(96, 4) };
    const run = (vq: nn.VectorQuantizerEMA) => (xs: Record<string, Tensor>) => {
      const out = vq.forward(xs.x);
      return { quantized: out.quantized, loss: out.loss, perplexity: out.perplexity, indices: out.indices };
    };
    const cpuVq = build();
    const gpuVq = build();
    const cpu = await runOn(cpuVq, state, inputs, shapes, run(cpuVq), 'cpu', 'float64');
    const gpu = await runOn(gpuVq, state, inputs, shapes, run(gpuVq), 'webgpu', 'float32');
    assert.deepEqual(gpu.outputs.indices, cpu.outputs.indices);
    compare(gpu, cpu, 'VectorQuantizerEMA');
  });
});
