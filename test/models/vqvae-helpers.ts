// Shared pieces of the video VQ-VAE tests: miniature configurations, seeded parameters at a scale where every path
// matters with a codebook drawn around the latents (so that several codes win, each clearly), seeded clips, and the
// training loss of the recipe.

import { Generator, type Tensor, noGrad, randn, tensor } from '../../src/index.js';
import { type VqVae1, type VqVaeConfig, vqvae } from '../../src/models/index.js';

const base: VqVaeConfig = vqvae.VQVAE_DEFAULT_CONFIG;

/** Gradient checks: two groups (one pool), 1 frame of 2 channels at 4x4 -> 2x2 codes, D = 4, K = 8. */
export const TINY: VqVaeConfig = { ...base, groupCount: 2, nHid: 4, inputChannels: 2, outputChannels: 2, nInit: 4, vocabSize: 8, sequenceLength: 1 };

/** Backend parity and training: three groups (two pools), two blocks per group, 2 RGB frames at 8x8 -> 2x2 codes. */
export const MINI: VqVaeConfig = { ...base, groupCount: 3, nHid: 4, nBlkPerGroup: 2, nInit: 8, vocabSize: 16, sequenceLength: 2 };

/** Seeded values in [-1, 1) as a float64 array (made into tensors on any backend by the caller). */
export function seededValues(size: number, seed: number): Float64Array {
  const gen = new Generator(seed);
  return new Float64Array(size).map(() => gen.uniform() * 2 - 1);
}

/** Seeded clips [B, T, C, H, W] for a configuration. */
export function seededClips(c: VqVaeConfig, batch: number, size: number, seed: number, options: { backend?: 'cpu' | 'webgpu'; dtype?: 'float32' | 'float64'; requiresGrad?: boolean } = {}): Tensor {
  const shape = [batch, c.sequenceLength, c.inputChannels, size, size];
  return tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: options.dtype ?? 'float64', backend: options.backend ?? 'cpu', requiresGrad: options.requiresGrad ?? false });
}

/**
 * Overwrites every conv with weights ~ N(0, 1/fan_in) and biases ~ N(0.2, 0.01) (mostly positive, so that the
 * one-channel bottlenecks of a miniature stay alive), then the codebook with the latents of
 * `x` (rows taken with a stride) plus noise of half their std, as fixtures/make_vqvae_fixtures.py does.
 */
export function seedModel(model: VqVae1, x: Tensor, seed: number): void {
  const gen = new Generator(seed);
  noGrad(() => {
    for (const [name, p] of model.namedParameters()) {
      if (name.startsWith('vq_vae.')) continue;
      const noise = randn(p.shape, { dtype: p.dtype, backend: p.backend, generator: gen });
      p.replaceData_(p.rank >= 2 ? noise.div(Math.sqrt(p.size / p.shape[0])) : noise.mul(0.1).add(0.2));
    }
    const { nInit, vocabSize } = model.config;
    const rows = model.encode(x).latent.permute([0, 2, 3, 1]).reshape([-1, nInit]);
    const pick = tensor(Int32Array.from({ length: vocabSize }, (_, i) => (i * 5) % rows.shape[0]), { dtype: 'int32', backend: rows.backend });
    const noise = randn([vocabSize, nInit], { dtype: rows.dtype, backend: rows.backend, generator: gen });
    model.quantizer.embedding.weight.replaceData_(rows.indexSelect(0, pick).add(noise.mul(rows.std().mul(0.5))));
  });
}
