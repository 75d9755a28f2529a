// The WebAssembly SIMD GEMM (cpu float32) against a float64 reference over random shapes, transposes, batch
// broadcasting and K panels, on one thread and split across worker threads (by columns and by rows; the split
// must not change a single bit), the TypeScript panel kernel that replaces it under threads when SIMD is off, plus
// its memory growth, its switches and the byte encoding it is assembled from.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { configureCpuGemm, simdGemmActive, simdGemmThreads, simdMatmul, type GemmProblem } from '../../src/backends/cpu/gemm/simd-gemm.js';
import { signedLeb, unsignedLeb } from '../../src/backends/cpu/gemm/wasm-encoding.js';
import { gemmThreadPoolFactory } from '../../src/node/gemm-thread-pool.js';
import { cpuAccelerationFromEnvironment } from '../../src/node/cpu-acceleration.js';
import { Generator } from '../../src/tensor/random.js';
import { checkProperty } from '../support/property.js';
import { TOL, assertClose } from '../support/tolerances.js';

function operands(p: GemmProblem, gen: Generator): { a: Float32Array; b: Float32Array } {
  const fill = (n: number): Float32Array => Float32Array.from({ length: n }, () => gen.uniform() * 2 - 1);
  return { a: fill(p.aBatch * p.m * p.k), b: fill(p.bBatch * p.k * p.n) };
}

/** op(a) op(b) in float64, straight from the definition. */
function reference(a: Float32Array, b: Float32Array, p: GemmProblem): Float64Array {
  const { batch, m, n, k } = p;
  const out = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    const ao = (p.aBatch > 1 ? t : 0) * m * k;
    const bo = (p.bBatch > 1 ? t : 0) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += a[ao + (p.transA ? q * m + i : i * k + q)] * b[bo + (p.transB ? j * k + q : q * n + j)];
        out[t * m * n + i * n + j] = s;
      }
    }
  }
  return out;
}

function run(a: Float32Array, b: Float32Array, p: GemmProblem): Float32Array {
  const c = new Float32Array(p.batch * p.m * p.n);
  assert.equal(simdMatmul(a, b, c, p), true, `the SIMD GEMM declined ${JSON.stringify(p)}`);
  return c;
}

const problemArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    m: fc.integer({ min: 1, max: 45 }),
    n: fc.integer({ min: 1, max: 45 }),
    k: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 250, max: 600 })),
    aBroadcast: fc.boolean(),
    bBroadcast: fc.boolean(),
    transA: fc.boolean(),
    transB: fc.boolean(),
  })
  .filter((r) => r.m * r.n * r.k >= 4096)
  .map((r): GemmProblem => ({ ...r, aBatch: r.aBroadcast ? 1 : r.batch, bBatch: r.bBroadcast ? 1 : r.batch }));

test('simd gemm: random shapes, transposes, batch broadcasting and K panels match float64 (one thread)', () => {
  configureCpuGemm({ simd: true });
  assert.equal(simdGemmActive(), true, 'Node 20 supports WebAssembly SIMD');
  const gen = new Generator(7);
  checkProperty(
    fc.property(problemArb, (p) => {
      const { a, b } = operands(p, gen);
      assertClose(run(a, b, p), reference(a, b, p), TOL.float32Gemm, `simd gemm ${JSON.stringify(p)}`);
    }),
    60,
  );
});

test('simd gemm: two threads give bit-identical results, split by columns and by rows', () => {
  const gen = new Generator(8);
  const problems: GemmProblem[] = [
    { batch: 2, m: 131, n: 133, k: 300, aBatch: 1, bBatch: 2, transA: false, transB: true },
    { batch: 1, m: 2001, n: 7, k: 300, aBatch: 1, bBatch: 1, transA: true, transB: false },
  ];
  for (const p of problems) {
    const { a, b } = operands(p, gen);
    configureCpuGemm({ simd: true });
    const single = run(a, b, p);
    configureCpuGemm({ simd: true, createThreadPool: gemmThreadPoolFactory(2) });
    assert.equal(simdGemmThreads(), 2);
    const threaded = run(a, b, p);
    assert.deepEqual(threaded, single, `threads changed the result of ${JSON.stringify(p)}`);
    assertClose(threaded, reference(a, b, p), TOL.float32Gemm, `threaded gemm ${JSON.stringify(p)}`);
  }
  configureCpuGemm({ simd: true });
});

test('gemm without SIMD but with threads: the TypeScript panel kernel matches float64 and the SIMD kernel', () => {
  const gen = new Generator(11);
  const p: GemmProblem = { batch: 2, m: 131, n: 133, k: 300, aBatch: 1, bBatch: 2, transA: true, transB: false };
  const { a, b } = operands(p, gen);
  configureCpuGemm({ simd: false, createThreadPool: gemmThreadPoolFactory(2) });
  assert.equal(simdGemmActive(), false, 'the SIMD kernel is off');
  assert.equal(simdGemmThreads(), 2);
  const threaded = run(a, b, p);
  assertClose(threaded, reference(a, b, p), TOL.float32Gemm, 'typescript panel kernel, 2 threads');
  checkProperty(
    fc.property(problemArb, (q) => {
      const o = operands(q, gen);
      assertClose(run(o.a, o.b, q), reference(o.a, o.b, q), TOL.float32Gemm, `typescript panel kernel ${JSON.stringify(q)}`);
    }),
    20,
  );
  configureCpuGemm({ simd: true, createThreadPool: gemmThreadPoolFactory(2) });
  const simdThreaded = run(a, b, p);
  assertClose(simdThreaded, threaded, TOL.float32Gemm, 'simd vs typescript panel kernels');
  configureCpuGemm({ simd: true });
});

test('simd gemm: grows its memory for a product larger than the initial 16 MiB', () => {
  configureCpuGemm({ simd: true });
  const p: GemmProblem = { batch: 1, m: 2100, n: 2100, k: 3, aBatch: 1, bBatch: 1, transA: false, transB: false };
  const { a, b } = operands(p, new Generator(9));
  assertClose(run(a, b, p), reference(a, b, p), TOL.float32Gemm, 'large C');
});

test('simd gemm: switched off, it declines and the TypeScript GEMM runs', () => {
  configureCpuGemm({ simd: false });
  assert.equal(simdGemmActive(), false);
  const p: GemmProblem = { batch: 1, m: 32, n: 32, k: 32, aBatch: 1, bBatch: 1, transA: false, transB: false };
  const { a, b } = operands(p, new Generator(10));
  assert.equal(simdMatmul(a, b, new Float32Array(32 * 32), p), false);
  configureCpuGemm({ simd: true });
  assert.equal(simdGemmActive(), true);
});

test('cpu acceleration settings: FRAMEGRAD_CPU_SIMD and FRAMEGRAD_CPU_THREADS', () => {
  assert.deepEqual(cpuAccelerationFromEnvironment({ FRAMEGRAD_CPU_SIMD: '0', FRAMEGRAD_CPU_THREADS: '1' }), { simd: false, threads: 1 });
  assert.equal(cpuAccelerationFromEnvironment({}).simd, true);
  assert.throws(() => cpuAccelerationFromEnvironment({ FRAMEGRAD_CPU_SIMD: 'yes' }), /FRAMEGRAD_CPU_SIMD must be 0 or 1, got 'yes'/);
  assert.throws(() => cpuAccelerationFromEnvironment({ FRAMEGRAD_CPU_THREADS: '0' }), /FRAMEGRAD_CPU_THREADS must be a positive integer, got '0'/);
  assert.throws(() => gemmThreadPoolFactory(1), /threads must be an integer >= 2, got 1/);
});

test('wasm encoding: LEB128 integers', () => {
  assert.deepEqual(unsignedLeb(0), [0x00]);
  assert.deepEqual(unsignedLeb(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(signedLeb(-1), [0x7f]);
  assert.deepEqual(signedLeb(63), [0x3f]);
  assert.deepEqual(signedLeb(64), [0xc0, 0x00]);
  assert.deepEqual(signedLeb(-123456), [0xc0, 0xbb, 0x78]);
});
