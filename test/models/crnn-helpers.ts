// Shared pieces of the CRNN tests: miniature widths, seeded parameters and inputs, a moving-square clip, and the
// reference fixture written by fixtures/make_crnn_rvd_fixtures.py.

import { fileURLToPath } from 'node:url';
import { Generator, Int64Tensor, type SafetensorsFile, Tensor, loadSafetensors, noGrad, randn, tensor } from '../../src/index.js';
import type { Module } from '../../src/nn/module.js';

/** Gradient checks and backend parity: two levels at 4x4 (the deepest up block crops a 2x2 skip to 1x1). */
export const TINY_CHANNELS = [1, 2, 3];

/**
 * Overwrites every parameter as the fixture script does: weights ~ N(0, 1/fan_in), 1-d weights and LayerNorm g ~
 * 1 + N(0, 0.01), other vectors ~ N(0, 0.01).
 */
export function seedParameters(model: Module, seed: number): void {
  const gen = new Generator(seed);
  noGrad(() => {
    for (const [name, p] of model.namedParameters()) {
      const noise = randn(p.shape, { dtype: p.dtype, backend: p.backend, generator: gen });
      const leaf = name.split('.').pop();
      let value: Tensor;
      if (leaf === 'g' || (leaf === 'weight' && p.rank === 1)) value = noise.mul(0.1).add(1);
      else if (leaf === 'b' || p.rank < 2) value = noise.mul(0.1);
      else value = noise.div(Math.sqrt(p.size / p.shape[0]));
      p.replaceData_(value);
    }
  });
}

/** Seeded values in [-1, 1) as a tensor of `shape`. */
export function seeded(shape: readonly number[], seed: number, dtype: 'float32' | 'float64' = 'float64', backend: 'cpu' | 'webgpu' = 'cpu', requiresGrad = false): Tensor {
  const gen = new Generator(seed);
  const values = new Float64Array(shape.reduce((a, b) => a * b, 1)).map(() => gen.uniform() * 2 - 1);
  return tensor(values, { shape, dtype, backend, requiresGrad });
}

/** sum(output * w) with w seeded by `seed`, on the output's backend and dtype. */
export function weightedSum(output: Tensor, seed: number): Tensor {
  return output.mul(seeded(output.shape, seed, output.dtype === 'float64' ? 'float64' : 'float32', output.backend.name)).sum();
}

/**
 * A clip [T, B, 1, size, size] of B 2x2 squares (value 1 on -1) moving one pixel per frame, each with a seeded
 * start and a velocity in {-1, 1}^2, bouncing off the borders.
 */
export function movingSquareClip(frames: number, batch: number, size: number, seed: number, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  const gen = new Generator(seed);
  const values = new Float64Array(frames * batch * size * size).fill(-1);
  for (let b = 0; b < batch; b++) {
    let [x, y] = [Math.floor(gen.uniform() * (size - 1)), Math.floor(gen.uniform() * (size - 1))];
    let [vx, vy] = [gen.uniform() < 0.5 ? -1 : 1, gen.uniform() < 0.5 ? -1 : 1];
    for (let t = 0; t < frames; t++) {
      for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) values[((t * batch + b) * size + y + dy) * size + x + dx] = 1;
      if (x + vx < 0 || x + vx > size - 2) vx = -vx;
      if (y + vy < 0 || y + vy > size - 2) vy = -vy;
      x += vx;
      y += vy;
    }
  }
  return tensor(values, { shape: [frames, batch, 1, size, size], dtype });
}

/** A fixture of test/fixtures/models, floats as float64 on cpu. */
export function loadFixture(name: string): Promise<SafetensorsFile> {
  return loadSafetensors(fileURLToPath(new URL(`../../../test/fixtures/models/${name}`, import.meta.url)), { backend: 'cpu', dtype: 'float64' });
}

/** A fixture entry as a tensor (I64 entries as int32), on cpu. */
export function entry(file: SafetensorsFile, name: string): Tensor {
  const t = file.tensors[name];
  if (t instanceof Int64Tensor) return t.toTensor();
  if (!(t instanceof Tensor)) throw new Error(`fixture entry '${name}' is missing`);
  return t;
}

/** The state dict stored under `prefix` (default 'weight/'), keys without the prefix. */
export function fixtureState(file: SafetensorsFile, prefix = 'weight/'): Record<string, Tensor> {
  const state: Record<string, Tensor> = {};
  for (const key of Object.keys(file.tensors)) if (key.startsWith(prefix)) state[key.slice(prefix.length)] = entry(file, key);
  return state;
}

/** A metadata entry: JSON [[key, shape], ...] of a reference state dict, as a map. */
export function referenceKeys(file: SafetensorsFile, name: string): Map<string, number[]> {
  const text = file.metadata?.[name];
  if (!text) throw new Error(`fixture metadata '${name}' is missing`);
  return new Map(JSON.parse(text) as [string, number[]][]);
}

/** A model's state-dict keys and shapes, as a map. */
export function ownKeys(model: Module): Map<string, number[]> {
  return new Map(Object.entries(model.stateDict()).map(([k, v]) => [k, [...v.shape]]));
}
