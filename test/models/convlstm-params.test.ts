// The ConvLSTM zoo models' parameter counts at the seed configurations (convlstm.md sections 2 and 8) as Keras
// reports them and as framegrad holds them (BatchNorm moving statistics are buffers here, non-trainable weights
// in Keras), their state-dict keys and shapes, and their registry entries. No forward pass.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConvLSTMEncoderDecoder, ConvLSTMNextFrame, kerasParameterCounts, modelRegistry } from '../../src/models/index.js';
import { CONVLSTM_ENCODER_DECODER_DEFAULT_CONFIG } from '../../src/models/convlstm/index.js';

const shapes = (model: { stateDict(): Record<string, { shape: readonly number[] }> }): [string, number[]][] =>
  Object.entries(model.stateDict()).map(([k, t]) => [k, [...t.shape]]);

describe('ConvLSTMNextFrame parameters', () => {
  test('4 layers (next-frame.py, the default): 407,001 = 406,681 trainable + 320 non-trainable', () => {
    const model = new ConvLSTMNextFrame();
    assert.deepEqual(kerasParameterCounts(model), { total: 407_001, trainable: 406_681, nonTrainable: 320 });
    assert.equal(model.parameterCount(), 406_681);
  });

  test('3 layers (the seed README): 291,481 = 291,241 + 240', () => {
    assert.deepEqual(kerasParameterCounts(new ConvLSTMNextFrame({ numLayers: 3 })), { total: 291_481, trainable: 291_241, nonTrainable: 240 });
  });

  test('per-layer counts of spec section 2', () => {
    const model = new ConvLSTMNextFrame();
    const modules = new Map(model.namedModules());
    const count = (path: string): number => modules.get(path)!.parameterCount();
    assert.deepEqual([0, 1, 2, 3].map((l) => count(`convlstm.${l}`)), [59_200, 115_360, 115_360, 115_360]);
    assert.deepEqual([0, 1, 2, 3].map((l) => count(`norm.${l}`)), [80, 80, 80, 80]);
    assert.equal(count('head'), 1_081);
  });

  test('state-dict keys and shapes', () => {
    const lstm = (l: number, cin: number): [string, number[]][] => [
      [`convlstm.${l}.input_conv.weight`, [160, cin, 3, 3]], [`convlstm.${l}.input_conv.bias`, [160]], [`convlstm.${l}.recurrent_conv.weight`, [160, 40, 3, 3]],
    ];
    const norm = (l: number): [string, number[]][] => [
      [`norm.${l}.weight`, [40]], [`norm.${l}.bias`, [40]], [`norm.${l}.running_mean`, [40]], [`norm.${l}.running_var`, [40]], [`norm.${l}.num_batches_tracked`, []],
    ];
    const expected = [...lstm(0, 1), ...lstm(1, 40), ...norm(0), ...norm(1), ['head.weight', [1, 40, 3, 3, 3]], ['head.bias', [1]]];
    assert.deepEqual(shapes(new ConvLSTMNextFrame({ numLayers: 2 })).sort(), expected.sort());
  });
});

describe('ConvLSTMEncoderDecoder parameters', () => {
  test('seed configuration: 1,190,529 = 1,190,273 trainable + 256 non-trainable', () => {
    const model = new ConvLSTMEncoderDecoder();
    assert.deepEqual(kerasParameterCounts(model), { total: 1_190_529, trainable: 1_190_273, nonTrainable: 256 });
    const modules = new Map(model.namedModules());
    const count = (path: string): number => modules.get(path)!.parameterCount();
    assert.deepEqual([count('encoder.cells.0'), count('decoder.cells.0'), count('decoder.norm.0'), count('decoder.head')], [594_944, 594_944, 256, 129]);
    assert.equal(model.encoder.norm.length, 0);
  });

  test('two layers: a norm between encoder layers, one after each decoder layer', () => {
    const keys = shapes(new ConvLSTMEncoderDecoder({ units: [4, 3], kernelSizes: [3, 5] })).map(([k, s]) => `${k} ${s.join('x')}`);
    for (const k of [
      'encoder.cells.1.input_conv.weight 12x4x5x5', 'encoder.norm.0.weight 4', 'decoder.cells.0.input_conv.weight 16x1x3x3',
      'decoder.cells.1.recurrent_conv.weight 12x3x5x5', 'decoder.norm.1.running_var 3', 'decoder.head.weight 1x3x1x1',
    ]) assert.ok(keys.includes(k), k);
    assert.ok(!keys.some((k) => k.startsWith('encoder.norm.1')));
  });
});

test('registry entries build their default and small configurations', () => {
  const a = modelRegistry.convlstm;
  assert.deepEqual(kerasParameterCounts(a.create()).total, 407_001);
  assert.equal(a.create(a.smallConfig).config.filters, a.smallConfig.filters);
  // The default encoder-decoder is counted above (its orthogonal init of two 512 x 1152 kernels takes seconds).
  const b = modelRegistry['convlstm-encdec'];
  assert.deepEqual(b.defaultConfig, CONVLSTM_ENCODER_DECODER_DEFAULT_CONFIG);
  assert.deepEqual(b.create(b.smallConfig).config.units, b.smallConfig.units);
  assert.deepEqual(b.defaultConfig.optimizer, { lr: 1e-3, alpha: 0.9, eps: 1e-7 });
});

test('configs reject bad values naming the field', () => {
  assert.throws(() => new ConvLSTMNextFrame({ numLayers: 0 }), /numLayers/);
  assert.throws(() => new ConvLSTMNextFrame({ kernelSize: 4 }), /kernelSize must be odd/);
  assert.throws(() => new ConvLSTMEncoderDecoder({ units: [8, 8], kernelSizes: [3] }), /kernelSizes has 1 entries/);
});
