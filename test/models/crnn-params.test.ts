// Parameter counts and state-dict layout of the CRNN models: the ConvGRU U-Net at the seed widths (28,045) and
// the student's widths (180,465), block by block as crnn-diffusion.md §4 tabulates them, with keys and shapes
// equal to the reference's (BatchNorm buffers included, read from the fixture's metadata); the seed's printed
// CRNN (13,850) block by block as §2.5 reconciles the printed rows; the registry entries.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AutoregressiveUNet, PrintedCrnn, modelRegistry } from '../../src/models/index.js';
import { CRNN_ARM_CHANNELS } from '../../src/models/crnn/index.js';
import { loadFixture, ownKeys, referenceKeys } from './crnn-helpers.js';

describe('AutoregressiveUNet (registry crnn)', () => {
  test('28,045 parameters at the seed widths (1, 2, 4, 8, 16), per block as spec §4', () => {
    const model = new AutoregressiveUNet();
    assert.equal(model.parameterCount(), 28_045);
    assert.deepEqual([...model.downSample].map((b) => b.parameterCount()), [292, 1_128, 4_432, 17_568]);
    assert.deepEqual([...model.upSample].map((b) => b.parameterCount()).reverse(), [3_456, 880, 228, 61]);
  });

  test('180,465 parameters at the student widths (1, 3, 6, 12, 48), ResBlock and GRU / ConvT per block', () => {
    const model = new AutoregressiveUNet({ channels: CRNN_ARM_CHANNELS });
    assert.equal(model.parameterCount(), 180_465);
    assert.deepEqual([...model.downSample].map((b) => [b.res.parameterCount(), b.convGru.parameterCount()]), [[132, 495], [546, 1_962], [2_100, 7_812], [26_832, 124_560]]);
    assert.deepEqual([...model.upSample].map((b) => [b.residualBlock.parameterCount(), b.upsample.parameterCount()]).reverse(), [[12_900, 588], [1_806, 150], [462, 39], [76, 5]]);
  });

  test('state-dict keys and shapes equal the reference AutoregressiveUNET at both widths', async () => {
    const file = await loadFixture('crnn_small.safetensors');
    for (const [name, channels] of [['default', [1, 2, 4, 8, 16]], ['arm', CRNN_ARM_CHANNELS]] as const) {
      const reference = referenceKeys(file, `state_dict_${name}`);
      const own = ownKeys(new AutoregressiveUNet({ channels }));
      assert.deepEqual([...own.keys()].sort(), [...reference.keys()].sort(), `keys at widths (${channels})`);
      for (const [key, shape] of reference) assert.deepEqual(own.get(key), shape, `${key} at widths (${channels})`);
      assert.ok([...own.keys()].some((k) => k.endsWith('running_var')) && [...own.keys()].some((k) => k.endsWith('num_batches_tracked')));
      assert.equal(file.metadata?.[`parameter_count_${name}`], String(new AutoregressiveUNet({ channels }).parameterCount()));
    }
  });
});

describe('PrintedCrnn (registry crnn-printed)', () => {
  test('13,850 parameters, block by block as the printed rows reconcile (spec §2.5)', () => {
    const model = new PrintedCrnn();
    assert.equal(model.parameterCount(), 13_850);
    assert.deepEqual(model.down.map((b) => b.parameterCount()), [122, 460, 1_784, 7_024]);
    assert.equal(model.bottom.parameterCount(), 1_040);
    assert.deepEqual(model.up.map((b) => b.parameterCount()), [46, 170, 652, 2_552]);
    // The printed rows of D1 (Conv2d-1 20, BN-2 4, Conv2d-4 38, BN-5 4, Conv2d-7 56) and U1 (19, 2, 10, 2, ConvT 13).
    const d1 = model.down[0];
    assert.deepEqual([d1.pair.conv1, d1.pair.bn1, d1.pair.conv2, d1.pair.bn2, d1.merge].map((m) => m.parameterCount()), [20, 4, 38, 4, 56]);
    const u1 = model.up[0];
    assert.deepEqual([u1.pair.conv1, u1.pair.bn1, u1.pair.conv2, u1.pair.bn2, u1.up].map((m) => m.parameterCount()), [19, 2, 10, 2, 13]);
  });

  test('top-level names are the seed\'s', () => {
    assert.deepEqual([...new PrintedCrnn().namedChildren()].map(([n]) => n), [
      'DownSample1', 'DownSample2', 'DownSample3', 'DownSample4', 'bottom', 'UpSample1', 'UpSample2', 'UpSample3', 'UpSample4',
    ]);
  });
});

test('registry: crnn and crnn-printed build their default and small configurations', () => {
  assert.equal(modelRegistry.crnn.create().parameterCount(), 28_045);
  assert.equal(modelRegistry.crnn.create({ channels: CRNN_ARM_CHANNELS }).parameterCount(), 180_465);
  assert.equal(modelRegistry['crnn-printed'].create().parameterCount(), 13_850);
  assert.equal(modelRegistry.crnn.create(modelRegistry.crnn.smallConfig).parameterCount(), 1_709);
  assert.equal(modelRegistry['crnn-printed'].create(modelRegistry['crnn-printed'].smallConfig).parameterCount(), 866);
});
