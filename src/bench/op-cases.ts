// The op suite: matmul, convolutions (forward, and forward + both gradients: plain, a ConvLSTM gate, depthwise),
// transposed convolution, pooling, interpolation, gridSample, training batch norm, and elementwise ops and
// reductions. Shapes grow
// with --size (large is the pre-CLI bench's sizes); each case's work gives GFLOP/s (compute-bound ops) or GB/s
// (memory-bound ops: float32 bytes read and written once).

import type { BackendName } from '../backends/types.js';
import { grad } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { batchNorm } from '../ops/batch-norm.js';
import { matmul } from '../ops/matmul.js';
import { conv2d } from '../ops/spatial/conv.js';
import { convTranspose2d } from '../ops/spatial/conv-transpose.js';
import { gridSample } from '../ops/spatial/grid-sample.js';
import { interpolate } from '../ops/spatial/interpolate.js';
import { maxPool2d } from '../ops/spatial/max-pool.js';
import { rand, randn } from '../tensor/creation.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { type BenchCase, type BenchSize, type PreparedCase, type Work, SIZE_SCALE } from './bench-case.js';

/** An op's inputs (kept until the case ends) and the computation timed on them. */
interface OpSetup {
  readonly inputs: Tensor[];
  readonly run: () => Tensor[];
}

const f32 = (elements: number): number => 4 * elements;
const prod = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A case whose step runs the op in tidy and, off the (synchronous) cpu backend, reads every output back so GPU time counts. */
function opCase(name: string, work: Work, setup: (backend: BackendName) => OpSetup): BenchCase {
  return {
    name,
    work,
    prepare(backend: BackendName): PreparedCase {
      // Intermediates of building the inputs are freed here; the inputs themselves are returned and kept.
      const { inputs, run } = tidy(() => setup(backend));
      return {
        step: async () => {
          const outputs = tidy(run);
          if (backend !== 'cpu') for (const o of outputs) await o.data();
          for (const o of outputs) o.dispose();
        },
        dispose: () => inputs.forEach((x) => x.dispose()),
      };
    },
  };
}

function matmulCase(n: number): BenchCase {
  return opCase(`matmul ${n}x${n}x${n}`, { flop: 2 * n ** 3 }, (backend) => {
    const a = randn([n, n], { backend });
    const b = randn([n, n], { backend });
    return { inputs: [a, b], run: () => [matmul(a, b)] };
  });
}

interface ConvShape {
  readonly label: string;
  readonly x: readonly [number, number, number, number];
  readonly cout: number;
  readonly k: number;
  readonly groups: number;
}

/** conv2d with 'same' padding at stride 1: the forward pass, or forward + both gradients (3x the flops). */
function convCase(s: ConvShape, backward: boolean): BenchCase {
  const [n, cin, h, w] = s.x;
  const flop = 2 * n * s.cout * (cin / s.groups) * s.k * s.k * h * w;
  const options = { padding: 'same' as const, groups: s.groups };
  return opCase(`conv2d ${s.label} [${s.x.join(',')}] ${backward ? 'fwd+bwd' : 'fwd'}`, { flop: (backward ? 3 : 1) * flop }, (backend) => {
    const x = randn([...s.x], { backend, requiresGrad: backward });
    const weight = randn([s.cout, cin / s.groups, s.k, s.k], { backend, requiresGrad: backward });
    if (!backward) return { inputs: [x, weight], run: () => [noGrad(() => conv2d(x, weight, undefined, options))] };
    const seed = randn([n, s.cout, h, w], { backend });
    return { inputs: [x, weight, seed], run: () => grad(conv2d(x, weight, undefined, options), [x, weight], { gradOutputs: [seed] }) };
  });
}

function gridSampleCase(side: number, backward: boolean): BenchCase {
  const x = [4, 32, side, side];
  // Input, grid and output once each (a lower bound on the traffic), doubled for the backward pass.
  const bytes = (backward ? 2 : 1) * f32(prod(x) * 2 + 4 * side * side * 2);
  return opCase(`gridSample bilinear [${x.join(',')}] ${backward ? 'fwd+bwd' : 'fwd'}`, { bytes }, (backend) => {
    const input = randn(x, { backend, requiresGrad: backward });
    const g = rand([4, side, side, 2], { backend }).mul(2).sub(1).requiresGrad_(backward);
    if (!backward) return { inputs: [input, g], run: () => [gridSample(input, g)] };
    const seed = randn(x, { backend });
    return { inputs: [input, g, seed], run: () => grad(gridSample(input, g), [input, g], { gradOutputs: [seed] }) };
  });
}

/**
 * Training-mode batch norm with weight and bias, forward + every gradient, over ConvLSTM's normalised sequence
 * ([B T, C, H, W]; large is the target's [80, 40, 40, 40]). The traffic's lower bound: x read and y written
 * forward, dy and x read and dx written backward.
 */
function batchNormCase(scale: number): BenchCase {
  const x = [20 * scale, 40, 10 * scale, 10 * scale];
  return opCase(`batchNorm train [${x.join(',')}] fwd+bwd`, { bytes: f32(5 * prod(x)) }, (backend) => {
    const input = randn(x, { backend, requiresGrad: true });
    const weight = randn([x[1]], { backend, requiresGrad: true });
    const bias = randn([x[1]], { backend, requiresGrad: true });
    const seed = randn(x, { backend });
    const run = (): Tensor[] => grad(batchNorm(input, null, null, { weight, bias, training: true }), [input, weight, bias], { gradOutputs: [seed] });
    return { inputs: [input, weight, bias, seed], run };
  });
}

/** Elementwise ops and reductions: the name, float32 passes over the matrix, and the op. */
const ELEMENTWISE: readonly (readonly [string, number, (a: Tensor, b: Tensor, row: Tensor) => Tensor])[] = [
  ['add', 3, (a, b) => a.add(b)],
  ['mul broadcast row', 2, (a, _, row) => a.mul(row)],
  ['exp', 2, (a) => a.exp()],
  ['sigmoid', 2, (a) => a.sigmoid()],
  ['sum all', 1, (a) => a.sum()],
  ['sum last dim', 1, (a) => a.sum({ dim: 1 })],
  ['max first dim', 1, (a) => a.max({ dim: 0 })],
];

/** Every op case at a size. */
export function opCases(size: BenchSize): BenchCase[] {
  const s = SIZE_SCALE[size];
  const side = 16 * s;
  const cases: BenchCase[] = [128 * s, 256 * s].map(matmulCase);
  const convs: ConvShape[] = [
    { label: '3x3 64->64', x: [1, 64, 2 * side, 2 * side], cout: 64, k: 3, groups: 1 },
    { label: 'ConvLSTM gate 3x3 41->160', x: [8, 41, 10 * s, 10 * s], cout: 160, k: 3, groups: 1 },
    { label: 'depthwise 7x7 96', x: [1, 96, side, side], cout: 96, k: 7, groups: 96 },
  ];
  for (const c of convs) cases.push(convCase(c, false), convCase(c, true));
  const feature = [1, 64, side, side];
  cases.push(
    opCase(`convTranspose2d 4x4 s2 64->32 [${feature.join(',')}]`, { flop: 2 * 64 * 32 * 16 * side * side }, (backend) => {
      const x = randn(feature, { backend });
      const weight = randn([64, 32, 4, 4], { backend });
      return { inputs: [x, weight], run: () => [convTranspose2d(x, weight, undefined, { stride: 2, padding: 1 })] };
    }),
  );
  const pool = [8, 64, side, side];
  cases.push(
    opCase(`maxPool2d 2x2 s2 [${pool.join(',')}]`, { bytes: f32(prod(pool) * 1.25) }, (backend) => {
      const x = randn(pool, { backend });
      return { inputs: [x], run: () => [maxPool2d(x, { kernelSize: 2, stride: 2 })] };
    }),
    opCase(`interpolate bilinear x2 [${pool.join(',')}]`, { bytes: f32(prod(pool) * 5) }, (backend) => {
      const x = randn(pool, { backend });
      return { inputs: [x], run: () => [interpolate(x, { scaleFactor: 2, mode: 'bilinear' })] };
    }),
    gridSampleCase(side, false),
    gridSampleCase(side, true),
    batchNormCase(s),
  );
  const m = [256 * s, 1024];
  for (const [name, passes, fn] of ELEMENTWISE) {
    cases.push(
      opCase(`${name} [${m.join(',')}]`, { bytes: f32(passes * prod(m)) }, (backend) => {
        const a = randn(m, { backend });
        const b = randn(m, { backend });
        const row = randn([1, m[1]], { backend });
        return { inputs: [a, b, row], run: () => [fn(a, b, row)] };
      }),
    );
  }
  return cases;
}
