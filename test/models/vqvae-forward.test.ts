// The video VQ-VAE's forward pass at reduced sizes: shapes of every output and of encode/decode, frame-major
// stacking (the reference's b d h w c -> b (d c) h w), decode(encode(x).indices) against the reconstruction path,
// eval mode leaving the EMA state alone, and which parameters a backward of the training loss reaches: every conv,
// and exactly not the EMA-updated codebook and ema_w.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nn } from '../../src/index.js';
import { VqVae1, vqvae } from '../../src/models/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { MINI, seedModel, seededClips } from './vqvae-helpers.js';

describe('VqVae1 forward', () => {
  test('shapes at the small config: 16x16 clips of 2 RGB frames -> 2x2 codes of 16 dims -> 16x16 clips', () => {
    const model = new VqVae1(vqvae.VQVAE_SMALL_CONFIG);
    const x = seededClips(vqvae.VQVAE_SMALL_CONFIG, 2, 16, 1, { dtype: 'float32' });
    const out = model.eval().forward(x);
    assert.deepEqual(out.reconstruction.shape, [2, 2, 3, 16, 16]);
    assert.deepEqual(out.indices.shape, [2, 2, 2]);
    assert.equal(out.indices.dtype, 'int32');
    assert.deepEqual(out.vqLoss.shape, []);
    assert.deepEqual(out.perplexity.shape, []);
    const { latent, indices } = model.encode(x);
    assert.deepEqual(latent.shape, [2, 16, 2, 2]);
    assert.deepEqual(indices.shape, [2, 2, 2]);
    assert.deepEqual(model.decode(indices).shape, [2, 2, 3, 16, 16]);
    assert.throws(() => model.forward(seededClips(vqvae.VQVAE_SMALL_CONFIG, 1, 12, 1)), /H and W multiples of 8/);
  });

  test('frames are stacked frame-major: the first conv sees frame t, channel c at t * C + c', () => {
    const model = new VqVae1(MINI).to('float64');
    const x = seededClips(MINI, 1, 8, 2);
    const stacked = x.reshape([1, 6, 8, 8]);
    const encoderOnStacked = model.encoder.forward(stacked);
    assertClose(model.encode(x).latent.dataSync(), encoderOnStacked.dataSync(), TOL.exact, 'latent of the stacked frames');
    // Channels-last clips, the reference's layout, permuted to [B, T, C, H, W].
    const channelsLast = x.permute([0, 1, 3, 4, 2]);
    assertClose(model.encode(channelsLast.permute([0, 1, 4, 2, 3])).latent.dataSync(), encoderOnStacked.dataSync(), TOL.exact, 'from channels-last');
  });

  test('decode(encode(x).indices) reproduces the eval-mode reconstruction; eval leaves the EMA state alone', () => {
    const model = new VqVae1(MINI).to('float64');
    const x = seededClips(MINI, 2, 8, 3);
    seedModel(model, x, 4);
    model.eval();
    const before = model.stateDict();
    const out = model.forward(x);
    const codes = model.encode(x);
    assert.deepEqual(Array.from(codes.indices.dataSync()), Array.from(out.indices.dataSync()));
    assert.ok(new Set(codes.indices.dataSync()).size > 2, 'several codes are in use');
    assertClose(model.decode(codes.indices).dataSync(), out.reconstruction.dataSync(), TOL.straightThrough64, 'decode(encode(x)) vs forward');
    for (const [key, t] of Object.entries(model.stateDict())) assertClose(t.dataSync(), before[key].dataSync(), TOL.exact, `${key} after an eval forward`);
  });

  test('a backward of MSE + vq_loss reaches every conv weight and bias, and not vq_vae.ema_w nor the codebook', () => {
    const model = new VqVae1(MINI).to('float64');
    const x = seededClips(MINI, 2, 8, 9);
    seedModel(model, x, 10);
    model.train();
    const out = model.forward(x);
    nn.mseLoss(out.reconstruction, x).add(out.vqLoss).backward();
    const without = [...model.namedParameters()].filter(([, p]) => !p.grad).map(([k]) => k);
    assert.deepEqual(without, ['vq_vae.ema_w', 'vq_vae.embedding.weight']);
    for (const [key, p] of model.namedParameters()) {
      if (p.grad) assert.ok(p.grad.abs().max().item() > 0, `${key} has a non-zero gradient`);
      assert.equal(p.requiresGrad, true, `${key} requires grad, as the reference's parameters do`);
    }
  });
});
