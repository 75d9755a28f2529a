// Shared pieces of the ConvLSTM model tests: seeded frame batches in [0, 1) and seeded parameter values at a scale
// where every path of a miniature model matters (weights ~ N(0, 1/fan_in), batch-norm scales ~ 1 + N(0, 0.01),
// other vectors ~ N(0, 0.01)), so gradients are neither vanishing nor saturated.

import { Generator, type Tensor, noGrad, randn, tensor } from '../../src/index.js';
import type { BackendName } from '../../src/index.js';
import type { nn } from '../../src/index.js';
import { seededValues } from './iam4vp-helpers.js';

/** |seeded uniform(-1, 1)| values of the given shape. */
export function frames(shape: readonly number[], seed: number, dtype: 'float32' | 'float64' = 'float32', backend: BackendName = 'cpu', requiresGrad = false): Tensor {
  const values = seededValues(shape.reduce((a, b) => a * b, 1), seed).map(Math.abs);
  return tensor(values, { shape, dtype, backend, requiresGrad });
}

/** Overwrites every parameter with seeded values (see the file comment). */
export function seedParameters(model: nn.Module, seed: number): void {
  const gen = new Generator(seed);
  noGrad(() => {
    for (const [name, p] of model.namedParameters()) {
      const noise = randn(p.shape, { dtype: p.dtype, backend: p.backend, generator: gen });
      let value: Tensor;
      if (p.rank >= 2) value = noise.div(Math.sqrt(p.size / p.shape[0]));
      else if (/norm\.\d+\.weight$/.test(name)) value = noise.mul(0.1).add(1);
      else value = noise.mul(0.1);
      p.replaceData_(value);
    }
  });
}
