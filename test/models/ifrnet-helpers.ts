// Shared pieces of the IFRNet tests: miniature configurations (every block kind, tiny widths), seeded frames of a
// square moving at constant speed (the extrapolation task), and the reference fixtures' loader.

import { fileURLToPath } from 'node:url';
import { Generator, type SafetensorsFile, Tensor, loadSafetensors, tensor } from '../../src/index.js';
import { IFRNET_VARIANTS, type IfrnetConfig } from '../../src/models/ifrnet/index.js';

/** One miniature per block kind and pyramid depth, each a few hundred to a few thousand parameters. */
export const MINIATURES: Readonly<Record<string, IfrnetConfig>> = {
  side: { ...IFRNET_VARIANTS.IFRNet, encoderChannels: [3, 4, 4, 6], block: { kind: 'side', sideChannels: 2 } },
  large7x7: { ...IFRNET_VARIANTS.IFRNet_L, encoderChannels: [3, 4, 4, 6], block: { kind: 'side', sideChannels: 3 } },
  thirds: { ...IFRNET_VARIANTS.IFRNet_T, encoderChannels: [3, 3, 3] },
  elan: { ...IFRNET_VARIANTS.IFRNet_ELAN, encoderChannels: [3, 3, 3] },
};

/** Seeded values in [lo, hi) as a tensor. */
export function seeded(shape: readonly number[], seed: number, dtype: 'float32' | 'float64' = 'float32', lo = 0, hi = 1): Tensor {
  const gen = new Generator(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(new Float64Array(size).map(() => lo + (hi - lo) * gen.uniform()), { shape, dtype, backend: 'cpu' });
}

/**
 * Frames t-1, t, t+1 of B squares (side 4, value 0.9 on 0.1) moving by (vx, vy) pixels per frame, one seeded
 * start and velocity in {-1, 0, 1}^2 per sample: [B, C, H, W] each, on cpu.
 */
export function movingSquares(batch: number, channels: number, h: number, w: number, seed: number, dtype: 'float32' | 'float64' = 'float32'): [Tensor, Tensor, Tensor] {
  const gen = new Generator(seed);
  const starts = Array.from({ length: batch }, () => {
    const v = [Math.floor(gen.uniform() * 3) - 1, Math.floor(gen.uniform() * 3) - 1];
    return { x: 3 + Math.floor(gen.uniform() * (w - 10)), y: 3 + Math.floor(gen.uniform() * (h - 10)), vx: v[0], vy: v[1] };
  });
  const frame = (step: number): Tensor => {
    const values = new Float64Array(batch * channels * h * w).fill(0.1);
    starts.forEach((s, b) => {
      for (let c = 0; c < channels; c++) {
        for (let y = s.y + step * s.vy; y < s.y + step * s.vy + 4; y++) {
          for (let x = s.x + step * s.vx; x < s.x + step * s.vx + 4; x++) values[((b * channels + c) * h + y) * w + x] = 0.9;
        }
      }
    });
    return tensor(values, { shape: [batch, channels, h, w], dtype, backend: 'cpu' });
  };
  return [frame(0), frame(1), frame(2)];
}

/** A fixture written by fixtures/make_ifrnet_fixtures.py, every float as float64 on cpu (F16 weights widen exactly). */
export function loadFixture(name: string): Promise<SafetensorsFile> {
  return loadSafetensors(fileURLToPath(new URL(`../../../test/fixtures/models/${name}`, import.meta.url)), { backend: 'cpu', dtype: 'float64' });
}

/** A fixture entry that must be a float tensor. */
export function entry(file: SafetensorsFile, name: string): Tensor {
  const t = file.tensors[name];
  if (!(t instanceof Tensor)) throw new Error(`fixture entry '${name}' is missing or not a float tensor`);
  return t;
}
