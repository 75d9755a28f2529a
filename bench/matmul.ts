// Measures the cpu backend's matmul against a naive i-k-j triple loop over Float32Array at 512x512 (and
// 1024x1024), the foundation issue's speed check. Run: npm run bench:matmul.

import { Bench } from 'tinybench';
import { matmul, manualSeed, rand } from '../src/index.js';

function naiveIkj(a: Float32Array, b: Float32Array, n: number): Float32Array {
  const c = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  }
  return c;
}

async function main(): Promise<void> {
  manualSeed(0);
  const rows: Record<string, string | number>[] = [];
  for (const n of [512, 1024]) {
    const a = rand([n, n], { backend: 'cpu' });
    const b = rand([n, n], { backend: 'cpu' });
    const av = a.dataSync() as Float32Array;
    const bv = b.dataSync() as Float32Array;
    const bench = new Bench({ time: 2000, iterations: 3 });
    bench.add(`framegrad matmul ${n}`, () => {
      matmul(a, b);
    });
    bench.add(`naive i-k-j ${n}`, () => {
      naiveIkj(av, bv, n);
    });
    await bench.run();
    const flops = 2 * n * n * n;
    const medians = bench.tasks.map((t) => {
      const r = t.result;
      const ms = r && 'latency' in r ? r.latency.p50 ?? r.latency.mean : NaN;
      return { name: t.name, ms };
    });
    for (const m of medians) rows.push({ task: m.name, 'median ms': m.ms.toFixed(1), 'GFLOP/s': (flops / (m.ms * 1e6)).toFixed(2) });
    rows.push({ task: `speedup at ${n}`, 'median ms': '', 'GFLOP/s': `${(medians[1].ms / medians[0].ms).toFixed(2)}x` });
  }
  console.table(rows);
}

await main();
