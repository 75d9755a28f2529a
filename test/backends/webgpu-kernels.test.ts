// Exercises every webgpu kernel directly through the Backend interface against plain-JS references, on small
// shapes (CI may run on a software Vulkan driver). Without a WebGPU adapter the suite skips, except on CI.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelAttrs, KernelName, OutputSpec, UnaryOp, BinaryOp } from '../../src/backends/kernels.js';
import type { DType, TypedArray } from '../../src/backends/types.js';
import { nodeGPU } from '../../src/backends/webgpu/node-gpu.js';
import { createWebGPUBackend, type WebGPUBackend } from '../../src/backends/webgpu/webgpu-backend.js';
import { TOL, type Tolerance } from '../support/tolerances.js';

const KERNEL_TOL: Tolerance = TOL.webgpuKernel;
const MATMUL_TOL: Tolerance = TOL.webgpuMatmul;

let backend: WebGPUBackend | undefined;
after(() => backend?.destroy());

// ---------- host-side helpers ----------

interface Host {
  readonly data: readonly number[];
  readonly shape: readonly number[];
  readonly dtype?: DType;
}

const f32 = (data: readonly number[], shape: readonly number[]): Host => ({ data, shape, dtype: 'float32' });
const i32 = (data: readonly number[], shape: readonly number[]): Host => ({ data, shape, dtype: 'int32' });

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d];
  }
  return s;
}

function coords(i: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    c[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return c;
}

function flat(c: readonly number[], shape: readonly number[]): number {
  const s = strides(shape);
  return c.reduce((acc, v, d) => acc + v * s[d], 0);
}

/** Reads `inShape` data at an output coordinate under NumPy broadcasting. */
function broadcastAt(h: Host, out: readonly number[]): number {
  const lead = out.length - h.shape.length;
  return h.data[flat(h.shape.map((s, d) => (s === 1 ? 0 : out[d + lead])), h.shape)];
}

let seed = 12345;
function rand(n: number, lo = -1, hi = 1): number[] {
  return Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.fround(lo + ((hi - lo) * seed) / 2147483648);
  });
}

function randInt(n: number, lo: number, hi: number): number[] {
  return rand(n, 0, 1).map((v) => lo + Math.floor(v * (hi - lo)));
}

function typed(h: Host): TypedArray {
  return (h.dtype ?? 'float32') === 'int32' ? Int32Array.from(h.data) : Float32Array.from(h.data);
}

async function run<K extends KernelName>(
  be: WebGPUBackend,
  kernel: K,
  inputs: readonly Host[],
  output: OutputSpec,
  attrs: KernelAttrs[K],
): Promise<number[]> {
  const infos = inputs.map((h) => {
    const dtype = h.dtype ?? 'float32';
    return { data: be.upload(typed(h), dtype), shape: h.shape, dtype };
  });
  const out = be.kernels[kernel](infos, output, attrs);
  const result = await be.read(out, output.dtype, size(output.shape));
  for (const t of infos) be.release(t.data);
  be.release(out);
  return Array.from(result);
}

function assertClose(got: readonly number[], want: readonly number[], label: string, { rtol, atol } = KERNEL_TOL): void {
  assert.equal(got.length, want.length, `${label}: length`);
  for (let i = 0; i < want.length; i++) {
    const w = Math.fround(want[i]);
    const g = got[i];
    const ok = Number.isNaN(w) ? Number.isNaN(g) : Number.isFinite(w) ? Math.abs(g - w) <= atol + rtol * Math.abs(w) : g === w;
    assert.ok(ok, `${label}[${i}]: got ${g}, want ${w}`);
  }
}

function erfRef(x: number): number {
  if (Math.abs(x) > 4) return Math.sign(x);
  // Maclaurin series in float64: exact enough for |x| <= 4.
  let term = x;
  let sum = x;
  for (let n = 1; n < 100; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

function roundHalfEven(x: number): number {
  const r = Math.floor(x);
  const d = x - r;
  if (d !== 0.5) return Math.round(x);
  return r % 2 === 0 ? r : r + 1;
}

// ---------- the suite ----------

test('webgpu kernels', async (t) => {
  const adapter = await (await nodeGPU()).requestAdapter();
  if (!adapter) {
    if (process.env.CI === 'true') assert.fail('no WebGPU adapter on CI');
    t.skip('no WebGPU adapter: install a Vulkan driver (e.g. mesa lavapipe) to run the webgpu kernel tests');
    return;
  }
  const be = (backend = await createWebGPUBackend(await nodeGPU()));

  await t.test('backend basics: upload/read, zero size, float64, memory, pooling', async () => {
    assert.equal(be.name, 'webgpu');
    assert.deepEqual(be.dtypes, ['float32', 'int32']);
    const f = be.upload(Float32Array.from([1.5, -2, 3]), 'float32');
    assert.deepEqual(Array.from(await be.read(f, 'float32', 3)), [1.5, -2, 3]);
    assert.ok((await be.read(f, 'float32', 3)) instanceof Float32Array);
    const n = be.upload(Int32Array.from([7, -8]), 'int32');
    const nr = await be.read(n, 'int32', 2);
    assert.ok(nr instanceof Int32Array);
    assert.deepEqual(Array.from(nr), [7, -8]);
    const empty = be.upload(new Float32Array(0), 'float32');
    assert.equal((await be.read(empty, 'float32', 0)).length, 0);
    assert.equal(be.readSync(f, 'float32', 3), undefined);
    assert.throws(() => be.upload(new Float64Array(2), 'float64'), /webgpu.*float64/);

    const before = be.memory();
    const a = be.upload(new Float32Array(1000), 'float32');
    assert.equal(be.memory().liveBuffers, before.liveBuffers + 1);
    assert.ok(be.memory().liveBytes >= before.liveBytes + 4000);
    be.release(a);
    be.release(a); // a second release is harmless
    const released = be.memory();
    assert.equal(released.liveBuffers, before.liveBuffers);
    assert.equal(released.pooledBuffers, before.pooledBuffers + 1);
    const b = be.upload(new Float32Array(990), 'float32'); // same bucket: reuses the pooled buffer
    assert.equal(be.memory().pooledBuffers, before.pooledBuffers);
    await assert.rejects(be.read(a, 'float32', 1), /after release/);
    for (const id of [f, n, empty, b]) be.release(id);
  });

  await t.test('float64 inputs are rejected by name', () => {
    const id = be.upload(new Float32Array(2), 'float32');
    assert.throws(
      () => be.kernels.unary([{ data: id, shape: [2], dtype: 'float64' }], { shape: [2], dtype: 'float64' }, { op: 'neg' }),
      /'unary'.*float64/,
    );
    assert.throws(
      () =>
        be.kernels.matmul(
          [
            { data: id, shape: [1, 1, 2], dtype: 'float64' },
            { data: id, shape: [1, 2, 1], dtype: 'float32' },
          ],
          { shape: [1, 1, 1], dtype: 'float32' },
          { transA: false, transB: false },
        ),
      /'matmul'.*float64/,
    );
    be.release(id);
  });

  await t.test('unary float32: every op', async () => {
    const general = [-50, -10, -3.7, -2.5, -1.5, -0.5, -0.01, -1e-4, 0, 1e-5, 0.05, 0.3, 0.5, 1.5, 2.5, 3.2, 10, 50, ...rand(40, -6, 6)];
    const positive = [1e-6, 1e-3, 0.05, 0.5, 1, 2, 10, 1000, ...rand(20, 0.01, 20)];
    const cases: [UnaryOp, readonly number[], (x: number) => number, Partial<KernelAttrs['unary']>?][] = [
      ['neg', general, (x) => -x],
      ['abs', general, Math.abs],
      ['sign', general, Math.sign],
      ['exp', [...general, 100, -100], Math.exp],
      ['expm1', [...general, 1e-7, -1e-7, 0.09, -0.09, 0.11], Math.expm1],
      ['log', positive, Math.log],
      ['log1p', [-0.99, -0.5, -0.09, -1e-6, 0, 1e-7, 0.09, 0.2, ...positive], Math.log1p],
      ['sqrt', positive, Math.sqrt],
      ['rsqrt', positive, (x) => 1 / Math.sqrt(x)],
      ['reciprocal', positive.concat(positive.map((x) => -x)), (x) => 1 / x],
      ['sin', general.filter((x) => Math.abs(x) <= 10), Math.sin],
      ['cos', general.filter((x) => Math.abs(x) <= 10), Math.cos],
      ['tanh', [...general, 1e-7, 44, -44, 100, -100, 1000], Math.tanh],
      ['sigmoid', [...general, 100, -100, 1000, -1000], (x) => 1 / (1 + Math.exp(-x))],
      ['relu', general, (x) => Math.max(x, 0)],
      ['erf', [...general, 0.49, 0.51, -0.7, 1e-6, 3.9], erfRef],
      ['floor', general, Math.floor],
      ['round', [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -3.7, 3.2, 2.51, 1e7 + 1, ...general], roundHalfEven],
      ['clamp', general, (x) => Math.min(Math.max(x, -1), 2), { min: -1, max: 2 }],
      ['clamp', general, (x) => Math.max(x, 0.25), { min: 0.25 }],
      ['clamp', general, (x) => Math.min(x, -0.25), { max: -0.25 }],
      ['powScalar', general, (x) => x ** 2, { exponent: 2 }],
      ['powScalar', general.filter((x) => Math.abs(x) < 20), (x) => x ** 3, { exponent: 3 }],
      ['powScalar', positive, Math.sqrt, { exponent: 0.5 }],
      ['powScalar', positive, (x) => x ** -1.5, { exponent: -1.5 }],
      ['powScalar', [-2, -3, 2, -0.5], (x) => x ** -1, { exponent: -1 }],
      ['powScalar', [-2, -1.5, 0, 4], (x) => x ** 2.5, { exponent: 2.5 }],
      ['powScalar', general, () => 1, { exponent: 0 }],
    ];
    for (const [op, xs, ref, extra] of cases) {
      const got = await run(be, 'unary', [f32(xs, [xs.length])], { shape: [xs.length], dtype: 'float32' }, { op, ...extra });
      assertClose(got, xs.map((x) => ref(Math.fround(x))), `${op}(${JSON.stringify(extra ?? {})})`);
    }
  });

  await t.test('unary int32', async () => {
    const xs = [-7, -3, -1, 0, 1, 2, 5, 9];
    const cases: [UnaryOp, (x: number) => number, Partial<KernelAttrs['unary']>?][] = [
      ['neg', (x) => -x],
      ['abs', Math.abs],
      ['sign', Math.sign],
      ['relu', (x) => Math.max(x, 0)],
      ['floor', (x) => x],
      ['round', (x) => x],
      ['clamp', (x) => Math.min(Math.max(x, -2), 3), { min: -2, max: 3 }],
      ['clamp', (x) => Math.max(x, 0), { min: -0.5 }],
      ['powScalar', (x) => x ** 2, { exponent: 2 }],
      ['powScalar', (x) => x ** 3, { exponent: 3 }],
      ['sqrt', (x) => Math.trunc(Math.sqrt(x))],
    ];
    for (const [op, ref, extra] of cases) {
      const input = op === 'sqrt' ? xs.filter((x) => x >= 0) : xs;
      const got = await run(be, 'unary', [i32(input, [input.length])], { shape: [input.length], dtype: 'int32' }, { op, ...extra });
      assert.deepEqual(got, input.map(ref).map((v) => v + 0), `int32 ${op}`);
    }
  });

  await t.test('cast truncates toward zero', async () => {
    const xs = [-2.7, -0.5, 0.5, 2.9, 1e6, -3];
    assert.deepEqual(await run(be, 'cast', [f32(xs, [2, 3])], { shape: [2, 3], dtype: 'int32' }, {}), [-2, 0, 0, 2, 1000000, -3]);
    assert.deepEqual(await run(be, 'cast', [i32([-5, 0, 7], [3])], { shape: [3], dtype: 'float32' }, {}), [-5, 0, 7]);
    assert.deepEqual(await run(be, 'cast', [f32([1.25], [])], { shape: [], dtype: 'float32' }, {}), [1.25]);
  });

  const binaryRef: Record<BinaryOp, (a: number, b: number) => number> = {
    add: (a, b) => a + b,
    sub: (a, b) => a - b,
    mul: (a, b) => a * b,
    div: (a, b) => a / b,
    pow: (a, b) => a ** b,
    maximum: Math.max,
    minimum: Math.min,
    eq: (a, b) => +(a === b),
    ne: (a, b) => +(a !== b),
    lt: (a, b) => +(a < b),
    le: (a, b) => +(a <= b),
    gt: (a, b) => +(a > b),
    ge: (a, b) => +(a >= b),
  };

  async function checkBinary(op: BinaryOp, a: Host, b: Host, outShape: number[], outDtype: DType, label: string) {
    const got = await run(be, 'binary', [a, b], { shape: outShape, dtype: outDtype }, { op });
    const want = Array.from({ length: size(outShape) }, (_, i) => {
      const c = coords(i, outShape);
      return binaryRef[op](broadcastAt(a, c), broadcastAt(b, c));
    });
    if (outDtype === 'int32') assert.deepEqual(got, want, label);
    else assertClose(got, want, label);
  }

  await t.test('binary with broadcasting', async () => {
    const a = f32(rand(6, -3, 3).map((v, i) => (i === 2 ? 0.5 : v)), [2, 1, 3]);
    const b = f32(rand(4, 0.5, 2).map((v, i) => (i === 1 ? 0.5 : v)), [4, 1]);
    for (const op of Object.keys(binaryRef) as BinaryOp[]) {
      if (op === 'pow') continue;
      await checkBinary(op, a, b, [2, 4, 3], 'float32', `${op} [2,1,3]x[4,1]`);
      await checkBinary(op, b, a, [2, 4, 3], 'float32', `${op} [4,1]x[2,1,3]`);
    }
    const same = [f32(rand(24), [2, 3, 4]), f32(rand(24), [2, 3, 4])] as const;
    await checkBinary('mul', same[0], same[1], [2, 3, 4], 'float32', 'same-shape mul');
    await checkBinary('add', f32([2], []), f32([3], []), [], 'float32', 'rank-0 add');
    await checkBinary('sub', f32(rand(5), [5, 1, 1]), f32([1.5], []), [5, 1, 1], 'float32', 'scalar sub');
    const mid = f32(rand(3), [1, 3, 1]);
    await checkBinary('add', f32(rand(24), [2, 3, 4]), mid, [2, 3, 4], 'float32', 'middle broadcast');
    // pow with negative bases and integer exponents behaves like C pow.
    await checkBinary('pow', f32([-2, -2, 2, 3, 0, 4, -1.5, 9], [8]), f32([2, 3, 0.5, -1, 2, 0.5, 0, 0.5], [8]), [8], 'float32', 'pow');
    await checkBinary('pow', f32([-2, 2, 3], [3, 1]), f32([2, 3], [2]), [3, 2], 'float32', 'pow broadcast');
    await checkBinary('lt', f32([1, 2, 3], [3]), f32([2], [1]), [3], 'int32', 'comparison into int32');
  });

  await t.test('binary int32', async () => {
    const a = i32([-7, -3, 0, 4, 5, 9], [2, 3]);
    const b = i32([2, -3, 4], [3]);
    for (const op of ['add', 'sub', 'mul', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'] as BinaryOp[]) {
      await checkBinary(op, a, b, [2, 3], 'int32', `int32 ${op}`);
    }
    await checkBinary('pow', i32([-2, 3, 5, 2], [4]), i32([3, 2, 0, 10], [4]), [4], 'int32', 'int32 pow');
    await checkBinary('ge', a, i32([0], []), [2, 3], 'float32', 'int32 compare into float32');
  });

  await t.test('where broadcasts all three inputs', async () => {
    const cond = f32([1, 0], [2, 1]);
    const a = f32([1, 2, 3], [1, 3]);
    const b = f32([-1], []);
    assert.deepEqual(await run(be, 'where', [cond, a, b], { shape: [2, 3], dtype: 'float32' }, {}), [1, 2, 3, -1, -1, -1]);
    const ci = i32([0, 3, 0, -1], [4]);
    assert.deepEqual(
      await run(be, 'where', [ci, i32([1, 2, 3, 4], [4]), i32([9, 9, 9, 9], [4])], { shape: [4], dtype: 'int32' }, {}),
      [9, 2, 9, 4],
    );
  });

  function reduceRef(h: Host, axes: readonly number[], op: 'sum' | 'max' | 'min'): { shape: number[]; data: number[] } {
    const shape = h.shape.map((s, d) => (axes.includes(d) ? 1 : s));
    const init = op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity;
    const data = new Array<number>(size(shape)).fill(init);
    h.data.forEach((v, i) => {
      const o = flat(coords(i, h.shape).map((c, d) => (axes.includes(d) ? 0 : c)), shape);
      data[o] = op === 'sum' ? data[o] + v : op === 'max' ? Math.max(data[o], v) : Math.min(data[o], v);
    });
    return { shape, data };
  }

  await t.test('reduce over several axes, small and large', async () => {
    const cases: [Host, number[]][] = [
      [f32(rand(60), [3, 4, 5]), [0, 2]],
      [f32(rand(60), [3, 4, 5]), [1]],
      [f32(rand(60), [3, 4, 5]), [0, 1, 2]],
      [f32(rand(60), [3, 4, 5]), []],
      [f32(rand(60), [3, 4, 5]), [-1]],
      [f32(rand(3000), [3, 1000]), [1]], // one workgroup per output
      [f32(rand(3000), [1000, 3]), [0]], // strided tree reduction
      [f32(rand(2 * 300 * 3), [2, 300, 3]), [0, 2]],
      [f32([4], []), []],
    ];
    for (const [x, axes] of cases) {
      for (const op of ['sum', 'max', 'min'] as const) {
        const norm = axes.map((a) => (a < 0 ? a + x.shape.length : a));
        const want = reduceRef(x, norm, op);
        const got = await run(be, 'reduce', [x], { shape: want.shape, dtype: 'float32' }, { op, axes });
        assertClose(got, want.data, `${op} over [${axes}] of [${x.shape}]`);
      }
    }
    const xi = i32(randInt(24, -50, 50), [2, 3, 4]);
    for (const op of ['sum', 'max', 'min'] as const) {
      const want = reduceRef(xi, [1], op);
      assert.deepEqual(await run(be, 'reduce', [xi], { shape: want.shape, dtype: 'int32' }, { op, axes: [1] }), want.data);
    }
    const big = i32(randInt(2000, -1000, 1000), [2000]);
    assert.deepEqual(
      await run(be, 'reduce', [big], { shape: [1], dtype: 'int32' }, { op: 'sum', axes: [0] }),
      reduceRef(big, [0], 'sum').data,
    );
  });

  await t.test('argReduce: first extreme wins ties', async () => {
    const x = f32([1, 3, 3, 2, 5, 5, 1, 0, 0, 0, 0, 0], [3, 4]);
    assert.deepEqual(await run(be, 'argReduce', [x], { shape: [3, 1], dtype: 'int32' }, { op: 'argmax', axis: 1 }), [1, 0, 0]);
    assert.deepEqual(await run(be, 'argReduce', [x], { shape: [3, 1], dtype: 'int32' }, { op: 'argmin', axis: 1 }), [0, 3, 0]);
    assert.deepEqual(await run(be, 'argReduce', [x], { shape: [1, 4], dtype: 'int32' }, { op: 'argmax', axis: 0 }), [1, 1, 0, 0]);
    assert.deepEqual(await run(be, 'argReduce', [x], { shape: [1, 4], dtype: 'int32' }, { op: 'argmin', axis: -2 }), [2, 2, 2, 1]);
    const xi = i32([4, -1, 7, 7, -1, 2], [2, 3]);
    assert.deepEqual(await run(be, 'argReduce', [xi], { shape: [2, 1], dtype: 'int32' }, { op: 'argmax', axis: 1 }), [2, 0]);
    assert.deepEqual(await run(be, 'argReduce', [xi], { shape: [2, 1], dtype: 'int32' }, { op: 'argmin', axis: 1 }), [1, 1]);
  });

  function matmulRef(a: Host, b: Host, transA: boolean, transB: boolean) {
    const [ba, a1, a2] = a.shape;
    const [bb, b1, b2] = b.shape;
    const [M, K] = transA ? [a2, a1] : [a1, a2];
    const N = transB ? b1 : b2;
    const B = Math.max(ba, bb);
    const out: number[] = [];
    for (let n = 0; n < B; n++) {
      const ao = ba === 1 ? 0 : n * M * K;
      const bo = bb === 1 ? 0 : n * K * N;
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let k = 0; k < K; k++) {
            s += a.data[ao + (transA ? k * M + i : i * K + k)] * b.data[bo + (transB ? j * K + k : k * N + j)];
          }
          out.push(s);
        }
      }
    }
    return { shape: [B, M, N], data: out };
  }

  await t.test('matmul: tiles, transposes, batch broadcast, odd sizes', async () => {
    const shapes: [number, number, number, number, number][] = [
      // [batchA, batchB, M, K, N]
      [2, 2, 5, 7, 3],
      [1, 3, 67, 33, 70],
      [2, 1, 1, 20, 65],
      [1, 1, 65, 17, 1],
      [1, 1, 1, 1, 1],
      [1, 1, 3, 1, 4],
      [1, 1, 64, 64, 64],
      [1, 1, 2, 0, 3],
    ];
    for (const [batchA, batchB, M, K, N] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = f32(rand(batchA * M * K), [batchA, transA ? K : M, transA ? M : K]);
          const b = f32(rand(batchB * K * N), [batchB, transB ? N : K, transB ? K : N]);
          const want = matmulRef(a, b, transA, transB);
          const got = await run(be, 'matmul', [a, b], { shape: want.shape, dtype: 'float32' }, { transA, transB });
          assertClose(got, want.data, `matmul ${[batchA, batchB, M, K, N]} tA=${transA} tB=${transB}`, MATMUL_TOL);
        }
      }
    }
    const a2 = f32(rand(6), [2, 3]);
    const b2 = f32(rand(12), [3, 4]);
    const want2 = matmulRef(f32(a2.data, [1, 2, 3]), f32(b2.data, [1, 3, 4]), false, false);
    assertClose(await run(be, 'matmul', [a2, b2], { shape: [2, 4], dtype: 'float32' }, { transA: false, transB: false }), want2.data, '2-d matmul', MATMUL_TOL);
    const ai = i32(randInt(12, -5, 5), [1, 3, 4]);
    const bi = i32(randInt(20, -5, 5), [1, 4, 5]);
    assert.deepEqual(
      await run(be, 'matmul', [ai, bi], { shape: [1, 3, 5], dtype: 'int32' }, { transA: false, transB: false }),
      matmulRef(ai, bi, false, false).data,
    );
  });

  async function checkStrided(x: Host, shape: number[], st: number[], offset: number, label: string) {
    const got = await run(be, 'strided', [x], { shape, dtype: x.dtype ?? 'float32' }, { strides: st, offset });
    const want = Array.from({ length: size(shape) }, (_, i) => x.data[coords(i, shape).reduce((acc, c, d) => acc + c * st[d], offset)]);
    assert.deepEqual(got, want, label);
  }

  await t.test('strided: permute, negative and zero strides, offsets', async () => {
    const x = f32(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    await checkStrided(x, [4, 3, 2], [1, 4, 12], 0, 'permute');
    await checkStrided(x, [2, 3, 4], [12, 4, -1], 3, 'flip last');
    await checkStrided(x, [2, 3, 4], [-12, -4, -1], 23, 'flip all');
    await checkStrided(f32([1, 2, 3], [3]), [2, 3], [0, 1], 0, 'expand');
    await checkStrided(f32([5], [1]), [2, 2], [0, 0], 0, 'expand scalar');
    await checkStrided(x, [2, 2], [12, 1], 5, 'slice with offset');
    await checkStrided(x, [3], [4], 1, 'column');
    await checkStrided(x, [], [], 7, 'rank-0');
    await checkStrided(i32(Array.from({ length: 6 }, (_, i) => 5 - 2 * i), [2, 3]), [3, 2], [1, 3], 0, 'int32 transpose');
  });

  await t.test('concat of several inputs', async () => {
    const parts = [f32(rand(6), [2, 1, 3]), f32(rand(12), [2, 2, 3]), f32([], [2, 0, 3]), f32(rand(18), [2, 3, 3])];
    const got = await run(be, 'concat', parts, { shape: [2, 6, 3], dtype: 'float32' }, { axis: 1 });
    const want: number[] = [];
    for (let o = 0; o < 2; o++) for (const p of parts) want.push(...p.data.slice(o * p.shape[1] * 3, (o + 1) * p.shape[1] * 3));
    assert.deepEqual(got, want);
    const ints = [i32([1, 2], [1, 2]), i32([3, 4, 5, 6], [2, 2]), i32([7, 8], [1, 2])];
    assert.deepEqual(await run(be, 'concat', ints, { shape: [4, 2], dtype: 'int32' }, { axis: 0 }), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(await run(be, 'concat', ints.slice(0, 1).concat(ints.slice(2)), { shape: [1, 4], dtype: 'int32' }, { axis: -1 }), [1, 2, 7, 8]);
  });

  await t.test('padConstant', async () => {
    const x = f32([1, 2, 3, 4, 5, 6], [2, 3]);
    assert.deepEqual(await run(be, 'padConstant', [x], { shape: [3, 5], dtype: 'float32' }, { before: [1, 0], after: [0, 2], value: -1 }), [
      -1, -1, -1, -1, -1, 1, 2, 3, -1, -1, 4, 5, 6, -1, -1,
    ]);
    const xi = i32([1, 2], [1, 1, 2]);
    assert.deepEqual(await run(be, 'padConstant', [xi], { shape: [1, 2, 4], dtype: 'int32' }, { before: [0, 1, 1], after: [0, 0, 1], value: 7 }), [
      7, 7, 7, 7, 7, 1, 2, 7,
    ]);
  });

  await t.test('gather with repeated and negative indices', async () => {
    const x = f32(Array.from({ length: 12 }, (_, i) => i * 1.5), [3, 4]);
    const idx1 = i32([0, 0, 3, -1, 2, 1], [3, 2]);
    assert.deepEqual(await run(be, 'gather', [x, idx1], { shape: [3, 2], dtype: 'float32' }, { axis: 1 }), [0, 0, 10.5, 10.5, 15, 13.5]);
    const idx0 = i32([2, 0, 1, 2, 2, 2, 0, 0], [2, 4]);
    assert.deepEqual(await run(be, 'gather', [x, idx0], { shape: [2, 4], dtype: 'float32' }, { axis: 0 }), [12, 1.5, 9, 16.5, 12, 13.5, 3, 4.5]);
    const xi = i32([10, 20, 30], [3]);
    assert.deepEqual(await run(be, 'gather', [xi, i32([2, 2, 0, 1], [4])], { shape: [4], dtype: 'int32' }, { axis: 0 }), [30, 30, 10, 20]);
  });

  function scatterAddRef(x: Host, index: Host, src: Host, axis: number): number[] {
    const out = [...x.data];
    index.data.forEach((t, i) => {
      const c = coords(i, index.shape);
      const target = c.map((v, d) => (d === axis ? (t < 0 ? t + x.shape[axis] : t) : v));
      out[flat(target, x.shape)] += src.data[flat(c, src.shape)];
    });
    return out;
  }

  await t.test('scatterAdd with repeated indices', async () => {
    const x = f32(rand(15), [3, 5]);
    const src = f32(rand(10), [2, 5]);
    const index = i32([0, 2, 2, 1, 0, 2, 2, 0, -2, 0], [2, 5]);
    assertClose(await run(be, 'scatterAdd', [x, index, src], { shape: [3, 5], dtype: 'float32' }, { axis: 0 }), scatterAddRef(x, index, src, 0), 'axis 0');
    const small = i32([4, 4, 0, 1, 1, 1], [2, 3]);
    assertClose(await run(be, 'scatterAdd', [x, small, src], { shape: [3, 5], dtype: 'float32' }, { axis: 1 }), scatterAddRef(x, small, src, 1), 'axis 1, index smaller than src');
    const xi = i32([0, 0, 0, 0], [4]);
    const srci = i32([1, 2, 3, 4, 5], [5]);
    const idxi = i32([3, 3, 0, 3, 1], [5]);
    assert.deepEqual(await run(be, 'scatterAdd', [xi, idxi, srci], { shape: [4], dtype: 'int32' }, { axis: 0 }), [3, 5, 0, 7]);
  });

  await t.test('indexSelect with repeated and negative indices', async () => {
    const x = f32(Array.from({ length: 12 }, (_, i) => i), [4, 3]);
    assert.deepEqual(await run(be, 'indexSelect', [x, i32([2, 0, 2, -1], [4])], { shape: [4, 3], dtype: 'float32' }, { axis: 0 }), [
      6, 7, 8, 0, 1, 2, 6, 7, 8, 9, 10, 11,
    ]);
    assert.deepEqual(await run(be, 'indexSelect', [x, i32([1, 1], [2])], { shape: [4, 2], dtype: 'float32' }, { axis: 1 }), [
      1, 1, 4, 4, 7, 7, 10, 10,
    ]);
    assert.deepEqual(await run(be, 'indexSelect', [i32([5, 6, 7], [3]), i32([2, 2], [2])], { shape: [2], dtype: 'int32' }, { axis: 0 }), [7, 7]);
  });

  await t.test('indexAdd with repeated indices', async () => {
    const x = f32(rand(15), [5, 3]);
    const src = f32(rand(12), [4, 3]);
    const index = [0, 2, 0, 4];
    const want = [...x.data];
    index.forEach((t, j) => {
      for (let c = 0; c < 3; c++) want[t * 3 + c] += src.data[j * 3 + c];
    });
    assertClose(await run(be, 'indexAdd', [x, i32(index, [4]), src], { shape: [5, 3], dtype: 'float32' }, { axis: 0 }), want, 'axis 0');
    const x1 = i32([0, 0, 0, 0, 0, 0, 0, 0], [2, 4]);
    const src1 = i32([1, 2, 3, 4, 5, 6], [2, 3]);
    assert.deepEqual(await run(be, 'indexAdd', [x1, i32([1, 1, -1], [3]), src1], { shape: [2, 4], dtype: 'int32' }, { axis: 1 }), [
      0, 3, 0, 3, 0, 9, 0, 6,
    ]);
  });

  await t.test('zero-size outputs', async () => {
    assert.deepEqual(await run(be, 'unary', [f32([], [0, 3])], { shape: [0, 3], dtype: 'float32' }, { op: 'exp' }), []);
    assert.deepEqual(await run(be, 'binary', [f32([], [0]), f32([1], [1])], { shape: [0], dtype: 'float32' }, { op: 'add' }), []);
    assert.deepEqual(await run(be, 'reduce', [f32([], [0, 2])], { shape: [1, 2], dtype: 'float32' }, { op: 'sum', axes: [0] }), [0, 0]);
  });

  await t.test('long batches flush and recycle buffers', async () => {
    let acc = be.upload(Float32Array.from([0, 1]), 'float32');
    const one = be.upload(Float32Array.from([1]), 'float32');
    for (let k = 0; k < 200; k++) {
      const next = be.kernels.binary(
        [
          { data: acc, shape: [2], dtype: 'float32' },
          { data: one, shape: [1], dtype: 'float32' },
        ],
        { shape: [2], dtype: 'float32' },
        { op: 'add' },
      );
      be.release(acc);
      acc = next;
    }
    assert.deepEqual(Array.from(await be.read(acc, 'float32', 2)), [200, 201]);
    assert.ok(be.memory().pooledBuffers < 100, 'released intermediates are reused');
    be.release(acc);
    be.release(one);
  });

  await t.test('a buffer freed while a batch still reads it is not reused before the batch runs', async () => {
    const x = be.upload(Float32Array.from([1, 2, 3, 4]), 'float32');
    const y = be.kernels.unary([{ data: x, shape: [4], dtype: 'float32' }], { shape: [4], dtype: 'float32' }, { op: 'neg' });
    be.release(x);
    // Same size bucket as x: were x's buffer handed out now, this upload would overwrite it before `neg` ran.
    const z = be.upload(Float32Array.from([9, 9, 9, 9]), 'float32');
    assert.deepEqual(Array.from(await be.read(y, 'float32', 4)), [-1, -2, -3, -4]);
    assert.deepEqual(Array.from(await be.read(z, 'float32', 4)), [9, 9, 9, 9]);
    be.release(y);
    be.release(z);
  });

  await t.test('a dispatch past 65,535 workgroups', async () => {
    const n = 256 * 70000;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = i % 1000;
    const id = be.upload(x, 'float32');
    const out = be.kernels.unary([{ data: id, shape: [n], dtype: 'float32' }], { shape: [n], dtype: 'float32' }, { op: 'neg' });
    const got = await be.read(out, 'float32', n);
    be.release(id);
    be.release(out);
    for (let i = 0; i < n; i++) {
      if (got[i] !== -(i % 1000)) assert.fail(`element ${i}: got ${got[i]}, want ${-(i % 1000)}`);
    }
  });
});
