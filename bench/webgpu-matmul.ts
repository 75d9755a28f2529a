// Times the webgpu matmul kernel under each tiling preset (and the shape heuristic, 'auto') on square f32
// problems, to choose the heuristic's presets per adapter. Needs only node, dist/ and the webgpu package, so it
// runs as is on a lent GPU machine: it prints the adapter so a software adapter is never mistaken for the GPU.
// Run: npm run build && node dist/bench/webgpu-matmul.js [--sizes 512,1024] [--configs all|auto,big,...]
//      [--runs 5] [--min-ms 100] [--json out.json]

import { writeFileSync } from 'node:fs';
import type { DataId } from '../src/backends/kernels.js';
import { nodeGPU } from '../src/backends/webgpu/node-gpu.js';
import { createWebGPUBackend, type WebGPUBackend } from '../src/backends/webgpu/webgpu-backend.js';
import { forceMatmulConfig } from '../src/backends/webgpu/kernels/Matmul.js';
import { MATMUL_CONFIGS, chooseMatmulConfig, sharedBytes, type MatmulConfig } from '../src/backends/webgpu/kernels/matmul-config.js';

/** The value after `name` on the command line. (Not support.js's: that module also names tfjs, absent on GPU machines.) */
function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined;
}

interface Row {
  readonly config: string;
  readonly size: number;
  /** Median milliseconds per matmul, or null when the config does not fit the device. */
  readonly ms: number | null;
  readonly gflops: number | null;
  /**
   * Median process CPU milliseconds per matmul: on a software adapter that is the work itself, a steadier figure
   * than wall time on a busy machine; on a GPU it is only the host's overhead.
   */
  readonly cpuMs: number | null;
  /** Largest |gpu - float64| / (|float64| + 1) over sampled output elements. */
  readonly maxError: number | null;
  /** The preset 'auto' resolved to. */
  readonly chose?: string;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Deterministic uniform [-1, 1) values, so runs compare like for like. */
function randomMatrix(n: number, seed: number): Float32Array {
  const out = new Float32Array(n * n);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

async function timeConfig(be: WebGPUBackend, a: DataId, b: DataId, n: number, runs: number, minMs: number) {
  const info = (data: DataId) => ({ data, shape: [n, n], dtype: 'float32' as const });
  const spec = { shape: [n, n], dtype: 'float32' as const };
  // `reps` matmuls recorded back to back, then one 1-element read: resolves only when the GPU has finished them.
  const sample = async (reps: number): Promise<{ ms: number; cpuMs: number }> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let out: DataId | null = null;
    for (let r = 0; r < reps; r++) {
      if (out) be.release(out);
      out = be.kernels.matmul([info(a), info(b)], spec, { transA: false, transB: false });
    }
    await be.read(out!, 'float32', 1);
    be.release(out!);
    const cpu = process.cpuUsage(c0);
    return { ms: (performance.now() - t0) / reps, cpuMs: (cpu.user + cpu.system) / 1000 / reps };
  };
  await sample(1); // warm-up: compiles the pipeline
  const reps = Math.max(1, Math.min(64, Math.ceil(minMs / Math.max((await sample(1)).ms, 1e-3))));
  const samples: { ms: number; cpuMs: number }[] = [];
  for (let r = 0; r < runs; r++) samples.push(await sample(reps));
  return { ms: median(samples.map((s) => s.ms)), cpuMs: median(samples.map((s) => s.cpuMs)) };
}

/** Samples output elements against float64 dot products of the same inputs. */
async function maxError(be: WebGPUBackend, a: DataId, b: DataId, av: Float32Array, bv: Float32Array, n: number): Promise<number> {
  const info = (data: DataId) => ({ data, shape: [n, n], dtype: 'float32' as const });
  const out = be.kernels.matmul([info(a), info(b)], { shape: [n, n], dtype: 'float32' }, { transA: false, transB: false });
  const got = await be.read(out, 'float32', n * n);
  be.release(out);
  let worst = 0;
  for (let s = 0; s < 64; s++) {
    const i = (s * 7919) % n;
    const j = (s * 104729 + 13) % n;
    let want = 0;
    for (let k = 0; k < n; k++) want += av[i * n + k] * bv[k * n + j];
    worst = Math.max(worst, Math.abs(got[i * n + j] - want) / (Math.abs(want) + 1));
  }
  return worst;
}

function printAdapter(be: WebGPUBackend): void {
  const i = be.device.adapterInfo;
  const l = be.device.limits;
  console.log(`adapter: vendor=${i.vendor} architecture=${i.architecture} device=${i.device} description=${i.description}`);
  console.log(`fallback (software) adapter: ${i.isFallbackAdapter}`);
  console.log(`device limits: maxBufferSize=${l.maxBufferSize} maxStorageBufferBindingSize=${l.maxStorageBufferBindingSize} maxComputeWorkgroupStorageSize=${l.maxComputeWorkgroupStorageSize}`);
}

function parseConfigs(arg: string): { name: string; config: MatmulConfig | null }[] {
  const all = Object.values(MATMUL_CONFIGS).map((c) => ({ name: c.name, config: c as MatmulConfig }));
  if (arg === 'all') return [{ name: 'auto', config: null }, ...all];
  return arg.split(',').map((name) => {
    if (name === 'auto') return { name, config: null };
    const found = all.find((c) => c.name === name);
    if (!found) throw new Error(`--configs: unknown config '${name}' (expected all, auto or one of ${all.map((c) => c.name).join(', ')})`);
    return found;
  });
}

async function main(): Promise<void> {
  const sizes = (argValue('--sizes') ?? '512,1024').split(',').map(Number);
  const configs = parseConfigs(argValue('--configs') ?? 'all');
  const runs = Number(argValue('--runs') ?? 5);
  const minMs = Number(argValue('--min-ms') ?? 100);
  const jsonPath = argValue('--json');

  const be = await createWebGPUBackend(await nodeGPU());
  printAdapter(be);
  const maxShared = be.device.limits.maxComputeWorkgroupStorageSize;
  const rows: Row[] = [];
  for (const n of sizes) {
    const av = randomMatrix(n, 1);
    const bv = randomMatrix(n, 2);
    const a = be.upload(av, 'float32');
    const b = be.upload(bv, 'float32');
    for (const { name, config } of configs) {
      const chose = config ? undefined : chooseMatmulConfig({ batch: 1, M: n, N: n, K: n }, maxShared, be.device.adapterInfo.isFallbackAdapter).name;
      if (config && sharedBytes(config) > maxShared) {
        rows.push({ config: name, size: n, ms: null, gflops: null, cpuMs: null, maxError: null });
        continue;
      }
      forceMatmulConfig(config);
      const { ms, cpuMs } = await timeConfig(be, a, b, n, runs, minMs);
      const error = await maxError(be, a, b, av, bv, n);
      const row: Row = { config: name, size: n, ms, gflops: (2 * n ** 3) / (ms * 1e6), cpuMs, maxError: error, chose };
      rows.push(row);
      console.log(`${name}${chose ? ` (${chose})` : ''} ${n}: ${ms.toFixed(2)} ms, ${row.gflops!.toFixed(1)} GFLOP/s, ${cpuMs.toFixed(1)} cpu ms, max error ${error.toExponential(1)}`);
    }
    forceMatmulConfig(null);
    be.release(a);
    be.release(b);
  }
  console.table(
    rows.map((r) => ({
      config: r.chose ? `auto (${r.chose})` : r.config,
      size: r.size,
      'median ms': r.ms === null ? 'too much workgroup memory' : r.ms.toFixed(2),
      'GFLOP/s': r.gflops === null ? '' : r.gflops.toFixed(1),
      'TFLOP/s': r.gflops === null ? '' : (r.gflops / 1000).toFixed(2),
      'cpu ms': r.cpuMs === null ? '' : r.cpuMs.toFixed(1),
      'max error': r.maxError === null ? '' : r.maxError.toExponential(1),
    })),
  );
  if (jsonPath) {
    const i = be.device.adapterInfo;
    const adapter = { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter };
    writeFileSync(jsonPath, `${JSON.stringify({ adapter, runs, minMs, rows }, null, 2)}\n`);
    console.log(`wrote ${jsonPath}`);
  }
  be.destroy();
}

await main();
