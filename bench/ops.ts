// Op timings with tinybench: matmul, convolutions (forward and forward + backward, depthwise, a ConvLSTM gate),
// transposed convolution, pooling, interpolation, gridSample, and elementwise ops and reductions on 1M
// elements, on cpu and webgpu. Each webgpu timing reads its result back, so GPU time is counted. Prints the
// median ms with GFLOP/s (compute-bound ops) or GB/s (memory-bound ops, float32 bytes read + written).
//
// Run: npm run bench:ops -- [--backend cpu|webgpu|all] [--filter text] [--time ms] [--json out.json]
//      [--compare baseline.json] [--vs tfjs]
// --backend all (the default) runs webgpu too when an adapter is available. --compare prints each task's
// speedup over a previous --json run. --vs tfjs times the matmul and conv forward shapes on TensorFlow.js's
// pure-JS cpu backend in this process (when @tensorflow/tfjs-backend-cpu is installed).

import { readFileSync, writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import type { Rank, Tensor as TfTensor, Tensor4D } from '@tensorflow/tfjs-core';
import {
  type BackendName,
  type Tensor,
  conv2d,
  convTranspose2d,
  grad,
  gridSample,
  initBackend,
  interpolate,
  manualSeed,
  matmul,
  maxPool2d,
  noGrad,
  rand,
  randn,
  tidy,
} from '../src/index.js';
import { type Tfjs, argValue, loadTfjsCpu } from './support.js';

/** Work per call: floating-point operations, or float32 bytes read and written. */
type Work = { readonly flop: number } | { readonly bytes: number };

interface OpTask {
  readonly name: string;
  readonly work: Work;
  /** Creates the inputs on a backend (untimed) and returns the timed computation's outputs. */
  readonly setup: (backend: BackendName) => () => Tensor[];
  /** The same computation on tfjs-cpu (NHWC where layouts differ), for --vs tfjs. */
  readonly tfjs?: (tf: Tfjs) => () => TfTensor;
}

interface Row {
  readonly task: string;
  readonly backend: string;
  readonly medianMs: number;
  readonly rate: string;
}

const MB = 1e6;
const f32 = (elements: number): number => 4 * elements;
const prod = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function matmulTask(n: number): OpTask {
  return {
    name: `matmul ${n}x${n}x${n}`,
    work: { flop: 2 * n ** 3 },
    setup: (backend) => {
      const a = randn([n, n], { backend });
      const b = randn([n, n], { backend });
      return () => [matmul(a, b)];
    },
    tfjs: (tf) => {
      const a = tf.randomNormal([n, n]);
      const b = tf.randomNormal([n, n]);
      return () => tf.matMul(a, b);
    },
  };
}

interface ConvShape {
  readonly label: string;
  readonly x: readonly [number, number, number, number];
  readonly cout: number;
  readonly k: number;
  readonly groups: number;
}

function convFlop(s: ConvShape): number {
  const [n, cin, h, w] = s.x;
  return 2 * n * s.cout * (cin / s.groups) * s.k * s.k * h * w;
}

/** conv2d with 'same' padding at stride 1: the forward pass, or forward + both gradients (3x the flops). */
function convTask(s: ConvShape, backward: boolean): OpTask {
  const [n, cin, h, w] = s.x;
  const options = { padding: 'same' as const, groups: s.groups };
  return {
    name: `conv2d ${s.label} ${backward ? 'fwd+bwd' : 'fwd'}`,
    work: { flop: (backward ? 3 : 1) * convFlop(s) },
    setup: (backend) => {
      const x = randn([...s.x], { backend, requiresGrad: backward });
      const weight = randn([s.cout, cin / s.groups, s.k, s.k], { backend, requiresGrad: backward });
      if (!backward) return () => [noGrad(() => conv2d(x, weight, undefined, options))];
      const seed = randn([n, s.cout, h, w], { backend });
      return () => grad(conv2d(x, weight, undefined, options), [x, weight], { gradOutputs: [seed] });
    },
    tfjs: backward
      ? undefined
      : (tf) => {
          const x = tf.randomNormal<Rank.R4>([n, h, w, cin]);
          if (s.groups === cin && s.cout === cin) {
            const filter = tf.randomNormal<Rank.R4>([s.k, s.k, cin, 1]);
            return () => tf.depthwiseConv2d(x, filter, 1, 'same');
          }
          const filter: Tensor4D = tf.randomNormal<Rank.R4>([s.k, s.k, cin, s.cout]);
          return () => tf.conv2d(x, filter, 1, 'same');
        },
  };
}

const CONV_SHAPES: ConvShape[] = [
  { label: '3x3 64->64 [1,64,128,128]', x: [1, 64, 128, 128], cout: 64, k: 3, groups: 1 },
  { label: 'ConvLSTM gate 3x3 41->160 [8,41,40,40]', x: [8, 41, 40, 40], cout: 160, k: 3, groups: 1 },
  { label: 'depthwise 7x7 96 [1,96,64,64]', x: [1, 96, 64, 64], cout: 96, k: 7, groups: 96 },
];

function tasks(): OpTask[] {
  const list: OpTask[] = [256, 512, 1024].map(matmulTask);
  for (const s of CONV_SHAPES) list.push(convTask(s, false), convTask(s, true));
  list.push({
    name: 'convTranspose2d 4x4 s2 64->32 [1,64,64,64]',
    work: { flop: 2 * 64 * 32 * 16 * 64 * 64 },
    setup: (backend) => {
      const x = randn([1, 64, 64, 64], { backend });
      const weight = randn([64, 32, 4, 4], { backend });
      return () => [convTranspose2d(x, weight, undefined, { stride: 2, padding: 1 })];
    },
  });
  const pool = [8, 64, 64, 64];
  list.push({
    name: 'maxPool2d 2x2 s2 [8,64,64,64]',
    work: { bytes: f32(prod(pool) * 1.25) },
    setup: (backend) => {
      const x = randn(pool, { backend });
      return () => [maxPool2d(x, { kernelSize: 2, stride: 2 })];
    },
  });
  list.push({
    name: 'interpolate bilinear x2 [8,64,64,64]',
    work: { bytes: f32(prod(pool) * 5) },
    setup: (backend) => {
      const x = randn(pool, { backend });
      return () => [interpolate(x, { scaleFactor: 2, mode: 'bilinear' })];
    },
  });
  for (const backward of [false, true]) {
    list.push({
      name: `gridSample bilinear [4,32,64,64] ${backward ? 'fwd+bwd' : 'fwd'}`,
      // Input, grid and output once each (a lower bound on the traffic), doubled for the backward pass.
      work: { bytes: (backward ? 2 : 1) * f32(4 * 32 * 64 * 64 * 2 + 4 * 64 * 64 * 2) },
      setup: (backend) => {
        const x = randn([4, 32, 64, 64], { backend, requiresGrad: backward });
        const g = rand([4, 64, 64, 2], { backend }).mul(2).sub(1).requiresGrad_(backward);
        if (!backward) return () => [gridSample(x, g)];
        const seed = randn([4, 32, 64, 64], { backend });
        return () => grad(gridSample(x, g), [x, g], { gradOutputs: [seed] });
      },
    });
  }
  const m = [1024, 1024];
  const elementwise: [string, number, (a: Tensor, b: Tensor, row: Tensor) => Tensor][] = [
    ['add', 3, (a, b) => a.add(b)],
    ['mul broadcast row', 2, (a, _, row) => a.mul(row)],
    ['exp', 2, (a) => a.exp()],
    ['sigmoid', 2, (a) => a.sigmoid()],
    ['sum all', 1, (a) => a.sum()],
    ['sum last dim', 1, (a) => a.sum({ dim: 1 })],
    ['max first dim', 1, (a) => a.max({ dim: 0 })],
  ];
  for (const [name, passes, fn] of elementwise) {
    list.push({
      name: `${name} [1024,1024]`,
      work: { bytes: f32(passes * prod(m)) },
      setup: (backend) => {
        const a = randn(m, { backend });
        const b = randn(m, { backend });
        const row = randn([1, m[1]], { backend });
        return () => [fn(a, b, row)];
      },
    });
  }
  return list;
}

function rate(work: Work, ms: number): string {
  return 'flop' in work ? `${(work.flop / ms / MB).toFixed(2)} GFLOP/s` : `${(work.bytes / ms / MB).toFixed(2)} GB/s`;
}

async function timeAll(bench: Bench, entries: { label: string; backend: string; work: Work }[]): Promise<Row[]> {
  await bench.run();
  return bench.tasks.map((t, i) => {
    const r = t.result;
    const ms = 'latency' in r ? r.latency.p50 ?? r.latency.mean : NaN;
    if (r.state === 'errored') console.warn(`${t.name}: ${r.error.message}`);
    return { task: entries[i].label, backend: entries[i].backend, medianMs: ms, rate: rate(entries[i].work, ms) };
  });
}

async function main(): Promise<void> {
  const requested = argValue('--backend') ?? 'all';
  const filter = argValue('--filter');
  const time = Number(argValue('--time') ?? 1000);
  const selected = tasks().filter((t) => !filter || t.name.includes(filter));
  if (requested !== 'all' && requested !== 'cpu' && requested !== 'webgpu') throw new Error(`--backend must be cpu, webgpu or all, got '${requested}'`);
  const backends: BackendName[] = requested === 'all' ? ['cpu', 'webgpu'] : [requested];
  const bench = new Bench({ time, iterations: 3, warmupIterations: 1, warmupTime: 0 });
  const entries: { label: string; backend: string; work: Work }[] = [];
  for (const backend of backends) {
    try {
      await initBackend(backend);
    } catch (e) {
      console.warn(`skipping ${backend}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    manualSeed(0);
    for (const t of selected) {
      const run = t.setup(backend);
      const label = `${backend} ${t.name}`;
      entries.push({ label: t.name, backend, work: t.work });
      bench.add(label, async () => {
        const outs = tidy(run);
        if (backend !== 'cpu') for (const o of outs) await o.data();
        for (const o of outs) o.dispose();
      });
    }
  }
  if (argValue('--vs') === 'tfjs') {
    const tf = await loadTfjsCpu();
    for (const t of tf ? selected : []) {
      if (!t.tfjs || !tf) continue;
      const run = t.tfjs(tf);
      entries.push({ label: t.name, backend: 'tfjs-cpu', work: t.work });
      bench.add(`tfjs-cpu ${t.name}`, () => {
        const out = run();
        out.dataSync();
        out.dispose();
      });
    }
  }
  const rows = await timeAll(bench, entries);
  const baselinePath = argValue('--compare');
  const baseline = baselinePath ? (JSON.parse(readFileSync(baselinePath, 'utf8')) as Row[]) : [];
  console.table(
    rows.map((r) => {
      const before = baseline.find((b) => b.task === r.task && b.backend === r.backend);
      return {
        backend: r.backend,
        task: r.task,
        'median ms': r.medianMs.toFixed(1),
        rate: r.rate,
        ...(baselinePath ? { 'vs baseline': before ? `${(before.medianMs / r.medianMs).toFixed(2)}x` : '-' } : {}),
      };
    }),
  );
  const jsonPath = argValue('--json');
  if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(rows, null, 2)}\n`);
  // A live Dawn device keeps Node running.
  process.exit(0);
}

await main();
