// The recurrent layers against references: PyTorch 1.13's LSTMCell, GRUCell, LSTM and GRU, the two reference
// ConvGRU cells of crnn-diffusion.md (loaded under their own state-dict keys), and a numpy transcription of Keras 2's
// ConvLSTM2D loaded through convLSTMStateDictFromKeras. Outputs and the gradients of sum(output * weight) w.r.t.
// the inputs and every parameter are compared on cpu in float64 and on webgpu in float32.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BackendName, type DType, type Tensor, nn, stack, tensor } from '../../src/index.js';
import { TOL, type Tolerance, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

// The files of test/fixtures/recurrent (fixtures/make_recurrent_fixtures.py): float64 tensors as { shape, values }.
interface EncodedTensor {
  readonly shape: number[];
  readonly values: number[];
}

type TensorGroup = Record<string, EncodedTensor>;

interface RecurrentFixture {
  readonly state_dict: TensorGroup;
  readonly inputs: TensorGroup;
  readonly outputs: TensorGroup;
  readonly weights: TensorGroup;
  /** Gradients of sum_k sum(output_k * weight_k): inputs by name, parameters as 'param/<key>'. */
  readonly grads: TensorGroup;
}

const DIR = fileURLToPath(new URL('../../../test/fixtures/recurrent/', import.meta.url));

function readRecurrentFixture<T = RecurrentFixture>(name: string): T {
  return JSON.parse(readFileSync(`${DIR}${name}.json`, 'utf8')) as T;
}

function decode(e: EncodedTensor, dtype: DType, backend: BackendName, requiresGrad = false): Tensor {
  return tensor(Float64Array.from(e.values), { shape: e.shape, dtype, backend, requiresGrad });
}

function decodeGroup(group: TensorGroup, dtype: DType, backend: BackendName, requiresGrad = false): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(group).map(([k, v]) => [k, decode(v, dtype, backend, requiresGrad)]));
}

interface Built {
  readonly module: nn.Module;
  readonly run: (inputs: Record<string, Tensor>) => Record<string, Tensor>;
}

const CASES: Record<string, () => Built> = {
  lstm_cell: () => {
    const m = new nn.LSTMCell(3, 5);
    return { module: m, run: (i) => {
      const { h, c } = m.forward(i.x, { h: i.h, c: i.c }).state;
      return { h, c };
    } };
  },
  gru_cell: () => {
    const m = new nn.GRUCell(3, 5);
    return { module: m, run: (i) => ({ h: m.forward(i.x, { h: i.h }).output }) };
  },
  lstm: () => {
    const m = new nn.LSTM(3, 4, { numLayers: 2, batchFirst: true });
    return { module: m, run: (i) => {
      const r = m.forward(i.x, { h: i.h, c: i.c });
      return { output: r.output, h: r.state.h, c: r.state.c };
    } };
  },
  gru: () => {
    const m = new nn.GRU(3, 4, { numLayers: 2 });
    return { module: m, run: (i) => {
      const r = m.forward(i.x);
      return { output: r.output, h: r.state.h };
    } };
  },
  conv_gru_rvd: () => {
    const m = new nn.ConvGRU(2, 3, 3, { returnSequences: true });
    return { module: m, run: (i) => ({ output: m.forward(i.x).output }) };
  },
  conv_gru_student: () => {
    const m = new nn.ConvGRUCell(2, 2, 3, { layout: 'separate' });
    return { module: m, run: (i) => {
      const [x0, x1] = i.x.split(1, 1).map((f) => f.squeeze(1));
      const h1 = m.forward(x0, { h: i.h }).output;
      return { output: stack([h1, m.forward(x1, { h: h1 }).output], 1) };
    } };
  },
};

async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

async function checkCase(name: string, backend: BackendName, dtype: DType, tol: Tolerance): Promise<void> {
  const fx = readRecurrentFixture(name);
  const { module, run } = CASES[name]();
  module.to(backend).to(dtype);
  module.loadStateDict(decodeGroup(fx.state_dict, dtype, backend), true);
  const inputs = decodeGroup(fx.inputs, dtype, backend, true);
  const outputs = run(inputs);
  assert.deepEqual(Object.keys(outputs).sort(), Object.keys(fx.outputs).sort());
  let loss: Tensor | null = null;
  for (const [k, expected] of Object.entries(fx.outputs)) {
    assert.deepEqual(outputs[k].shape, expected.shape, `${name} ${k} shape`);
    assertClose(await values(outputs[k]), expected.values, tol, `${name} ${backend} output ${k}`);
    const term = outputs[k].mul(decode(fx.weights[k], dtype, backend)).sum();
    loss = loss ? loss.add(term) : term;
  }
  loss!.backward();
  const params = new Map(module.namedParameters());
  for (const [k, expected] of Object.entries(fx.grads)) {
    const source = k.startsWith('param/') ? params.get(k.slice('param/'.length)) : inputs[k];
    assert.ok(source?.grad, `${name}: no gradient for ${k}`);
    assertClose(await values(source.grad), expected.values, tol, `${name} ${backend} gradient ${k}`);
  }
}

interface KerasFixture {
  readonly keras_weights: TensorGroup;
  readonly inputs: { readonly x: EncodedTensor };
  readonly outputs: { readonly output: EncodedTensor; readonly h: EncodedTensor; readonly c: EncodedTensor };
}

async function checkKeras(backend: BackendName, dtype: DType, tol: Tolerance): Promise<void> {
  const fx = readRecurrentFixture<KerasFixture>('keras_conv_lstm2d');
  const layer = new nn.ConvLSTM(2, 3, 3, { ...nn.kerasConvLSTM2DOptions, returnSequences: true }).to(backend).to(dtype);
  layer.loadStateDict(nn.convLSTMStateDictFromKeras(decodeGroup(fx.keras_weights, dtype, backend), 'cells.0.'), true);
  // Keras is channels-last: (B, T, H, W, C) in, (B, T, H, W, F) out.
  const r = layer.forward(decode(fx.inputs.x, dtype, backend).permute(0, 1, 4, 2, 3));
  assertClose(await values(r.output.permute(0, 1, 3, 4, 2).contiguous()), fx.outputs.output.values, tol, `keras ConvLSTM2D ${backend} output`);
  assertClose(await values(r.state[0].h.permute(0, 2, 3, 1).contiguous()), fx.outputs.h.values, tol, `keras ConvLSTM2D ${backend} h`);
  assertClose(await values(r.state[0].c.permute(0, 2, 3, 1).contiguous()), fx.outputs.c.values, tol, `keras ConvLSTM2D ${backend} c`);
}

describe('recurrent layers vs PyTorch 1.13 (cpu, float64)', () => {
  for (const name of Object.keys(CASES)) test(name, () => checkCase(name, 'cpu', 'float64', TOL.torchFixture64));
  test('Keras 2 ConvLSTM2D (numpy reference) through convLSTMStateDictFromKeras', () => checkKeras('cpu', 'float64', TOL.torchFixture64));
});

describe('recurrent layers vs PyTorch 1.13 (webgpu, float32)', () => {
  for (const name of Object.keys(CASES)) {
    test(name, async (t) => {
      if (!(await webgpuOrSkip(t))) return;
      await checkCase(name, 'webgpu', 'float32', TOL.webgpuVsFloat64);
    });
  }
  test('Keras 2 ConvLSTM2D (numpy reference)', async (t) => {
    if (!(await webgpuOrSkip(t))) return;
    await checkKeras('webgpu', 'float32', TOL.webgpuVsFloat64);
  });
});
