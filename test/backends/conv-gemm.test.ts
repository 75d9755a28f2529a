// The float32 convolution passes on the SIMD GEMM (src/backends/cpu/gemm/conv-gemm.ts): its packers against
// im2col + packPanels and its per-channel col2im against col2im, on random geometries and panel ranges; the three
// passes against the float64 kernels (im2col + matmul) on random geometries (stride 1 among them, where the
// forward pass reads B in place through the kernel's offsets table), split across two threads (which must not
// change a bit, also after the memory grows under running workers), with batches cut into several jobs (no bit
// may change either), and on the TypeScript panel kernel when SIMD is off.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getBackend } from '../../src/index.js';
import type { Conv2dAttrs } from '../../src/backends/kernels.js';
import { simdConv2d, simdConv2dBackwardFilter, simdConv2dBackwardInput } from '../../src/backends/cpu/gemm/conv-gemm.js';
import type { ConvShape } from '../../src/backends/cpu/gemm/conv-layout.js';
import { col2imChannel, packImageColumns, packImageTaps } from '../../src/backends/cpu/gemm/conv-packing.js';
import { packPanels } from '../../src/backends/cpu/gemm/packing.js';
import { SIMD_MIN_MACS, configureCpuGemm } from '../../src/backends/cpu/gemm/simd-gemm.js';
import { type ColumnGeometry, col2im, convShape, im2col } from '../../src/backends/cpu/kernels/conv2d-columns.js';
import { gemmThreadPoolFactory } from '../../src/node/gemm-thread-pool.js';
import { runKernel } from '../../src/ops/dispatch.js';
import { Generator } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { TOL, assertClose } from '../support/tolerances.js';

interface Case {
  readonly batch: number;
  readonly g: ColumnGeometry;
  readonly s: ConvShape;
}

function makeCase(batch: number, channels: number, outChannels: number, size: readonly [number, number], kernel: readonly [number, number], attrs: Conv2dAttrs, after: readonly [number, number]): Case {
  const out = [0, 1].map((i) => Math.max(1, Math.floor((size[i] + attrs.padding[i] + after[i] - attrs.dilation[i] * (kernel[i] - 1) - 1) / attrs.stride[i]) + 1));
  const g: ColumnGeometry = { channels, height: size[0], width: size[1], rows: out[0], cols: out[1], kh: kernel[0], kw: kernel[1], attrs };
  return { batch, g, s: convShape(g, outChannels) };
}

/**
 * Groups 1-3, kernels up to 4, strides and dilations 1-3 (stride 1 where `strideOne`: the forward pass then reads
 * the padded image in place), padding up to 3 before and after (windows overhang).
 */
function randomCase(gen: Generator, strideOne = false): Case {
  const int = (lo: number, hi: number): number => lo + Math.floor(gen.uniform() * (hi - lo + 1));
  const groups = int(1, 3);
  const kernel = [int(1, 4), int(1, 4)] as const;
  const attrs: Conv2dAttrs = { stride: strideOne ? [1, 1] : [int(1, 3), int(1, 3)], dilation: [int(1, 3), int(1, 3)], padding: [int(0, 3), int(0, 3)], groups };
  const size = [0, 1].map((i) => Math.max(1, attrs.dilation[i] * (kernel[i] - 1) + 1 - 2 * attrs.padding[i] + int(0, 14))) as [number, number];
  return makeCase(int(1, 3), groups * int(1, 6), groups * int(2, 7), size, kernel, attrs, [int(0, 3), int(0, 3)]);
}

/** A random case with enough work that the SIMD passes take it. */
function drawCase(gen: Generator, strideOne = false): Case {
  for (;;) {
    const c = randomCase(gen, strideOne);
    if (c.batch * c.s.outChannels * taps(c.s) * c.s.rows * c.s.cols >= SIMD_MIN_MACS) return c;
  }
}

const fill = (gen: Generator, n: number): Float32Array => Float32Array.from({ length: n }, () => gen.uniform() * 2 - 1);
const taps = (s: ConvShape): number => (s.channels / s.groups) * s.kh * s.kw;

test('conv packers: packImageColumns and packImageTaps equal im2col + packPanels; col2imChannel equals col2im', () => {
  const gen = new Generator(31);
  const int = (lo: number, hi: number): number => lo + Math.floor(gen.uniform() * (hi - lo + 1));
  for (let trial = 0; trial < 150; trial++) {
    const { g, s } = randomCase(gen);
    const T = taps(s);
    const P = s.rows * s.cols;
    const image = fill(gen, s.channels * s.height * s.width);
    const group = int(0, s.groups - 1);
    const groupAt = group * (s.channels / s.groups) * s.height * s.width;
    const columns = new Float32Array(s.channels * s.kh * s.kw * P);
    im2col(image, 0, g, columns);
    const columnsView = (rowStride: number, colStride: number) => ({ values: columns, offset: group * T * P, rowStride, colStride });
    const label = JSON.stringify({ g, group });
    // Columns: positions [pos0, pos0 + count) x taps [tap0, tap0 + kc), panels of 8 positions.
    const [tap0, pos0] = [int(0, T - 1), int(0, P - 1)];
    const [kc, count] = [int(1, T - tap0), int(1, P - pos0)];
    const size = Math.ceil(count / 8) * 8 * kc;
    const [got, want] = [new Float32Array(size + 3).fill(7), new Float32Array(size + 3).fill(7)];
    packImageColumns(image, groupAt, s, tap0, kc, pos0, count, got, 3);
    packPanels(columnsView(1, P), pos0, count, tap0, kc, 8, want, 3);
    assert.deepEqual(got, want, `packImageColumns ${label} taps ${tap0}+${kc} positions ${pos0}+${count}`);
    // Taps: taps [tap0, tap0 + count) x positions [pos0, pos0 + kc), panels of 8 taps.
    const [tCount, pLen] = [int(1, T - tap0), int(1, P - pos0)];
    const tSize = Math.ceil(tCount / 8) * 8 * pLen;
    const [gotT, wantT] = [new Float32Array(tSize + 2).fill(7), new Float32Array(tSize + 2).fill(7)];
    packImageTaps(image, groupAt, s, tap0, tCount, pos0, pLen, gotT, 2);
    packPanels(columnsView(P, 1), tap0, tCount, pos0, pLen, 8, wantT, 2);
    assert.deepEqual(gotT, wantT, `packImageTaps ${label} taps ${tap0}+${tCount} positions ${pos0}+${pLen}`);
    // col2im: every channel alone, from columns whose rows are `ldc` apart, onto a plane that held garbage.
    const ldc = P + int(0, 9);
    const spaced = new Float32Array(s.channels * s.kh * s.kw * ldc);
    for (let r = 0; r < s.channels * s.kh * s.kw; r++) spaced.set(columns.subarray(r * P, (r + 1) * P), r * ldc);
    const want2 = new Float32Array(image.length);
    col2im(columns, g, want2, 0);
    const got2 = fill(gen, image.length);
    for (let c = 0; c < s.channels; c++) col2imChannel(spaced, c * s.kh * s.kw * ldc, ldc, s, got2, c * s.height * s.width);
    assert.deepEqual(got2, want2, `col2imChannel ${label}`);
  }
});

interface Passes {
  readonly y: Float32Array;
  readonly dx: Float32Array;
  readonly dw: Float32Array;
}

function operands(gen: Generator, c: Case): { x: Float32Array; w: Float32Array; dy: Float32Array } {
  const { s, batch } = c;
  return {
    x: fill(gen, batch * s.channels * s.height * s.width),
    w: fill(gen, s.outChannels * taps(s)),
    dy: fill(gen, batch * s.outChannels * s.rows * s.cols),
  };
}

/** The three passes on the SIMD GEMM (each must accept the case). */
function simdPasses(c: Case, o: ReturnType<typeof operands>): Passes {
  const { s, batch } = c;
  const y = new Float32Array(batch * s.outChannels * s.rows * s.cols);
  const dx = new Float32Array(batch * s.channels * s.height * s.width);
  const dw = new Float32Array(s.outChannels * taps(s));
  assert.equal(simdConv2d(o.x, o.w, y, s, batch), true, 'forward declined');
  assert.equal(simdConv2dBackwardInput(o.dy, o.w, dx, s, batch), true, 'input gradient declined');
  assert.equal(simdConv2dBackwardFilter(o.x, o.dy, dw, s, batch), true, 'filter gradient declined');
  return { y, dx, dw };
}

/** The float64 kernels (im2col + matmul) on the same values. */
function float64Passes(c: Case, o: ReturnType<typeof operands>): { y: ArrayLike<number>; dx: ArrayLike<number>; dw: ArrayLike<number> } {
  const { s, batch, g } = c;
  const cpu = getBackend('cpu');
  const xShape = [batch, s.channels, s.height, s.width];
  const wShape = [s.outChannels, s.channels / s.groups, s.kh, s.kw];
  const yShape = [batch, s.outChannels, s.rows, s.cols];
  const t = (v: Float32Array, shape: number[]): Tensor => Tensor.fromArray(Float64Array.from(v), shape, 'float64', cpu);
  const run = (name: 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardFilter', a: Tensor, b: Tensor, shape: number[]): ArrayLike<number> => {
    const out = runKernel('test', name, [a, b], shape, 'float64', g.attrs);
    const values = out.dataSync();
    [a, b, out].forEach((x) => x.dispose());
    return values;
  };
  return {
    y: run('conv2d', t(o.x, xShape), t(o.w, wShape), yShape),
    dx: run('conv2dBackwardInput', t(o.dy, yShape), t(o.w, wShape), xShape),
    dw: run('conv2dBackwardFilter', t(o.x, xShape), t(o.dy, yShape), wShape),
  };
}

function assertPassesClose(got: Passes, want: ReturnType<typeof float64Passes>, what: string): void {
  assertClose(got.y, want.y, TOL.float32Gemm, `forward ${what}`);
  assertClose(got.dx, want.dx, TOL.float32Gemm, `input gradient ${what}`);
  assertClose(got.dw, want.dw, TOL.float32Gemm, `filter gradient ${what}`);
}

/** Large enough to be split across threads, with groups, strides, dilation, overhanging windows and tail panels. */
const THREADED: Case[] = [
  makeCase(2, 12, 18, [21, 19], [3, 3], { stride: [1, 1], dilation: [1, 1], padding: [1, 1], groups: 1 }, [1, 1]),
  makeCase(3, 24, 36, [45, 37], [3, 2], { stride: [2, 1], dilation: [1, 2], padding: [1, 0], groups: 3 }, [2, 1]),
  makeCase(2, 40, 70, [40, 40], [3, 3], { stride: [1, 1], dilation: [1, 1], padding: [1, 1], groups: 1 }, [1, 1]),
  // The input gradient's columns alone take 21 MB: more than the initial 16 MiB of kernel memory.
  makeCase(4, 16, 8, [96, 96], [3, 3], { stride: [1, 1], dilation: [1, 1], padding: [1, 1], groups: 1 }, [1, 1]),
];

test('conv on the simd gemm: random geometries, half of them stride 1 (B read in place), match the float64 kernels', () => {
  configureCpuGemm({ simd: true });
  const gen = new Generator(32);
  for (let trial = 0; trial < 80; trial++) {
    const c = drawCase(gen, trial % 2 === 0);
    const o = operands(gen, c);
    assertPassesClose(simdPasses(c, o), float64Passes(c, o), JSON.stringify(c.g));
  }
});

test('conv on the simd gemm: two threads give bit-identical results, also after the memory grows', () => {
  const gen = new Generator(33);
  const cases = THREADED.map((c) => ({ c, o: operands(gen, c) }));
  configureCpuGemm({ simd: true });
  const single = cases.map(({ c, o }) => simdPasses(c, o));
  // Smallest first: later cases grow the memory the workers already hold.
  configureCpuGemm({ simd: true, createThreadPool: gemmThreadPoolFactory(2) });
  cases.forEach(({ c, o }, i) => {
    const threaded = simdPasses(c, o);
    assert.deepEqual(threaded, single[i], `threads changed the result of ${JSON.stringify(c.g)}`);
    assertPassesClose(threaded, float64Passes(c, o), `threaded ${JSON.stringify(c.g)}`);
  });
  configureCpuGemm({ simd: true });
});

test('conv on the simd gemm: a batch cut into one-image jobs gives bit-identical results', () => {
  const gen = new Generator(34);
  // Stride 1 (read in place) and not.
  for (const c of [THREADED[0], THREADED[1]]) {
    const o = operands(gen, c);
    configureCpuGemm({ simd: true, createThreadPool: gemmThreadPoolFactory(2) });
    const whole = simdPasses(c, o);
    configureCpuGemm({ simd: true, createThreadPool: gemmThreadPoolFactory(2), convChunkBytes: 1 });
    assert.deepEqual(simdPasses(c, o), whole, `chunking changed the result of ${JSON.stringify(c.g)}`);
  }
  configureCpuGemm({ simd: true });
});

test('conv without SIMD: the TypeScript panel kernel under threads matches float64; on one thread the passes decline', () => {
  const gen = new Generator(35);
  configureCpuGemm({ simd: false, createThreadPool: gemmThreadPoolFactory(2) });
  for (const c of [...THREADED, drawCase(gen), drawCase(gen, true)]) {
    const o = operands(gen, c);
    assertPassesClose(simdPasses(c, o), float64Passes(c, o), `typescript panel kernel ${JSON.stringify(c.g)}`);
  }
  configureCpuGemm({ simd: false });
  const c = THREADED[0];
  const o = operands(gen, c);
  assert.equal(simdConv2d(o.x, o.w, new Float32Array(c.batch * c.s.outChannels * c.s.rows * c.s.cols), c.s, c.batch), false);
  configureCpuGemm({ simd: true });
});

test('conv on the simd gemm: an Inf in one image row reaches exactly the filter-gradient taps it reaches in float64', () => {
  // No top padding: read in place, the last output row's discarded columns would reach into the next channel's
  // (or image's) first row, multiplying whatever is there by dy's zeros, were it not for a zero row between them.
  const c = makeCase(2, 3, 4, [6, 7], [3, 3], { stride: [1, 1], dilation: [1, 1], padding: [0, 0], groups: 1 }, [0, 0]);
  const o = operands(new Generator(35), c);
  const { height, width, channels } = c.s;
  for (const [image, channel] of [[0, 1], [1, 0], [1, 2]]) o.x[((image * channels + channel) * height) * width + 1] = Infinity;
  configureCpuGemm({ simd: true });
  const got = simdPasses(c, o).dw;
  const want = float64Passes(c, o).dw;
  for (let i = 0; i < want.length; i++) {
    if (Number.isFinite(want[i])) assert.ok(Math.abs(got[i] - want[i]) <= 1e-4 * (1 + Math.abs(want[i])), `dw[${i}] is ${got[i]}, float64 gives ${want[i]}`);
    else assert.ok(!Number.isFinite(got[i]), `dw[${i}] is ${got[i]}, float64 gives ${want[i]}`);
  }
});
