// Issue 4's cpu convolution check: conv2d 3x3, 64 -> 64 channels on [1, 64, 128, 128] (padding 1), timing the
// forward pass, the input gradient and the weight gradient separately, each as the median of a few runs.
// With `--vs tfjs` (and @tensorflow/tfjs-backend-cpu installed) the same three run on TensorFlow.js's pure-JS
// cpu backend in this process (its filter-gradient kernel is very slow, so it runs once).
// Run: npm run build && node dist/bench/conv.js [--runs 5] [--vs tfjs]

import { conv2d, grad, manualSeed, noGrad, randn } from '../src/index.js';
import type { Rank, Tensor as TfTensor, Tensor4D } from '@tensorflow/tfjs-core';
import { type Tfjs, argValue, loadTfjsCpu } from './support.js';

const N = 1, C = 64, H = 128, W = 128, K = 3;
const FLOP = 2 * N * C * C * K * K * H * W;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(runs: number, fn: () => void): number {
  fn(); // warm-up
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

function framegrad(runs: number): Record<string, number> {
  manualSeed(0);
  const x = randn([N, C, H, W], { backend: 'cpu' });
  const w = randn([C, C, K, K], { backend: 'cpu' });
  const seed = randn([N, C, H, W], { backend: 'cpu' });
  // Only the backward pass is timed, and only `input` requires a gradient, so each pass computes one gradient.
  const gradOf = (input: 'x' | 'w'): number => {
    const leaf = (input === 'x' ? x : w).detach().requiresGrad_();
    const ms: number[] = [];
    for (let r = 0; r <= runs; r++) {
      const y = input === 'x' ? conv2d(leaf, w, undefined, { padding: 1 }) : conv2d(x, leaf, undefined, { padding: 1 });
      const t0 = performance.now();
      grad(y, [leaf], { gradOutputs: [seed] })[0].dispose();
      if (r > 0) ms.push(performance.now() - t0);
      y.dispose();
    }
    return median(ms);
  };
  return {
    forward: time(runs, () => noGrad(() => conv2d(x, w, undefined, { padding: 1 })).dispose()),
    'input gradient': gradOf('x'),
    'weight gradient': gradOf('w'),
  };
}

async function tfjs(runs: number): Promise<Record<string, number> | null> {
  const tf = await loadTfjsCpu();
  if (!tf) return null;
  const x = tf.randomNormal<Rank.R4>([N, H, W, C]);
  const w = tf.randomNormal<Rank.R4>([K, K, C, C]);
  const dy = tf.randomNormal<Rank.R4>([N, H, W, C]);
  const once = (fn: () => TfTensor): void => {
    const t = fn();
    t.dataSync();
    t.dispose();
  };
  return {
    forward: time(runs, () => once(() => tf.conv2d(x, w, 1, 'same'))),
    'input gradient': time(runs, () => once(() => tf.conv2dTranspose(dy, w, [N, H, W, C], 1, 'same'))),
    'weight gradient': tfFilterGrad(tf, x, dy),
  };
}

/** One run of tfjs's Conv2DBackpropFilter kernel (what tf.grad of conv2d calls for the filter). */
function tfFilterGrad(tf: Tfjs, x: Tensor4D, dy: Tensor4D): number {
  const t0 = performance.now();
  const out = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [K, K, C, C] });
  for (const t of Array.isArray(out) ? out : [out]) {
    t.dataSync();
    t.dispose();
  }
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const runs = Number(argValue('--runs') ?? 3);
  const ours = framegrad(runs);
  const theirs = argValue('--vs') === 'tfjs' ? await tfjs(runs) : null;
  const rows = Object.entries(ours).map(([pass, ms]) => {
    const row: Record<string, string> = { pass, 'framegrad ms': ms.toFixed(0), 'framegrad GFLOP/s': (FLOP / ms / 1e6).toFixed(2) };
    if (theirs) {
      row['tfjs-cpu ms'] = theirs[pass].toFixed(0);
      row['tfjs-cpu GFLOP/s'] = (FLOP / theirs[pass] / 1e6).toFixed(3);
      row.speedup = `${(theirs[pass] / ms).toFixed(1)}x`;
    }
    return row;
  });
  console.log(`conv2d 3x3 ${C}->${C} on [${N}, ${C}, ${H}, ${W}], padding 1: ${(FLOP / 1e9).toFixed(2)} GFLOP per pass`);
  console.table(rows);
}

await main();
