// The five published IFRNet variants at full width: exact parameter counts (spec §6), state-dict keys and shapes
// as the reference PyTorch modules name them, registry entries, and forward shapes at 32x32.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad } from '../../src/index.js';
import { modelRegistry } from '../../src/models/index.js';
import { IFRNet, type IfrnetVariant } from '../../src/models/ifrnet/index.js';
import { seeded } from './ifrnet-helpers.js';

interface Expected {
  readonly registryName: keyof typeof modelRegistry;
  readonly params: number;
  readonly keyCount: number;
  /** Representative keys and shapes, from the reference modules (spec §3, §6). */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  /** Widths of the predicted features phi_1..phi_{L-1}. */
  readonly features: readonly number[];
}

const EXPECTED: Readonly<Record<IfrnetVariant, Expected>> = {
  IFRNet: {
    registryName: 'ifrnet', params: 4_959_692, keyCount: 104, features: [32, 48, 72],
    shapes: {
      'encoder.pyramid1.0.0.weight': [32, 3, 3, 3], 'encoder.pyramid1.0.1.weight': [32], 'encoder.pyramid4.1.0.weight': [96, 96, 3, 3],
      'decoder4.convblock.0.0.weight': [192, 193, 3, 3], 'decoder4.convblock.1.conv1.0.weight': [192, 192, 3, 3],
      'decoder4.convblock.1.conv2.0.weight': [32, 32, 3, 3], 'decoder4.convblock.1.conv4.1.weight': [32],
      'decoder4.convblock.1.conv5.weight': [192, 192, 3, 3], 'decoder4.convblock.1.prelu.weight': [192],
      'decoder4.convblock.2.weight': [192, 76, 4, 4], 'decoder3.convblock.0.0.weight': [216, 220, 3, 3],
      'decoder3.convblock.2.weight': [216, 52, 4, 4], 'decoder2.convblock.0.0.weight': [144, 148, 3, 3],
      'decoder2.convblock.2.bias': [36], 'decoder1.convblock.0.0.weight': [96, 100, 3, 3], 'decoder1.convblock.2.weight': [96, 8, 4, 4],
    },
  },
  IFRNet_L: {
    registryName: 'ifrnet-l', params: 19_699_460, keyCount: 104, features: [64, 96, 144],
    shapes: {
      'encoder.pyramid1.0.0.weight': [64, 3, 7, 7], 'encoder.pyramid4.0.0.weight': [192, 144, 3, 3],
      'decoder4.convblock.0.0.weight': [384, 385, 3, 3], 'decoder4.convblock.1.conv2.0.weight': [64, 64, 3, 3],
      'decoder4.convblock.2.weight': [384, 148, 4, 4], 'decoder3.convblock.0.0.weight': [432, 436, 3, 3],
      'decoder2.convblock.2.weight': [288, 68, 4, 4], 'decoder1.convblock.0.0.weight': [192, 196, 3, 3], 'decoder1.convblock.2.weight': [192, 8, 4, 4],
    },
  },
  IFRNet_S: {
    registryName: 'ifrnet-s', params: 2_803_610, keyCount: 104, features: [24, 36, 54],
    shapes: {
      'encoder.pyramid1.0.0.weight': [24, 3, 3, 3], 'encoder.pyramid4.1.1.weight': [72], 'decoder4.convblock.0.0.weight': [144, 145, 3, 3],
      'decoder4.convblock.2.weight': [144, 58, 4, 4], 'decoder3.convblock.0.0.weight': [162, 166, 3, 3], 'decoder3.convblock.2.weight': [162, 40, 4, 4],
      'decoder2.convblock.1.conv2.0.weight': [24, 24, 3, 3], 'decoder2.convblock.0.0.weight': [108, 112, 3, 3],
      'decoder1.convblock.0.0.weight': [72, 76, 3, 3], 'decoder1.convblock.1.conv5.bias': [72],
    },
  },
  IFRNet_T: {
    registryName: 'ifrnet-t', params: 288_103, keyCount: 69, features: [12, 18],
    shapes: {
      'encoder.pyramid1.0.0.weight': [12, 3, 3, 3], 'encoder.pyramid3.1.0.weight': [27, 27, 3, 3], 'decoder3.convblock.0.0.weight': [54, 55, 3, 3],
      'decoder3.convblock.1.conv1.0.weight': [54, 54, 3, 3], 'decoder3.convblock.1.conv2.0.weight': [18, 18, 3, 3],
      'decoder3.convblock.1.conv3.0.weight': [36, 36, 3, 3], 'decoder3.convblock.1.conv3.1.weight': [36],
      'decoder3.convblock.1.conv4.0.weight': [54, 54, 3, 3], 'decoder3.convblock.1.prelu.weight': [54], 'decoder3.convblock.2.weight': [54, 22, 4, 4],
      'decoder2.convblock.0.0.weight': [54, 58, 3, 3], 'decoder2.convblock.2.weight': [54, 16, 4, 4],
      'decoder1.convblock.0.0.weight': [36, 40, 3, 3], 'decoder1.convblock.1.conv2.0.weight': [12, 12, 3, 3], 'decoder1.convblock.2.weight': [36, 8, 4, 4],
    },
  },
  IFRNet_ELAN: {
    registryName: 'ifrnet-elan', params: 243_535, keyCount: 153, features: [12, 18],
    shapes: {
      'encoder.pyramid2.0.0.weight': [18, 12, 3, 3], 'decoder3.convblock.0.0.weight': [54, 55, 3, 3],
      'decoder3.convblock.1.conv1.0.weight': [18, 18, 3, 3], 'decoder3.convblock.1.conv6.1.weight': [18],
      'decoder3.convblock.1.conv7.0.weight': [54, 126, 1, 1], 'decoder3.convblock.2.conv7.0.bias': [54], 'decoder3.convblock.3.weight': [54, 22, 4, 4],
      'decoder2.convblock.0.0.weight': [54, 58, 3, 3], 'decoder1.convblock.0.0.weight': [36, 40, 3, 3],
      'decoder1.convblock.2.conv3.0.weight': [12, 12, 3, 3], 'decoder1.convblock.2.conv7.0.weight': [36, 84, 1, 1], 'decoder1.convblock.3.weight': [36, 8, 4, 4],
    },
  },
};

for (const [variant, expected] of Object.entries(EXPECTED) as [IfrnetVariant, Expected][]) {
  describe(`${variant} (registry '${expected.registryName}')`, () => {
    const model = modelRegistry[expected.registryName].create() as IFRNet;

    test(`${expected.params.toLocaleString('en-US')} parameters, all trainable`, () => {
      assert.equal(model.config.variant, variant);
      assert.equal(model.parameterCount(), expected.params);
      assert.equal(model.parameterCount({ trainableOnly: true }), expected.params);
    });

    test('state-dict keys and shapes as the reference modules name them', () => {
      const state = model.stateDict();
      const keys = Object.keys(state);
      assert.equal(keys.length, expected.keyCount);
      const levels = expected.features.length + 1;
      const order = ['encoder', ...Array.from({ length: levels }, (_, i) => `decoder${levels - i}`)];
      assert.deepEqual([...new Set(keys.map((k) => k.split('.')[0]))], order);
      for (const [key, shape] of Object.entries(expected.shapes)) assert.deepEqual(state[key]?.shape, shape, key);
      assert.ok(keys.every((k) => /^(encoder\.pyramid\d\.[01]\.[01]|decoder\d\.convblock\.\d+(\.\w+)*)\.(weight|bias)$/.test(k)), 'every key has the reference form');
    });

    test('forward at 32x32: prediction, flows, mask, residual, flow pyramid and features', () => {
      const out = noGrad(() => model.forward(seeded([1, 3, 32, 32], 1), seeded([1, 3, 32, 32], 2)));
      assert.deepEqual(out.prediction.shape, [1, 3, 32, 32]);
      assert.deepEqual(out.flow0.shape, [1, 2, 32, 32]);
      assert.deepEqual(out.flow1.shape, [1, 2, 32, 32]);
      assert.deepEqual(out.mask.shape, [1, 1, 32, 32]);
      assert.deepEqual(out.residual.shape, [1, 3, 32, 32]);
      assert.deepEqual(out.mean.shape, [1, 1, 1, 1]);
      assert.deepEqual(out.flowPyramid.map((f) => f.flow1.shape), expected.features.concat([0]).map((_, j) => [1, 2, 32 >> j, 32 >> j]));
      assert.deepEqual(out.features.map((f) => f.shape), expected.features.map((c, k) => [1, c, 32 >> (k + 1), 32 >> (k + 1)]));
      const values = out.prediction.dataSync();
      assert.ok(values.every((v) => v >= 0 && v <= 1), 'prediction is clamped to [0, 1]');
    });
  });
}

test('gray frames (inChannels 1): base IFRNet has 4,956,042 parameters (spec §6.6)', () => {
  assert.equal(new IFRNet({ inChannels: 1 }).parameterCount(), 4_956_042);
});
