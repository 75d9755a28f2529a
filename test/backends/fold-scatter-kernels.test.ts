// The `fold` (col2im) kernel on both backends against a direct sum over taps, and the webgpu atomic
// `scatterAdd` / `indexAdd` against the cpu kernels with heavily repeated indices, including sizes (200k entries
// into 1k slots) that the former one-invocation-per-output loops made quadratic.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, type Backend } from '../../src/index.js';
import type { KernelAttrs, KernelName, OutputSpec } from '../../src/backends/kernels.js';
import type { DType, TypedArray } from '../../src/backends/types.js';
import { Generator } from '../../src/tensor/random.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

interface HostTensor {
  readonly values: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

async function runKernel<K extends KernelName>(be: Backend, kernel: K, inputs: readonly HostTensor[], output: OutputSpec, attrs: KernelAttrs[K]): Promise<TypedArray> {
  const infos = inputs.map((h) => ({ data: be.upload(h.values, h.dtype), shape: h.shape, dtype: h.dtype }));
  const out = be.kernels[kernel](infos, output, attrs);
  const values = await be.read(out, output.dtype, sizeOf(output.shape));
  for (const t of infos) be.release(t.data);
  be.release(out);
  return values;
}

function floats(gen: Generator, shape: readonly number[], dtype: 'float32' | 'float64'): HostTensor {
  const values = dtype === 'float32' ? new Float32Array(sizeOf(shape)) : new Float64Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = gen.uniform() * 2 - 1;
  return { values, shape, dtype };
}

function ints(gen: Generator, shape: readonly number[], lo: number, hi: number): HostTensor {
  const values = new Int32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = lo + Math.floor(gen.uniform() * (hi - lo));
  return { values, shape, dtype: 'int32' };
}

interface FoldCase {
  readonly cols: readonly number[];
  readonly size: readonly number[];
  readonly attrs: KernelAttrs['fold'];
}

/** out[p] = sum over taps k and windows o with k * dil + o * stride - origin = p, looped directly. */
function foldReference(cols: HostTensor, c: FoldCase): Float64Array {
  const d = c.size.length;
  const { kernel, stride, dilation, origin } = c.attrs;
  const counts = cols.shape.slice(2 + d);
  const planes = cols.shape[0] * cols.shape[1];
  const taps = sizeOf(kernel);
  const windows = sizeOf(counts);
  const plane = sizeOf(c.size);
  const out = new Float64Array(planes * plane);
  for (let p = 0; p < planes; p++) {
    for (let t = 0; t < taps; t++) {
      for (let w = 0; w < windows; w++) {
        let pos = 0;
        let inside = true;
        for (let i = 0, tt = t, ww = w, tapDiv = taps, winDiv = windows, posMul = plane; i < d; i++) {
          tapDiv /= kernel[i];
          winDiv /= counts[i];
          posMul /= c.size[i];
          const k = Math.floor(tt / tapDiv);
          const o = Math.floor(ww / winDiv);
          tt %= tapDiv;
          ww %= winDiv;
          const q = k * dilation[i] + o * stride[i] - origin[i];
          if (q < 0 || q >= c.size[i]) inside = false;
          pos += q * posMul;
        }
        if (inside) out[p * plane + pos] += cols.values[(p * taps + t) * windows + w];
      }
    }
  }
  return out;
}

/** Random geometries in 1-3 dims, with output sizes and origins that crop or pad the windows' extent. */
function foldCases(gen: Generator, count: number): FoldCase[] {
  const int = (lo: number, hi: number): number => lo + Math.floor(gen.uniform() * (hi - lo + 1));
  return Array.from({ length: count }, () => {
    const d = int(1, 3);
    const kernel = Array.from({ length: d }, () => int(1, 3));
    const stride = Array.from({ length: d }, () => int(1, 3));
    const dilation = Array.from({ length: d }, () => int(1, 2));
    const counts = Array.from({ length: d }, () => int(1, 4));
    const origin = Array.from({ length: d }, () => int(0, 2));
    const size = counts.map((o, i) => Math.max(1, (o - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1 - origin[i] + int(-1, 1)));
    return { cols: [int(1, 2), int(1, 3), ...kernel, ...counts], size, attrs: { kernel, stride, dilation, origin } };
  });
}

test('fold [cpu float64] matches a direct sum over taps', async () => {
  const cpu = getBackend('cpu');
  const gen = new Generator(3);
  for (const c of foldCases(gen, 60)) {
    const cols = floats(gen, c.cols, 'float64');
    const out = await runKernel(cpu, 'fold', [cols], { shape: [c.cols[0], c.cols[1], ...c.size], dtype: 'float64' }, c.attrs);
    assertClose(out, foldReference(cols, c), TOL.handComputed64, `fold ${JSON.stringify(c)}`);
  }
});

test('fold [webgpu float32 vs cpu float32], including a 3x3 col2im of [2, 8, 64, 96]', async (t) => {
  const gpu = await webgpuOrSkip(t);
  if (!gpu) return;
  const cpu = getBackend('cpu');
  const gen = new Generator(5);
  const big: FoldCase = { cols: [2, 8, 3, 3, 64, 96], size: [66, 98], attrs: { kernel: [3, 3], stride: [1, 1], dilation: [1, 1], origin: [0, 0] } };
  const strided: FoldCase = { cols: [1, 4, 4, 4, 31, 17], size: [62, 34], attrs: { kernel: [4, 4], stride: [2, 2], dilation: [1, 1], origin: [1, 1] } };
  for (const c of [...foldCases(gen, 30), big, strided]) {
    const cols = floats(gen, c.cols, 'float32');
    const output: OutputSpec = { shape: [c.cols[0], c.cols[1], ...c.size], dtype: 'float32' };
    const want = await runKernel(cpu, 'fold', [cols], output, c.attrs);
    assertClose(await runKernel(gpu, 'fold', [cols], output, c.attrs), want, TOL.webgpuKernel, `fold ${JSON.stringify(c)}`);
  }
  const c = foldCases(gen, 1)[0];
  const colsInt = ints(gen, c.cols, -50, 50);
  const output: OutputSpec = { shape: [c.cols[0], c.cols[1], ...c.size], dtype: 'int32' };
  assert.deepEqual(await runKernel(gpu, 'fold', [colsInt], output, c.attrs), await runKernel(cpu, 'fold', [colsInt], output, c.attrs));
});

test('scatterAdd [webgpu vs cpu] with heavily repeated and negative indices', async (t) => {
  const gpu = await webgpuOrSkip(t);
  if (!gpu) return;
  const cpu = getBackend('cpu');
  const gen = new Generator(9);
  // [x shape, index shape, axis]: the index may be smaller than x off the axis; src has the index's shape (the
  // op narrows a larger src before the kernel).
  const cases: [number[], number[], number][] = [
    [[4, 6], [300, 6], 0],
    [[5, 7, 3], [5, 200, 2], 1],
    [[3, 4, 8], [2, 4, 500], 2],
    [[1000], [200_000], 0],
  ];
  for (const [xShape, indexShape, axis] of cases) {
    const srcShape = indexShape;
    const n = xShape[axis];
    const index = ints(gen, indexShape, -n, n);
    const label = `scatterAdd x [${xShape}] index [${indexShape}] axis ${axis}`;
    const x64 = floats(gen, xShape, 'float64');
    const src64 = floats(gen, srcShape, 'float64');
    const want = await runKernel(cpu, 'scatterAdd', [x64, index, src64], { shape: xShape, dtype: 'float64' }, { axis });
    const x32 = { ...x64, values: Float32Array.from(x64.values), dtype: 'float32' as const };
    const src32 = { ...src64, values: Float32Array.from(src64.values), dtype: 'float32' as const };
    const got = await runKernel(gpu, 'scatterAdd', [x32, index, src32], { shape: xShape, dtype: 'float32' }, { axis });
    assertClose(got, want, TOL.webgpuAtomicSum, label);
    const xi = ints(gen, xShape, -100, 100);
    const srci = ints(gen, srcShape, -100, 100);
    const wantInt = await runKernel(cpu, 'scatterAdd', [xi, index, srci], { shape: xShape, dtype: 'int32' }, { axis });
    assert.deepEqual(await runKernel(gpu, 'scatterAdd', [xi, index, srci], { shape: xShape, dtype: 'int32' }, { axis }), wantInt, `${label} int32`);
  }
});

test('indexAdd [webgpu vs cpu] with heavily repeated and negative indices', async (t) => {
  const gpu = await webgpuOrSkip(t);
  if (!gpu) return;
  const cpu = getBackend('cpu');
  const gen = new Generator(10);
  // [x shape, index length, axis]; src is x's shape with the axis set to the index length.
  const cases: [number[], number, number][] = [
    [[4, 6], 300, 0],
    [[3, 7, 5], 400, 1],
    [[2, 3, 9], 250, 2],
    [[1000], 200_000, 0],
    [[1000, 4], 50_000, 0],
  ];
  for (const [xShape, m, axis] of cases) {
    const n = xShape[axis];
    const index = ints(gen, [m], -n, n);
    const srcShape = xShape.map((s, i) => (i === axis ? m : s));
    const label = `indexAdd x [${xShape}] index [${m}] axis ${axis}`;
    const x64 = floats(gen, xShape, 'float64');
    const src64 = floats(gen, srcShape, 'float64');
    const want = await runKernel(cpu, 'indexAdd', [x64, index, src64], { shape: xShape, dtype: 'float64' }, { axis });
    const x32 = { ...x64, values: Float32Array.from(x64.values), dtype: 'float32' as const };
    const src32 = { ...src64, values: Float32Array.from(src64.values), dtype: 'float32' as const };
    const got = await runKernel(gpu, 'indexAdd', [x32, index, src32], { shape: xShape, dtype: 'float32' }, { axis });
    assertClose(got, want, TOL.webgpuAtomicSum, label);
    const xi = ints(gen, xShape, -100, 100);
    const srci = ints(gen, srcShape, -100, 100);
    const wantInt = await runKernel(cpu, 'indexAdd', [xi, index, srci], { shape: xShape, dtype: 'int32' }, { axis });
    assert.deepEqual(await runKernel(gpu, 'indexAdd', [xi, index, srci], { shape: xShape, dtype: 'int32' }, { axis }), wantInt, `${label} int32`);
  }
});
