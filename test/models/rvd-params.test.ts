// Parameter counts and state-dict layout of RVD: the 64x64 reference configuration (37,607,570 = denoiser
// 18,743,233 + CondNet 13,749,072 + HistoryNet 5,115,265) stage by stage as crnn-diffusion.md §5.5 tabulates it,
// with keys and shapes equal to the reference GaussianDiffusion's (read from the fixture's metadata; the twelve
// schedule buffers of length 1600 included); the compact RVD-MM32 configuration of §7; the registry entry.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Module } from '../../src/nn/module.js';
import { RVD, modelRegistry } from '../../src/models/index.js';
import { RVD_DEFAULT_CONFIG, RVD_MM32_CONFIG, SCHEDULE_BUFFERS, type Unet } from '../../src/models/rvd/index.js';
import { loadFixture, ownKeys, referenceKeys } from './crnn-helpers.js';

const count = (...modules: Module[]): number => modules.reduce((n, m) => n + m.parameterCount(), 0);

/** time MLP, each down level, mid, each up level, final: the rows of the spec's denoiser tables. */
function denoiserStages(unet: Unet): number[] {
  return [
    count(unet.timeMlp),
    ...[...unet.downs].map((l) => count(l)),
    count(unet.midBlock1, unet.midAttn, unet.midBlock2),
    ...[...unet.ups].map((l) => count(l)),
    count(unet.finalConv),
  ];
}

describe('RVD at the 64x64 reference configuration (registry rvd default)', () => {
  let model: RVD;
  before(() => {
    model = new RVD();
  });

  test('37,607,570 parameters = denoiser 18,743,233 + CondNet 13,749,072 + HistoryNet 5,115,265', () => {
    assert.equal(model.parameterCount(), 37_607_570);
    assert.deepEqual([model.denoiseFn, model.historyFn, model.transformFn].map((m) => m.parameterCount()), [18_743_233, 13_749_072, 5_115_265]);
  });

  test('denoiser, CondNet and HistoryNet stage by stage (spec §5.5)', () => {
    assert.deepEqual(denoiserStages(model.denoiseFn), [18_672, 126_624, 514_944, 1_988_352, 6_483_072, 5_450_112, 3_130_944, 800_544, 209_040, 20_929]);
    const level0 = model.denoiseFn.downs.at(0);
    assert.deepEqual([level0.resnet1, level0.resnet2, level0.attn, level0.resample].map((m) => m.parameterCount()), [23_904, 69_504, 12_432, 20_784]);
    assert.deepEqual([...model.historyFn.downs].map((l) => count(l)), [166_896, 710_688, 2_840_640, 10_030_848]);
    assert.equal(model.historyFn.downs.at(3).gru.parameterCount(), 7_963_776);
    const h = model.transformFn;
    assert.deepEqual([...h.downs].map((l) => count(l)), [166_896, 710_688, 747_456, 2_508_672]);
    assert.deepEqual([...h.ups].map((l) => count(l)), [415_488, 415_488, 150_144]);
    assert.equal(count(h.mu), 433);
  });

  test('state-dict keys and shapes equal the reference GaussianDiffusion\'s, the schedule buffers included', async () => {
    const file = await loadFixture('rvd_small.safetensors');
    const reference = referenceKeys(file, 'state_dict_rvd64');
    const own = ownKeys(model);
    assert.deepEqual([...own.keys()].sort(), [...reference.keys()].sort());
    for (const [key, shape] of reference) assert.deepEqual(own.get(key), shape, key);
    for (const name of SCHEDULE_BUFFERS) assert.deepEqual(own.get(name), [1600], name);
    assert.equal(file.metadata?.parameter_count_rvd64, '37607570');
  });
});

test('RVD-MM32 (spec §7): 5,413,858 parameters, denoiser stage by stage', () => {
  const model = new RVD(RVD_MM32_CONFIG);
  assert.deepEqual([model.denoiseFn, model.historyFn, model.transformFn].map((m) => m.parameterCount()), [2_150_145, 1_505_888, 1_757_825]);
  assert.equal(model.parameterCount(), 5_413_858);
  assert.deepEqual(denoiserStages(model.denoiseFn), [8_352, 59_328, 234_752, 747_904, 632_960, 361_664, 95_840, 9_345]);
});

test('registry: rvd defaults to the reference configuration and builds its small one', () => {
  assert.deepEqual(modelRegistry.rvd.defaultConfig, RVD_DEFAULT_CONFIG);
  const small = modelRegistry.rvd.create(modelRegistry.rvd.smallConfig);
  assert.equal(small.parameterCount(), count(small.denoiseFn, small.historyFn, small.transformFn));
  assert.equal(small.schedule.betas.length, 100);
});

test('configuration checks name the field', () => {
  assert.throws(() => new RVD({ dim: 12 }), /multiple of 8/);
  assert.throws(() => new RVD({ dimMults: [2, 4] }), /dimMults needs at least 2 levels and a first multiplier of 1/);
  assert.throws(() => new RVD({ timesteps: 0 }), /timesteps must be a positive integer/);
});
