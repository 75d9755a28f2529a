// The recurrent layers' structure: parameter counts against PyTorch's and Keras's formulas (and the specs'
// reconciled totals), state-dict keys, initialisation, the Keras weight mapping, layouts (unbatched, batchFirst,
// returnSequences), dropout and the errors raised for bad inputs and states.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Tensor, nn, randn, tensor } from '../../src/index.js';
import { Generator } from '../../src/tensor/random.js';
import { TOL, assertClose } from '../support/tolerances.js';

const rnd = (shape: number[], seed = 1): Tensor => randn(shape, { dtype: 'float64', backend: 'cpu', generator: new Generator(seed) });

describe('parameter counts', () => {
  test('LSTM/GRU cells and stacks: G · hidden · (input + hidden + 2) per layer (G = 4, 3)', () => {
    assert.equal(new nn.LSTMCell(10, 20).parameterCount(), 4 * 20 * (10 + 20 + 2));
    assert.equal(new nn.GRUCell(10, 20).parameterCount(), 3 * 20 * (10 + 20 + 2));
    assert.equal(new nn.LSTMCell(10, 20, { bias: false }).parameterCount(), 4 * 20 * (10 + 20));
    assert.equal(new nn.LSTM(10, 20, { numLayers: 3 }).parameterCount(), 4 * 20 * (10 + 20 + 2) + 2 * 4 * 20 * (20 + 20 + 2));
    assert.equal(new nn.GRU(10, 20, { numLayers: 2, bias: false }).parameterCount(), 3 * 20 * (10 + 20) + 3 * 20 * (20 + 20));
  });

  test('ConvLSTM2D = 4F (k² (Cin + F) + 1): the Keras seeds (convlstm.md §2, §8)', () => {
    assert.equal(new nn.ConvLSTMCell(1, 40, 3, nn.kerasConvLSTM2DOptions).parameterCount(), 59_200);
    assert.equal(new nn.ConvLSTMCell(40, 40, 3).parameterCount(), 115_360);
    // Model A's 4 stacked layers: 407,001 - 4 BatchNorms (4 · 160) - the Conv3D head (1,081).
    assert.equal(new nn.ConvLSTM(1, 40, 3, { numLayers: 4 }).parameterCount(), 407_001 - 640 - 1_081);
    assert.equal(new nn.ConvLSTM(1, 128, 3).parameterCount(), 594_944);
  });

  test('ConvGRU: the student cell 3 (9 · 2C · C + C) and RVD 9 · 2c · 2c + 2c + 9 · 2c · c + c (crnn-diffusion.md)', () => {
    assert.equal(new nn.ConvGRUCell(3, 3, 3, { layout: 'separate' }).parameterCount(), 495);
    assert.equal(new nn.ConvGRUCell(48, 48, 3, { layout: 'separate' }).parameterCount(), 124_560);
    assert.equal(new nn.ConvGRUCell(48, 48, 3).parameterCount(), 124_560);
    assert.equal(new nn.ConvGRU(384, 384, 3).parameterCount(), 7_963_776);
  });
});

describe('keys and initialisation', () => {
  test('PyTorch keys', () => {
    assert.deepEqual(Object.keys(new nn.GRUCell(2, 3).stateDict()), ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']);
    assert.deepEqual(Object.keys(new nn.LSTM(2, 3, { numLayers: 2, bias: false }).stateDict()), ['weight_ih_l0', 'weight_hh_l0', 'weight_ih_l1', 'weight_hh_l1']);
    assert.deepEqual(Object.keys(new nn.ConvLSTM(1, 2, 3, { numLayers: 2 }).stateDict()), [
      'cells.0.input_conv.weight', 'cells.0.input_conv.bias', 'cells.0.recurrent_conv.weight',
      'cells.1.input_conv.weight', 'cells.1.input_conv.bias', 'cells.1.recurrent_conv.weight',
    ]);
    assert.deepEqual(Object.keys(new nn.ConvGRU(1, 2, 3, { numLayers: 2, layout: 'separate' }).stateDict()), [
      'W_z.0.weight', 'W_z.0.bias', 'W_z.1.weight', 'W_z.1.bias', 'W_r.0.weight', 'W_r.0.bias', 'W_r.1.weight', 'W_r.1.bias',
      'W.0.weight', 'W.0.bias', 'W.1.weight', 'W.1.bias',
    ]);
  });

  test('LSTM/GRU parameters are uniform in ±1/sqrt(hidden)', () => {
    for (const m of [new nn.LSTM(5, 16, { numLayers: 2 }), new nn.GRUCell(5, 16)]) {
      for (const p of m.parameters()) {
        const v = p.dataSync();
        assert.ok(v.every((x) => Math.abs(x) <= 0.25), `${m.typeName}: bound`);
        assert.ok(Math.max(...v) > 0.2 && Math.min(...v) < -0.2, `${m.typeName}: spread`);
      }
    }
  });

  test('Keras init: unit forget bias, orthogonal recurrent kernel, glorot-uniform kernel', () => {
    const cell = new nn.ConvLSTMCell(2, 3, 3, nn.kerasConvLSTM2DOptions);
    assert.deepEqual(Array.from(cell.input_conv.bias!.dataSync()), [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const u = cell.recurrent_conv.weight.to('float64').reshape([12, 27]);
    assertClose(u.matmul(u.transpose(0, 1)).dataSync(), Array.from(tensor(Float64Array.from({ length: 144 }, (_, i) => (i % 13 === 0 ? 1 : 0))).dataSync()), TOL.float32VsFloat64, 'U Uᵀ = I');
    const limit = Math.sqrt(6 / (9 * 2 + 9 * 12));
    assert.ok(cell.input_conv.weight.dataSync().every((x) => Math.abs(x) <= limit));
  });
});

describe('convLSTMStateDictFromKeras', () => {
  test('kernel [kh, kw, Cin, 4F] element (i, j, c, o) becomes weight[o, c, i, j]', () => {
    const kernel = tensor(Float64Array.from({ length: 3 * 2 * 1 * 8 }, (_, n) => n), { shape: [3, 2, 1, 8], dtype: 'float64' });
    const recurrent = tensor(Float64Array.from({ length: 3 * 2 * 2 * 8 }, (_, n) => -n), { shape: [3, 2, 2, 8], dtype: 'float64' });
    const sd = nn.convLSTMStateDictFromKeras({ 'conv_lstm2d/kernel:0': kernel, 'conv_lstm2d/recurrent_kernel:0': recurrent }, 'cells.1.');
    assert.deepEqual(Object.keys(sd), ['cells.1.input_conv.weight', 'cells.1.recurrent_conv.weight']);
    const w = sd['cells.1.input_conv.weight'];
    assert.deepEqual(w.shape, [8, 1, 3, 2]);
    // weight[o=5, c=0, i=2, j=1] = kernel[2, 1, 0, 5] = ((2 · 2 + 1) · 1 + 0) · 8 + 5
    assert.equal(w.dataSync()[5 * 6 + 2 * 2 + 1], 45);
    assert.deepEqual(sd['cells.1.recurrent_conv.weight'].shape, [8, 2, 3, 2]);
  });

  test('wrong names and shapes throw', () => {
    const k = rnd([3, 3, 1, 8]);
    assert.throws(() => nn.convLSTMStateDictFromKeras({ kernel: k, recurrent_kernel: rnd([3, 3, 2, 8]), gamma: rnd([8]) }), /unexpected weight 'gamma'/);
    assert.throws(() => nn.convLSTMStateDictFromKeras({ kernel: k, recurrent_kernel: rnd([3, 3, 3, 8]) }), /recurrent_kernel \[3, 3, 3, 8\] must be \[3, 3, 2, 8\]/);
    assert.throws(() => nn.convLSTMStateDictFromKeras({ kernel: k }), /kernel and recurrent_kernel are required/);
    assert.throws(() => nn.convLSTMStateDictFromKeras({ kernel: k, recurrent_kernel: rnd([3, 3, 2, 8]), bias: rnd([6]) }), /bias \[6\] must be \[8\]/);
  });
});

describe('layouts and modes', () => {
  test('LSTM: unbatched [T, in] equals batch 1; batchFirst equals the transposed time-major run', () => {
    const lstm = new nn.LSTM(3, 4, { numLayers: 2 }).to('float64');
    const x = rnd([5, 3]);
    const single = lstm.forward(x);
    const batched = lstm.forward(x.unsqueeze(1));
    assertClose(single.output.dataSync(), batched.output.dataSync(), TOL.exact, 'output');
    assert.deepEqual(single.state.h.shape, [2, 4]);
    const bf = new nn.LSTM(3, 4, { numLayers: 2, batchFirst: true }).to('float64');
    bf.loadStateDict(lstm.stateDict());
    const xs = rnd([5, 2, 3], 2);
    assertClose(bf.forward(xs.transpose(0, 1)).output.transpose(0, 1).contiguous().dataSync(), lstm.forward(xs).output.dataSync(), TOL.exact, 'batchFirst');
  });

  test('GRU dropout acts between layers in training only', () => {
    const gru = new nn.GRU(3, 4, { numLayers: 2, dropout: 0.5 }).to('float64');
    const x = rnd([4, 2, 3]);
    const a = gru.eval().forward(x).output.dataSync();
    assertClose(gru.forward(x).output.dataSync(), a, TOL.exact, 'eval is deterministic');
    assert.notDeepEqual(Array.from(gru.train().forward(x).output.dataSync()), Array.from(a));
  });

  test('ConvLSTM/ConvGRU: returnSequences false gives the last step of the sequence output', () => {
    for (const [seq, last] of [
      [new nn.ConvLSTM(2, 3, 3, { numLayers: 2, returnSequences: true }), new nn.ConvLSTM(2, 3, 3, { numLayers: 2 })],
      [new nn.ConvGRU(2, 3, 3, { numLayers: 2, returnSequences: true }), new nn.ConvGRU(2, 3, 3, { numLayers: 2 })],
    ] as const) {
      seq.to('float64');
      last.to('float64').loadStateDict(seq.stateDict());
      const x = rnd([2, 3, 2, 4, 5]);
      const all = seq.forward(x);
      const end = last.forward(x);
      assert.deepEqual(all.output.shape, [2, 3, 3, 4, 5]);
      assert.deepEqual(end.output.shape, [2, 3, 4, 5]);
      assertClose(end.output.dataSync(), all.output.narrow(1, 2, 1).contiguous().dataSync(), TOL.exact, `${seq.typeName} last step`);
      assertClose(end.state[1].h.dataSync(), end.output.dataSync(), TOL.exact, `${seq.typeName} state h`);
    }
  });

  test('hard_sigmoid is Keras 2\'s clip(0.2 x + 0.5, 0, 1): a saturated forget gate keeps c exactly', () => {
    const cell = new nn.ConvLSTMCell(1, 1, 1, { recurrentActivation: 'hard_sigmoid', bias: true }).to('float64');
    // z = 0 for i, g, o and 10 for f: f = 1, i = 0.5, g = 0, so c' = c.
    cell.loadStateDict({ 'input_conv.weight': tensor([[[[0]]], [[[0]]], [[[0]]], [[[0]]]], { dtype: 'float64' }), 'input_conv.bias': tensor([0, 10, 0, 0], { dtype: 'float64' }), 'recurrent_conv.weight': tensor([[[[0]]], [[[0]]], [[[0]]], [[[0]]]], { dtype: 'float64' }) });
    const c = tensor([[[[0.7]]]], { dtype: 'float64' });
    const r = cell.forward(tensor([[[[1]]]], { dtype: 'float64' }), { h: c.mul(0), c });
    assertClose(r.state.c.dataSync(), [0.7], TOL.exact, 'c');
    assertClose(r.state.h.dataSync(), [0.5 * Math.tanh(0.7)], TOL.float64Published, 'h');
  });
});

describe('errors name the layer and the shapes', () => {
  test('wrong input features, ranks and channels', () => {
    assert.throws(() => new nn.LSTMCell(3, 4).forward(rnd([2, 5])), /LSTMCell: expected \[batch, inputSize\] or \[inputSize\] .*got input \[2, 5\]/);
    assert.throws(() => new nn.GRU(3, 4).forward(rnd([2, 3, 5, 3])), /GRU: expected .*got input \[2, 3, 5, 3\]/);
    assert.throws(() => new nn.ConvLSTMCell(2, 4, 3).forward(rnd([1, 3, 5, 5])), /ConvLSTMCell: expected \[batch, inChannels, height, width\] .*got input \[1, 3, 5, 5\]/);
    assert.throws(() => new nn.ConvLSTM(2, 4, 3).forward(rnd([1, 2, 5, 5])), /ConvLSTM: expected \[batch, time, inChannels, height, width\] .*got input \[1, 2, 5, 5\]/);
    assert.throws(() => new nn.ConvGRUCell(2, 4, 3).forward(rnd([1, 1, 5, 5])), /ConvGRUCell: expected .*got input \[1, 1, 5, 5\]/);
  });

  test('state shape mismatches', () => {
    const lstm = new nn.LSTM(3, 4, { numLayers: 2 }).to('float64');
    assert.throws(() => lstm.forward(rnd([5, 2, 3]), { h: rnd([1, 2, 4]), c: rnd([2, 2, 4]) }), /LSTM: state h has shape \[1, 2, 4\], expected \[2, 2, 4\] for input \[5, 2, 3\]/);
    const cell = new nn.ConvLSTMCell(1, 2, 3).to('float64');
    assert.throws(() => cell.forward(rnd([1, 1, 4, 4]), { h: rnd([1, 2, 4, 4]), c: rnd([1, 2, 3, 4]) }), /ConvLSTMCell: state c has shape \[1, 2, 3, 4\], expected \[1, 2, 4, 4\]/);
    const gru = new nn.ConvGRU(1, 2, 3, { numLayers: 2 }).to('float64');
    assert.throws(() => gru.forward(rnd([1, 2, 1, 4, 4]), [{ h: rnd([1, 2, 4, 4]) }]), /ConvGRU: got a state for 1 layers, expected 2/);
  });

  test('bad constructor arguments', () => {
    assert.throws(() => new nn.LSTM(3, 0), /LSTM: sizes must be positive integers/);
    assert.throws(() => new nn.GRU(3, 4, { dropout: 2 }), /GRU: dropout must be in \[0, 1\]/);
    assert.throws(() => new nn.ConvLSTM(1, 2, 3, { numLayers: 0 }), /ConvLSTM: numLayers must be a positive integer/);
  });
});
