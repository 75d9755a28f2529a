// IFRNet's configuration, checkpoint filtering and call contract: variant presets and validation errors that name
// the field, reference checkpoints with `vggloss.*` (and DDP `module.`) keys loading strictly through
// ifrnetStateDict, the registry's small configurations, input checks, inferenceScale, and the extrapolation helpers.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad, tensor, zeros } from '../../src/index.js';
import { modelRegistry } from '../../src/models/index.js';
import { IFRNET_VARIANTS, IFRNet, ifrnetStateDict, loadIfrnetCheckpoint, resolveIfrnetConfig } from '../../src/models/ifrnet/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { MINIATURES, movingSquares, seeded } from './ifrnet-helpers.js';

describe('IfrnetConfig', () => {
  test('a variant selects its preset; given fields override it', () => {
    const c = resolveIfrnetConfig({ variant: 'IFRNet_T', inChannels: 1 });
    assert.deepEqual(c.encoderChannels, [12, 18, 27]);
    assert.equal(c.inChannels, 1);
    assert.equal(c.loss, 'mse');
    assert.deepEqual(resolveIfrnetConfig(), IFRNET_VARIANTS.IFRNet);
  });

  test('invalid fields are rejected, naming the field', () => {
    assert.throws(() => resolveIfrnetConfig({ variant: 'IFRNet_T', encoderChannels: [4, 4, 4] }), /thirds.*decoder width is 8/);
    assert.throws(() => resolveIfrnetConfig({ encoderChannels: [4, 4, 4, 4], block: { kind: 'side', sideChannels: 13 } }), /sideChannels 13 exceeds/);
    assert.throws(() => resolveIfrnetConfig({ encoderChannels: [4] }), /at least 2 levels/);
    assert.throws(() => resolveIfrnetConfig({ inChannels: 0 }), /inChannels must be a positive integer/);
    assert.throws(() => resolveIfrnetConfig({ inferenceScale: 0 }), /inferenceScale/);
  });
});

describe('IFRNet inputs', () => {
  const model = new IFRNet(MINIATURES.thirds);
  test('H and W must be divisible by 2^levels at the working scale', () => {
    assert.throws(() => model.forward(zeros([1, 3, 12, 16]), zeros([1, 3, 12, 16])), /divisible by 8.*12x16/);
    assert.throws(() => model.forward(zeros([1, 3, 16, 16]), zeros([1, 3, 16, 16]), { scale: 0.75 }), /divisible by 8 at scale 0.75/);
    assert.throws(() => model.forward(zeros([1, 3, 16, 16]), zeros([1, 3, 16, 8])), /differ in shape/);
    assert.throws(() => model.forward(zeros([1, 1, 16, 16]), zeros([1, 1, 16, 16])), /img0 must be \[B, 3, H, W\]/);
    assert.throws(() => model.forward(zeros([2, 3, 16, 16]), zeros([2, 3, 16, 16]), { embt: zeros([1, 1, 1, 1]) }), /embt must be \[2, 1, 1, 1\]/);
  });

  test('inferenceScale 0.5 runs the network at half size and returns full-size outputs', () => {
    const out = noGrad(() => model.forward(seeded([1, 3, 32, 16], 3), seeded([1, 3, 32, 16], 4), { scale: 0.5 }));
    assert.deepEqual(out.prediction.shape, [1, 3, 32, 16]);
    assert.deepEqual(out.flow0.shape, [1, 2, 32, 16]);
    assert.deepEqual(out.flowPyramid[0].flow0.shape, [1, 2, 16, 8]);
  });

  test('a tensor embt equals the same constant given as a number', () => {
    const [a, b] = [seeded([2, 3, 16, 16], 5), seeded([2, 3, 16, 16], 6)];
    const byNumber = noGrad(() => model.forward(a, b, { embt: 0.25 }).prediction.dataSync());
    const byTensor = noGrad(() => model.forward(a, b, { embt: tensor([0.25, 0.25], { shape: [2, 1, 1, 1] }) }).prediction.dataSync());
    assertClose(byTensor, byNumber, TOL.exact, 'embt tensor vs number');
  });
});

describe('extrapolation helpers', () => {
  test('predictNext is forward on (I_{t-1}, I_t); rollout feeds its predictions back', () => {
    const model = new IFRNet({ ...MINIATURES.thirds, inChannels: 1 });
    const [previous, current] = movingSquares(1, 1, 16, 16, 8);
    noGrad(() => {
      const next = model.predictNext(previous, current).prediction;
      assertClose(next.dataSync(), model.forward(previous, current).prediction.dataSync(), TOL.exact, 'predictNext vs forward');
      const frames = model.rollout(previous, current, 3);
      assert.equal(frames.length, 3);
      assertClose(frames[0].dataSync(), next.dataSync(), TOL.exact, 'rollout step 1');
      assertClose(frames[1].dataSync(), model.predictNext(current, next).prediction.dataSync(), TOL.exact, 'rollout step 2');
    });
  });
});

describe('reference checkpoints', () => {
  test("IFRVP checkpoints: 'vggloss.*' keys are dropped and a 'module.' prefix stripped; the rest loads strictly", () => {
    const source = new IFRNet(MINIATURES.elan);
    const checkpoint = { ...source.stateDict(), 'vggloss.vgg_pretrained_features.0.weight': zeros([64, 3, 3, 3]), 'vggloss.normalize.bias': zeros([3]) };
    const target = new IFRNet(MINIATURES.elan);
    assert.throws(() => target.loadStateDict(checkpoint, true), /unexpected keys: vggloss\.vgg_pretrained_features\.0\.weight/);
    const result = loadIfrnetCheckpoint(target, checkpoint);
    assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
    const key = 'decoder1.convblock.3.weight';
    assertClose(target.stateDict()[key].dataSync(), source.stateDict()[key].dataSync(), TOL.exact, key);
    const ddp = Object.fromEntries(Object.entries(checkpoint).map(([k, v]) => [`module.${k}`, v]));
    assert.deepEqual(Object.keys(ifrnetStateDict(ddp)), Object.keys(source.stateDict()));
  });
});

test('registry: each IFRNet entry builds its small configuration', () => {
  for (const name of ['ifrnet', 'ifrnet-l', 'ifrnet-s', 'ifrnet-t', 'ifrnet-elan'] as const) {
    const entry = modelRegistry[name];
    const model = entry.create(entry.smallConfig);
    assert.equal(model.config.variant, entry.defaultConfig.variant, name);
    assert.ok(model.parameterCount() < 40_000, `${name} small config has ${model.parameterCount()} parameters`);
    const out = noGrad(() => model.forward(seeded([1, 3, 16, 16], 9), seeded([1, 3, 16, 16], 10)));
    assert.deepEqual(out.prediction.shape, [1, 3, 16, 16], name);
  }
});
