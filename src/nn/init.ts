// Parameter initialisers with torch.nn.init's names, formulas and defaults, all drawing from the one seeded
// generator. Each fills a tensor in place (through replaceData_) and returns it, as PyTorch's `*_` functions do.

import { noGrad } from '../autograd/grad-mode.js';
import { full, rand, randn, tensor } from '../tensor/creation.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { tidy } from '../tensor/scope.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';
export type FanMode = 'fan_in' | 'fan_out';

/** torch.nn.init.calculate_gain. */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      return 1;
  }
}

/** fan_in = size(1) * receptive field, fan_out = size(0) * receptive field, as torch computes them. */
export function calculateFans(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.rank < 2) throw new Error(`init: fan in and fan out cannot be computed for a tensor of shape ${formatShape(t.shape)} (fewer than 2 dims)`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1] * receptive, fanOut: t.shape[0] * receptive };
}

/** Makes t hold `make()`'s values; the host-side draws and casts are freed at once (tidy), not at GC. */
function fill(t: Tensor, make: () => Tensor): Tensor {
  tidy(() => noGrad(() => void t.replaceData_(make().to(t.dtype).to(t.backend.name))));
  return t;
}

function draw(t: Tensor, make: (shape: readonly number[], gen: Generator) => Tensor, gen: Generator): Tensor {
  return fill(t, () => make(t.shape, gen));
}

export function uniform_(t: Tensor, a = 0, b = 1, generator: Generator = defaultGenerator): Tensor {
  return draw(t, (shape, gen) => rand(shape, { dtype: 'float64', backend: 'cpu', generator: gen }).mul(b - a).add(a), generator);
}

export function normal_(t: Tensor, mean = 0, std = 1, generator: Generator = defaultGenerator): Tensor {
  return draw(t, (shape, gen) => randn(shape, { dtype: 'float64', backend: 'cpu', generator: gen }).mul(std).add(mean), generator);
}

export function constant_(t: Tensor, value: number): Tensor {
  return fill(t, () => full(t.shape, value, { dtype: 'float64', backend: 'cpu' }));
}

export const zeros_ = (t: Tensor): Tensor => constant_(t, 0);
export const ones_ = (t: Tensor): Tensor => constant_(t, 1);

export function xavierUniform_(t: Tensor, gain = 1, generator?: Generator): Tensor {
  const { fanIn, fanOut } = calculateFans(t);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound, generator);
}

export function xavierNormal_(t: Tensor, gain = 1, generator?: Generator): Tensor {
  const { fanIn, fanOut } = calculateFans(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), generator);
}

export interface KaimingOptions {
  /** Negative slope of the rectifier after this layer (PyTorch's `a`, default 0). */
  readonly a?: number;
  readonly mode?: FanMode;
  readonly nonlinearity?: Nonlinearity;
  readonly generator?: Generator;
}

function kaimingStd(t: Tensor, options: KaimingOptions): number {
  const { fanIn, fanOut } = calculateFans(t);
  const fan = (options.mode ?? 'fan_in') === 'fan_in' ? fanIn : fanOut;
  return calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0) / Math.sqrt(fan);
}

export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, options);
  return uniform_(t, -bound, bound, options.generator);
}

export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd(t, options), options.generator);
}

/** Normal(mean, std) redrawn until inside [a, b] (torch.nn.init.trunc_normal_'s distribution). */
export function truncNormal_(t: Tensor, mean = 0, std = 1, a = -2, b = 2, generator: Generator = defaultGenerator): Tensor {
  if (!(a < b)) throw new Error(`truncNormal_: need a < b, got a=${a}, b=${b}`);
  const values = new Float64Array(t.size);
  for (let i = 0; i < values.length; i++) {
    let v: number;
    do v = mean + std * generator.normal();
    while (v < a || v > b);
    values[i] = v;
  }
  return fill(t, () => tensor(values, { shape: t.shape, dtype: 'float64', backend: 'cpu' }));
}

/** A (semi-)orthogonal matrix from the QR decomposition of a normal draw, sign-corrected as torch does. */
export function orthogonal_(t: Tensor, gain = 1, generator: Generator = defaultGenerator): Tensor {
  if (t.rank < 2) throw new Error(`orthogonal_: only tensors with 2 or more dims are supported, got ${formatShape(t.shape)}`);
  const rows = t.shape[0];
  const cols = t.size / rows;
  const [m, n] = rows < cols ? [cols, rows] : [rows, cols];
  // Modified Gram–Schmidt on the columns of an m x n normal matrix (m >= n): Q with R's diagonal positive.
  // Columns are stored contiguously (column j at q[j*m ...]) so every inner loop is a unit-stride sweep.
  const q = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[j * m + i] = generator.normal();
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    for (let k = 0; k < j; k++) {
      const ck = k * m;
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[cj + i] * q[ck + i];
      for (let i = 0; i < m; i++) q[cj + i] -= dot * q[ck + i];
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[cj + i] ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[cj + i] /= norm;
  }
  // q holds Q^T ([n, m] row-major); Q itself is [m, n], and a wide weight takes Q^T.
  return fill(t, () => {
    const result = tensor(q, { shape: [n, m], dtype: 'float64', backend: 'cpu' });
    return (rows >= cols ? result.transpose(0, 1) : result).reshape(t.shape).mul(gain);
  });
}
