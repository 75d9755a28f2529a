// The three depthwise convolution kernels (forward, input gradient, filter gradient) called directly on both
// backends, against the composite they replace in conv2d: unfold + batched matmul, and that composite's
// autograd gradients. Random geometries (multipliers 1-3, kernels up to 7, strides 1-3, dilations 1-3, sizes
// that leave trailing rows no window reaches) plus a large strided case and IAM4VP's 768-channel 7x7 shape.

import { test } from 'node:test';
import { type BackendName, type Tensor, matmul } from '../../src/index.js';
import type { DepthwiseAttrs } from '../../src/backends/kernels.js';
import { unfold } from '../../src/ops/spatial/unfold.js';
import { Generator } from '../../src/tensor/random.js';
import { checkConvKernels } from '../support/conv-kernel-check.js';
import { TOL, type Tolerance } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

interface DepthwiseCase {
  readonly x: readonly [number, number, number, number];
  readonly multiplier: number;
  readonly kernel: readonly [number, number];
  readonly attrs: DepthwiseAttrs;
}

function randomCases(gen: Generator, count: number): DepthwiseCase[] {
  const int = (lo: number, hi: number): number => lo + Math.floor(gen.uniform() * (hi - lo + 1));
  return Array.from({ length: count }, () => {
    const kernel = [int(1, 7), int(1, 7)] as const;
    const stride = [int(1, 3), int(1, 3)] as const;
    const dilation = [int(1, 3), int(1, 3)] as const;
    const size = kernel.map((k, i) => dilation[i] * (k - 1) + 1 + int(0, 6));
    return { x: [int(1, 2), int(1, 4), size[0], size[1]], multiplier: int(1, 3), kernel, attrs: { stride, dilation } };
  });
}

const LARGE: DepthwiseCase[] = [
  { x: [2, 6, 37, 41], multiplier: 2, kernel: [7, 5], attrs: { stride: [2, 1], dilation: [1, 3] } },
  { x: [1, 768, 12, 12], multiplier: 1, kernel: [7, 7], attrs: { stride: [1, 1], dilation: [1, 1] } },
];


/** conv2d's general path for groups == channels: unfold the windows, then one batched matmul per channel. */
function composite(x: Tensor, w: Tensor, c: DepthwiseCase): Tensor {
  const [n, channels] = x.shape;
  const [kh, kw] = c.kernel;
  const cols = unfold('reference', x, { kernel: [...c.kernel], stride: [...c.attrs.stride], dilation: [...c.attrs.dilation] });
  const [rows, width] = cols.shape.slice(4);
  return matmul(w.reshape([channels, c.multiplier, kh * kw]), cols.reshape([n, channels, kh * kw, rows * width])).reshape([n, channels * c.multiplier, rows, width]);
}

/** The composite's output and gradients (float64, cpu) and the three kernels' results on `backend`. */
function compare(gen: Generator, c: DepthwiseCase, backend: BackendName, tol: Tolerance): Promise<void> {
  const family = { forward: 'depthwiseConv2d', input: 'depthwiseConv2dBackwardInput', filter: 'depthwiseConv2dBackwardFilter', attrs: c.attrs } as const;
  const w = [c.x[1] * c.multiplier, 1, ...c.kernel];
  return checkConvKernels(gen, family, c.x, w, (x, wt) => composite(x, wt, c), backend, tol, JSON.stringify(c));
}

test('depthwise kernels [cpu float64] match unfold + matmul and its gradients', async () => {
  const gen = new Generator(11);
  for (const c of [...randomCases(gen, 60), ...LARGE]) await compare(gen, c, 'cpu', TOL.reorderedSum64);
});

test('depthwise kernels [webgpu float32 vs cpu float64 composite] match unfold + matmul and its gradients', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const gen = new Generator(13);
  for (const c of [...randomCases(gen, 30), ...LARGE]) await compare(gen, c, 'webgpu', TOL.webgpuConvReduction);
});
