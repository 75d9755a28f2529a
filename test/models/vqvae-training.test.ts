// The video VQ-VAE's training recipe on cpu: a few tens of VqVaeTrainer steps (one persistent Adam, ExponentialLR
// every lrStepEvery iterations, the EMA codebook updating itself) on tiny synthetic clips of a moving square lower
// the reconstruction loss; Adam never touches the codebook or ema_w; ImageNet normalisation is per RGB channel.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Tensor, tensor } from '../../src/index.js';
import { VqVae1, vqvae } from '../../src/models/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { MINI } from './vqvae-helpers.js';

/** [B, 2, 3, 8, 8] clips in [0, 1]: a 3x3 square of a per-clip colour moving one pixel right per frame. */
function movingSquares(batch: number): Tensor {
  const [t, c, s] = [MINI.sequenceLength, MINI.inputChannels, 8];
  const data = new Float64Array(batch * t * c * s * s);
  for (let b = 0; b < batch; b++) {
    for (let f = 0; f < t; f++) {
      for (let ch = 0; ch < c; ch++) {
        const level = 0.3 + 0.2 * ((b + ch) % 3);
        for (let y = 1 + b; y < 4 + b; y++) for (let x = 1 + f + b; x < 4 + f + b; x++) data[(((b * t + f) * c + ch) * s + y) * s + x] = level;
      }
    }
  }
  return tensor(data, { shape: [batch, t, c, s, s], dtype: 'float64' });
}

describe('VqVae1 training recipe', () => {
  test('30 steps of MSE + vq_loss with Adam lower the reconstruction loss; lr decays every lrStepEvery steps', () => {
    const model = new VqVae1(MINI).to('float64');
    const clips = vqvae.imagenetNormalize(movingSquares(2));
    const trainer = new vqvae.VqVaeTrainer(model, { lr: 3e-3, lrGamma: 0.9, lrStepEvery: 10 });
    const losses: number[] = [];
    for (let i = 0; i < 30; i++) losses.push(trainer.step(clips).reconstruction.item());
    const early = Math.min(...losses.slice(0, 5));
    const late = Math.min(...losses.slice(-5));
    assert.ok(late < 0.5 * early, `reconstruction loss: best of the first 5 steps ${early}, of the last 5 ${late}`);
    assert.equal(trainer.iteration, 30);
    assertClose(trainer.optimizer.paramGroups.map((g) => g.lr), [3e-3 * 0.9 ** 3], TOL.handComputed64, 'lr after 3 decays');
    const stateless = [...model.namedParameters()].filter(([, p]) => !trainer.optimizer.state.has(p)).map(([k]) => k);
    assert.deepEqual(stateless, ['vq_vae.ema_w', 'vq_vae.embedding.weight'], 'Adam holds state for every conv and none for the EMA tensors');
  });

  test('the defaults are the spec\'s sane recipe: Adam lr 1e-4, ExponentialLR 0.98 every 200 iterations', () => {
    assert.deepEqual(vqvae.VQVAE_TRAINING_DEFAULTS, { lr: 1e-4, lrGamma: 0.98, lrStepEvery: 200 });
  });

  test('imagenetNormalize maps each RGB channel of every frame by its mean and std', () => {
    const x = tensor(new Float64Array(2 * 3).fill(0.5), { shape: [1, 2, 3, 1, 1], dtype: 'float64' });
    const expected = [0, 1].flatMap(() => vqvae.IMAGENET_MEAN.map((m, c) => (0.5 - m) / vqvae.IMAGENET_STD[c]));
    assertClose(vqvae.imagenetNormalize(x).dataSync(), expected, TOL.handComputed64, 'normalised');
    assert.throws(() => vqvae.imagenetNormalize(x.reshape([1, 3, 2, 1, 1])), /RGB clips/);
  });
});
