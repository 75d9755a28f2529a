// The video VQ-VAE at the seed configuration (G 4, N 64, 30 RGB frames, 8192 x 512 EMA codebook): the seed's
// parameter count 13,513,242 (convs 5,124,634 + codebook + ema_w, both K x D parameters; the cluster-size buffer
// not counted), the 90 parameter tensors of vqvae-video.md §6.4 in named_parameters order, the state-dict order
// around the buffer, which tensors require a gradient, and the registry entry. Counting needs no forward pass.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nn } from '../../src/index.js';
import { VqVae1, modelRegistry, vqvae } from '../../src/models/index.js';

const model = new VqVae1();
const count = (prefix: string): number =>
  [...model.namedParameters()].filter(([k]) => k.startsWith(prefix)).reduce((n, [, p]) => n + p.size, 0);

/** The spec's §6.4 listing: [key, shape] for every parameter, in order. */
function expectedParameters(): [string, number[]][] {
  const out: [string, number[]][] = [];
  const conv = (key: string, o: number, i: number, k: number): void => {
    out.push([`${key}.weight`, [o, i, k, k]], [`${key}.bias`, [o]]);
  };
  const block = (prefix: string, nIn: number, nOut: number, kernels: number[]): void => {
    const h = nOut / 4;
    if (nIn !== nOut) conv(`${prefix}.id_path`, nOut, nIn, 1);
    const widths = [nIn, h, h, h, nOut];
    kernels.forEach((k, i) => conv(`${prefix}.res_path.conv_${i + 1}`, widths[i + 1], widths[i], k));
  };
  conv('encoder.blocks.input.conv_1', 256, 90, 7);
  conv('encoder.blocks.input.conv_2', 64, 256, 7);
  [[64, 64], [64, 128], [128, 192], [192, 256]].forEach(([i, o], g) => block(`encoder.blocks.spatial_${g + 1}.block_1`, i, o, [3, 3, 3, 1]));
  conv('encoder.blocks.output.conv', 512, 256, 1);
  out.push(['vq_vae.ema_w', [8192, 512]], ['vq_vae.embedding.weight', [8192, 512]]);
  [[512, 256], [256, 192], [192, 128], [128, 64]].forEach(([i, o], g) => block(`decoder.blocks.spatial_${g + 1}.block_1`, i, o, [1, 3, 3, 3]));
  conv('decoder.blocks.output.conv_1', 256, 64, 7);
  conv('decoder.blocks.output.conv_2', 90, 256, 7);
  return out;
}

describe('VqVae1 parameters at the seed configuration', () => {
  test('13,513,242 parameters, all requiring grad as in the reference; encoder 2,509,792, decoder 2,614,842', () => {
    assert.equal(model.parameterCount(), 13_513_242);
    assert.equal(model.parameterCount({ trainableOnly: true }), 13_513_242);
    assert.equal(count('encoder.'), 2_509_792);
    assert.equal(count('decoder.'), 2_614_842);
    assert.equal(count('vq_vae.'), 2 * 8192 * 512);
  });

  test('the 90 parameter tensors of spec §6.4, names and shapes in named_parameters order', () => {
    const actual = [...model.namedParameters()].map(([k, p]): [string, number[]] => [k, [...p.shape]]);
    assert.equal(actual.length, 90);
    assert.deepEqual(actual, expectedParameters());
  });

  test('state dict: the 90 parameters plus the ema_cluster_size buffer, between ema_w and the codebook', () => {
    const keys = Object.keys(model.stateDict());
    assert.equal(keys.length, 91);
    const at = keys.indexOf('vq_vae.ema_w');
    assert.deepEqual(keys.slice(at, at + 3), ['vq_vae.ema_w', 'vq_vae.ema_cluster_size', 'vq_vae.embedding.weight']);
    assert.deepEqual([...model.namedBuffers()].map(([k, b]) => [k, [...b.shape]]), [['vq_vae.ema_cluster_size', [8192]]]);
    assert.deepEqual(keys.filter((k) => k !== 'vq_vae.ema_cluster_size'), expectedParameters().map(([k]) => k));
  });

  test('initialisation: zero cluster sizes, N(0, 1) codebook and ema_w, PyTorch-default convs', () => {
    const state: nn.StateDict = model.stateDict();
    assert.equal(state['vq_vae.ema_cluster_size'].abs().max().item(), 0);
    for (const key of ['vq_vae.ema_w', 'vq_vae.embedding.weight']) {
      assert.ok(Math.abs(state[key].std().item() - 1) < 0.01, key);
      assert.ok(Math.abs(state[key].mean().item()) < 0.01, key);
    }
    const w = state['encoder.blocks.input.conv_1.weight'];
    const bound = 1 / Math.sqrt(90 * 49);
    assert.ok(w.abs().max().item() <= bound);
    assert.ok(Math.abs(w.std().item() - bound / Math.sqrt(3)) < 1e-4);
  });
});

describe('VqVae1 configuration and registry', () => {
  test('decay 0 selects the gradient-learned VectorQuantizer: 9,318,938 parameters at the seed widths', () => {
    const counts = new VqVae1({ decay: 0 });
    assert.ok(counts.quantizer instanceof nn.VectorQuantizer);
    assert.equal(counts.parameterCount(), 9_318_938);
    assert.deepEqual([...counts.namedBuffers()], []);
  });

  test('defaults are the seed configuration; the small config builds the seed structure', () => {
    const entry = modelRegistry.vqvae;
    assert.deepEqual(entry.defaultConfig, {
      groupCount: 4, nHid: 64, nBlkPerGroup: 1, inputChannels: 3, outputChannels: 3, nInit: 512, vocabSize: 8192,
      commitmentCost: 0.25, decay: 0.99, epsilon: 1e-5, sequenceLength: 30, downsample: true, upsample: true,
    });
    const small = entry.create(entry.smallConfig);
    assert.ok(small instanceof VqVae1);
    assert.equal([...small.namedParameters()].length, 90);
    assert.deepEqual(vqvae.encoderGroups(entry.smallConfig).map((g) => [g.in, g.out]), [[8, 8], [8, 16], [16, 24], [24, 32]]);
    assert.deepEqual(vqvae.decoderGroups(entry.smallConfig).map((g) => [g.in, g.out]), [[16, 32], [32, 24], [24, 16], [16, 8]]);
  });

  test('invalid configurations are rejected naming the field', () => {
    assert.throws(() => new VqVae1({ nHid: 6 }), /nHid must be a multiple of 4/);
    assert.throws(() => new VqVae1({ groupCount: 0 }), /groupCount must be a positive integer/);
    assert.throws(() => new VqVae1({ decay: 1 }), /decay must be in \[0, 1\)/);
    assert.throws(() => new VqVae1({ epsilon: 0 }), /epsilon must be positive/);
  });
});
