// Every webgpu matmul tiling preset, forced in turn, against the cpu backend's float64 matmul: random shapes
// around each preset's tile sizes plus edge cases (1-row and 1-column outputs, K = 0 and 1, batch broadcast
// either way, transposed and not, dimensions that do and do not allow vec4 access, int32), and the heuristic's
// choices. Shapes stay small: CI's software adapter takes about 0.5 s per GFLOP.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, type Backend } from '../../src/index.js';
import { forceMatmulConfig } from '../../src/backends/webgpu/kernels/Matmul.js';
import { MATMUL_CONFIGS, chooseMatmulConfig, sharedBytes, validateConfig, type MatmulConfig } from '../../src/backends/webgpu/kernels/matmul-config.js';
import { Generator } from '../../src/tensor/random.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

const CONFIGS: readonly MatmulConfig[] = Object.values(MATMUL_CONFIGS);

/** [batchA, batchB, M, K, N] with transposes; a batch of 1 broadcasts. */
interface Case {
  readonly dims: readonly [number, number, number, number, number];
  readonly transA: boolean;
  readonly transB: boolean;
  readonly dtype: 'float32' | 'int32';
}

/**
 * Which global access paths a case takes: `vec` puts every dimension an operand or the output is contiguous in on
 * the vec4 grid (multiples of 4), otherwise off it (scalar loads and stores); `trans` transposes both operands,
 * which swaps each operand between k-contiguous and row-contiguous loads. The four pairs cover every load and
 * store path while compiling only four pipelines per config (a software adapter takes seconds per pipeline).
 */
interface Variant {
  readonly vec: boolean;
  readonly trans: boolean;
}

const VARIANTS: readonly Variant[] = [
  { vec: true, trans: false },
  { vec: true, trans: true },
  { vec: false, trans: false },
  { vec: false, trans: true },
];

function inVariant(v: Variant, dims: Case['dims'], dtype: Case['dtype'] = 'float32'): Case {
  const [batchA, batchB, M, K, N] = dims;
  const onGrid = (x: number) => Math.max(4, Math.ceil(x / 4) * 4);
  const offGrid = (x: number) => (x % 4 === 0 ? x + 1 : x);
  const fit = (x: number) => (v.vec ? onGrid(x) : offGrid(x));
  // K = 0 leaves the operands empty, which always takes the scalar loads.
  const k = K === 0 && !v.vec ? 0 : fit(K);
  return { dims: [batchA, batchB, v.trans ? fit(M) : M, k, fit(N)], transA: v.trans, transB: v.trans, dtype };
}

function casesFor(c: MatmulConfig, gen: Generator): Case[] {
  const int = (lo: number, hi: number): number => lo + Math.floor(gen.uniform() * (hi - lo + 1));
  const { tileM: tm, tileN: tn, tileK: tk } = c;
  const cases: Case[] = [];
  for (const v of VARIANTS) {
    // Partial tiles in M and N, K over a few slices; A then B broadcast over the batch.
    cases.push(inVariant(v, [1, 3, 2 * tm + 1, 3 * tk + 1, tn - 3]));
    cases.push(inVariant(v, [3, 1, tm - 1, tk + 3, 2 * tn + 2]));
    // 1-row and 1-column outputs, K = 1, and K = 0 where the variant allows it.
    cases.push(inVariant(v, [2, 1, 1, 9, tn + 1]));
    cases.push(inVariant(v, [1, 2, tm + 3, 1, 1]));
    if (!v.vec) cases.push(inVariant(v, [2, 2, 5, 0, 7]));
    for (let i = 0; i < 3; i++) {
      const batch = int(1, 3);
      const broadcast = int(0, 2);
      cases.push(inVariant(v, [broadcast === 1 ? 1 : batch, broadcast === 2 ? 1 : batch, int(1, 2 * tm + 5), int(1, 3 * tk + 5), int(1, 2 * tn + 5)]));
    }
  }
  return cases;
}

function values(gen: Generator, n: number, dtype: Case['dtype']): Float64Array {
  // float32-representable values, so the float64 reference sees exactly what the GPU does.
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = dtype === 'int32' ? Math.floor(gen.uniform() * 11) - 5 : Math.fround(gen.uniform() * 2 - 1);
  return out;
}

async function runMatmul(be: Backend, c: Case, a: Float64Array, b: Float64Array, dtype: 'float64' | 'float32' | 'int32'): Promise<number[]> {
  const [batchA, batchB, M, K, N] = c.dims;
  const shapeA = [batchA, c.transA ? K : M, c.transA ? M : K];
  const shapeB = [batchB, c.transB ? N : K, c.transB ? K : N];
  const typed = (v: Float64Array) => (dtype === 'float64' ? v : dtype === 'float32' ? Float32Array.from(v) : Int32Array.from(v));
  const inputs = [
    { data: be.upload(typed(a), dtype), shape: shapeA, dtype },
    { data: be.upload(typed(b), dtype), shape: shapeB, dtype },
  ];
  const shape = [Math.max(batchA, batchB), M, N];
  const out = be.kernels.matmul(inputs, { shape, dtype }, { transA: c.transA, transB: c.transB });
  const result = Array.from(await be.read(out, dtype, shape.reduce((x, y) => x * y, 1)));
  for (const t of [...inputs.map((i) => i.data), out]) be.release(t);
  return result;
}

test('matmul configs: every preset is buildable and the heuristic picks by shape', () => {
  for (const c of CONFIGS) validateConfig(c);
  const limit = 32768;
  const pick = (batch: number, M: number, N: number, maxShared = limit) => chooseMatmulConfig({ batch, M, N, K: 64 }, maxShared).name;
  // Large outputs, batched or not, get the 128x128 tile of 8-deep K slices (fastest on an H100); mid-sized ones
  // its 16-deep variant (fastest on the software adapter).
  assert.equal(pick(1, 4096, 4096), 'big');
  assert.equal(pick(4, 1024, 1024), 'big');
  assert.equal(pick(1, 512, 512), 'bigK16');
  // On a GPU: the largest tile still giving 128 workgroups (a 1024 output: 64 of 128x128 tiles, 128 of 128x64).
  const pickGpu = (batch: number, M: number, N: number) => chooseMatmulConfig({ batch, M, N, K: 64 }, limit, false).name;
  assert.equal(pickGpu(1, 4096, 4096), 'big');
  assert.equal(pickGpu(1, 2048, 2048), 'big');
  assert.equal(pickGpu(1, 1024, 1024), 'wide');
  assert.equal(pickGpu(1, 512, 512), 'small');
  assert.equal(pickGpu(1, 1, 4096), 'small');
  // Thin outputs get small tiles rather than computing 128 rows of padding.
  assert.equal(pick(1, 1, 4096), 'small');
  assert.equal(pick(8, 4096, 16), 'small');
  assert.equal(pick(4, 40, 1600), 'mid8');
  // A device with only WebGPU's default 16 KiB of workgroup memory never gets a preset it cannot run.
  for (const [M, N] of [[4096, 4096], [512, 512], [40, 1600]]) {
    const name = pick(1, M, N, 16384);
    assert.ok(sharedBytes(MATMUL_CONFIGS[name as keyof typeof MATMUL_CONFIGS]) <= 16384, `${name} for ${M}x${N}`);
  }
  assert.throws(() => validateConfig({ ...MATMUL_CONFIGS.big, name: 'bad', threadM: 6 }), /matmul.*'bad'.*multiples of 4/);
  assert.throws(() => validateConfig({ ...MATMUL_CONFIGS.big, name: 'bad', tileK: 4 }), /matmul.*'bad'.*cannot split a 128x4 slice/);
  assert.throws(() => forceMatmulConfig({ ...MATMUL_CONFIGS.small, name: 'bad', tileM: 30 }), /matmul.*'bad'/);
});

test('webgpu matmul [every config, float32 and int32] matches cpu float64 on random shapes', async (t) => {
  const be = await webgpuOrSkip(t);
  if (!be) return;
  const cpu = getBackend('cpu');
  const gen = new Generator(7);
  try {
    for (const config of CONFIGS) {
      forceMatmulConfig(config);
      const cases = casesFor(config, gen);
      // int32 (vec4<i32> accumulators) on the preset large outputs get.
      if (config === MATMUL_CONFIGS.bigK16) cases.push(inVariant(VARIANTS[0], [2, 1, 130, 20, 129], 'int32'));
      for (const c of cases) {
        const [batchA, batchB, M, K, N] = c.dims;
        const a = values(gen, batchA * M * K, c.dtype);
        const b = values(gen, batchB * K * N, c.dtype);
        const want = await runMatmul(cpu, c, a, b, 'float64');
        const got = await runMatmul(be, c, a, b, c.dtype);
        const label = `matmul config ${config.name} ${c.dtype} [batchA, batchB, M, K, N] = [${c.dims.join(', ')}] transA=${c.transA} transB=${c.transB}`;
        assertClose(got, want, c.dtype === 'int32' ? TOL.exact : TOL.webgpuMatmul, label);
      }
    }
  } finally {
    forceMatmulConfig(null);
  }
});
