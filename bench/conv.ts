// Issue 4's convolution check: conv2d 3x3, 64 -> 64 channels on [1, 64, 128, 128] (padding 1), timing the
// forward pass, the input gradient and the weight gradient separately, each as the median of a few runs.
// `--shape convlstm` times the ConvLSTM gate convolution instead ([8, 80, 40, 40] -> 160 channels, 3x3).
// `--backend webgpu` runs on WebGPU (each pass read back, so GPU time counts) and prints the buffer pool's
// high-water bytes after each pass. With `--vs tfjs` (and @tensorflow/tfjs-backend-cpu installed) the default
// shape also runs on TensorFlow.js's pure-JS cpu backend in this process (its filter-gradient kernel is very
// slow, so it runs once).
// Run: npm run build && node dist/bench/conv.js [--runs 5] [--backend cpu|webgpu] [--shape default|convlstm] [--vs tfjs]

import { type BackendName, type Tensor, conv2d, getBackend, grad, initBackend, manualSeed, noGrad, randn } from '../src/index.js';
import type { Rank, Tensor as TfTensor, Tensor4D } from '@tensorflow/tfjs-core';
import { type Tfjs, argValue, loadTfjsCpu } from './support.js';

const SHAPES = { default: { n: 1, c: 64, h: 128, w: 128, co: 64 }, convlstm: { n: 8, c: 80, h: 40, w: 40, co: 160 } } as const;
const { n: N, c: C, h: H, w: W, co: CO } = SHAPES[(argValue('--shape') ?? 'default') as keyof typeof SHAPES];
const K = 3;
const FLOP = 2 * N * C * CO * K * K * H * W;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(runs: number, fn: () => Promise<void>): Promise<number> {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** Waits for `t` (a read-back off the synchronous cpu backend) and frees it. */
async function settle(t: Tensor): Promise<void> {
  if (t.backend.name !== 'cpu') await t.data();
  t.dispose();
}

async function framegrad(runs: number, backend: BackendName): Promise<Record<string, number>> {
  manualSeed(0);
  const x = randn([N, C, H, W], { backend });
  const w = randn([CO, C, K, K], { backend });
  const seed = randn([N, CO, H, W], { backend });
  const memory = (pass: string): void => {
    const m = getBackend(backend).memory();
    if (backend !== 'cpu') console.log(`${pass}: ${((m.liveBytes + m.pooledBytes) / 2 ** 20).toFixed(1)} MiB held by the buffer pool (live + pooled)`);
  };
  // Only the backward pass is timed, and only `input` requires a gradient, so each pass computes one gradient.
  const gradOf = async (input: 'x' | 'w'): Promise<number> => {
    const leaf = (input === 'x' ? x : w).detach().requiresGrad_();
    const ms: number[] = [];
    for (let r = 0; r <= runs; r++) {
      const y = input === 'x' ? conv2d(leaf, w, undefined, { padding: 1 }) : conv2d(x, leaf, undefined, { padding: 1 });
      if (backend !== 'cpu') await y.data();
      const t0 = performance.now();
      await settle(grad(y, [leaf], { gradOutputs: [seed] })[0]);
      if (r > 0) ms.push(performance.now() - t0);
      y.dispose();
    }
    return median(ms);
  };
  const forward = await time(runs, () => settle(noGrad(() => conv2d(x, w, undefined, { padding: 1 }))));
  memory('forward');
  const input = await gradOf('x');
  memory('input gradient');
  const weight = await gradOf('w');
  memory('weight gradient');
  return { forward, 'input gradient': input, 'weight gradient': weight };
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
    forward: await time(runs, async () => once(() => tf.conv2d(x, w, 1, 'same'))),
    'input gradient': await time(runs, async () => once(() => tf.conv2dTranspose(dy, w, [N, H, W, C], 1, 'same'))),
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
  const backend = (argValue('--backend') ?? 'cpu') as BackendName;
  if (backend !== 'cpu') await initBackend(backend);
  const ours = await framegrad(runs, backend);
  const theirs = argValue('--vs') === 'tfjs' && CO === C ? await tfjs(runs) : null;
  const rows = Object.entries(ours).map(([pass, ms]) => {
    const row: Record<string, string> = { pass, 'framegrad ms': ms.toFixed(0), 'framegrad GFLOP/s': (FLOP / ms / 1e6).toFixed(2) };
    if (theirs) {
      row['tfjs-cpu ms'] = theirs[pass].toFixed(0);
      row['tfjs-cpu GFLOP/s'] = (FLOP / theirs[pass] / 1e6).toFixed(3);
      row.speedup = `${(theirs[pass] / ms).toFixed(1)}x`;
    }
    return row;
  });
  console.log(`conv2d 3x3 ${C}->${CO} on [${N}, ${C}, ${H}, ${W}], padding 1, ${backend}: ${(FLOP / 1e9).toFixed(2)} GFLOP per pass`);
  console.table(rows);
  if (backend !== 'cpu') process.exit(0); // a live Dawn device keeps Node running
}

await main();
