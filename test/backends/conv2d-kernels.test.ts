// The three conv2d kernels (forward, input gradient, filter gradient) called directly on both backends, against
// the composite they replace: zero padding, unfold, one batched matmul per channel group, and that composite's
// autograd gradients. Random geometries (groups 1-3, kernels up to 4, strides and dilations 1-3, unequal padding
// before and after so windows overhang the end, sizes that leave rows no window reaches), shapes that span
// several GEMM tiles and split the filter gradient's reduction, and one value worked by hand.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/index.js';
import type { Conv2dAttrs } from '../../src/backends/kernels.js';
import { runKernel } from '../../src/ops/dispatch.js';
import { Generator } from '../../src/tensor/random.js';
import { type ConvCase, checkConv2dCase } from '../support/conv-kernel-check.js';
import { TOL } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

function randomCases(gen: Generator, count: number): ConvCase[] {
  const int = (lo: number, hi: number): number => lo + Math.floor(gen.uniform() * (hi - lo + 1));
  return Array.from({ length: count }, () => {
    const groups = int(1, 3);
    const kernel = [int(1, 4), int(1, 4)] as const;
    const stride = [int(1, 3), int(1, 3)] as const;
    const dilation = [int(1, 3), int(1, 3)] as const;
    const padding = [int(0, 3), int(0, 3)] as const;
    const after = [int(0, 3), int(0, 3)] as const;
    const size = kernel.map((k, i) => Math.max(1, dilation[i] * (k - 1) + 1 - padding[i] - after[i] + int(0, 5)));
    return { x: [int(1, 2), groups * int(1, 4), size[0], size[1]], channelsOut: groups * int(1, 4), kernel, after, attrs: { stride, dilation, padding, groups } };
  });
}

const LARGE: ConvCase[] = [
  // Several 64 x 64 tiles in every GEMM, and a filter-gradient reduction long enough to split.
  { x: [2, 70, 23, 29], channelsOut: 66, kernel: [3, 3], after: [1, 1], attrs: { stride: [1, 1], dilation: [1, 1], padding: [1, 1], groups: 1 } },
  { x: [2, 12, 40, 31], channelsOut: 20, kernel: [3, 2], after: [0, 2], attrs: { stride: [2, 3], dilation: [2, 1], padding: [2, 0], groups: 2 } },
];

test('conv2d kernels [cpu float64] match pad + unfold + matmul and its gradients', async () => {
  const gen = new Generator(21);
  for (const c of [...randomCases(gen, 60), ...LARGE]) await checkConv2dCase(gen, c, 'cpu', TOL.reorderedSum64);
});

test('conv2d kernels [webgpu float32 vs cpu float64 composite] match pad + unfold + matmul and its gradients', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const gen = new Generator(23);
  for (const c of [...randomCases(gen, 30), ...LARGE]) await checkConv2dCase(gen, c, 'webgpu', TOL.webgpuConvReduction);
});

/**
 * By hand: x = [[1, 2, 3], [4, 5, 6]] (one channel), weight [[1, 0], [2, -1]], stride [1, 2], padding [0, 1]:
 * one window row, whose two windows start at input columns -1 (a padding zero) and 1.
 *   y  = [1*0 + 0*1 + 2*0 - 1*4, 1*2 + 0*3 + 2*5 - 1*6] = [-4, 6]
 * With dy = [1, 10], each tap adds weight * dy onto the input element it read:
 *   dx = [[0*1, 1*10, 0*10], [-1*1, 2*10, -1*10]] = [[0, 10, 0], [-1, 20, -10]]
 *   dw[a, b] = 1 * x[a, b - 1] + 10 * x[a, b + 1] = [[0 + 20, 1 + 30], [0 + 50, 4 + 60]] = [[20, 31], [50, 64]]
 */
for (const backend of ['cpu', 'webgpu'] as const) {
  test(`conv2d kernels [${backend}] on a hand-worked case`, async (t) => {
    if (backend === 'webgpu' && !(await webgpuOrSkip(t))) return;
    const dtype = backend === 'cpu' ? 'float64' : 'float32';
    const attrs: Conv2dAttrs = { stride: [1, 2], dilation: [1, 1], padding: [0, 1], groups: 1 };
    const x = tensor([[[[1, 2, 3], [4, 5, 6]]]], { dtype, backend });
    const w = tensor([[[[1, 0], [2, -1]]]], { dtype, backend });
    const dy = tensor([[[[1, 10]]]], { dtype, backend });
    const y = runKernel('test', 'conv2d', [x, w], [1, 1, 1, 2], dtype, attrs);
    const dx = runKernel('test', 'conv2dBackwardInput', [dy, w], [1, 1, 2, 3], dtype, attrs);
    const dw = runKernel('test', 'conv2dBackwardFilter', [x, dy], [1, 1, 2, 2], dtype, attrs);
    assert.deepEqual(Array.from(await y.data()), [-4, 6]);
    assert.deepEqual(Array.from(await dx.data()), [0, 10, 0, -1, 20, -10]);
    assert.deepEqual(Array.from(await dw.data()), [20, 31, 50, 64]);
  });
}
