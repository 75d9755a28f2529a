// The three depthwise convolution kernels (forward, input gradient, filter gradient) called directly on both
// backends, against the composite they replace in conv2d: unfold + batched matmul, and that composite's
// autograd gradients. Random geometries (multipliers 1-3, kernels up to 7, strides 1-3, dilations 1-3, sizes
// that leave trailing rows no window reaches) plus a large strided case and IAM4VP's 768-channel 7x7 shape.

import { test } from 'node:test';
import { type Backend, type BackendName, type Tensor, grad, getBackend, matmul } from '../../src/index.js';
import type { DepthwiseAttrs } from '../../src/backends/kernels.js';
import { runKernel } from '../../src/ops/dispatch.js';
import { unfold } from '../../src/ops/spatial/unfold.js';
import { Tensor as TensorClass } from '../../src/tensor/tensor.js';
import { Generator } from '../../src/tensor/random.js';
import { TOL, assertClose, type Tolerance } from '../support/tolerances.js';
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

function uniform(gen: Generator, shape: readonly number[], backend: Backend): Tensor {
  const values = new Float64Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = gen.uniform() * 2 - 1;
  return TensorClass.fromArray(values, shape, 'float64', backend);
}

/** conv2d's general path for groups == channels: unfold the windows, then one batched matmul per channel. */
function composite(x: Tensor, w: Tensor, c: DepthwiseCase): Tensor {
  const [n, channels] = x.shape;
  const [kh, kw] = c.kernel;
  const cols = unfold('reference', x, { kernel: [...c.kernel], stride: [...c.attrs.stride], dilation: [...c.attrs.dilation] });
  const [rows, width] = cols.shape.slice(4);
  return matmul(w.reshape([channels, c.multiplier, kh * kw]), cols.reshape([n, channels, kh * kw, rows * width])).reshape([n, channels * c.multiplier, rows, width]);
}

/** The composite's output and gradients (float64, cpu) and the three kernels' results on `backend`. */
async function compare(gen: Generator, c: DepthwiseCase, backend: BackendName, tol: Tolerance): Promise<void> {
  const cpu = getBackend('cpu');
  const channelsOut = c.x[1] * c.multiplier;
  const x = uniform(gen, c.x, cpu).requiresGrad_();
  const w = uniform(gen, [channelsOut, 1, ...c.kernel], cpu).requiresGrad_();
  const y = composite(x, w, c);
  const dy = uniform(gen, y.shape, cpu);
  const [dx, dw] = grad(y, [x, w], { gradOutputs: [dy] });
  const on = (t: Tensor): Tensor => (backend === 'cpu' ? t.detach() : t.detach().to('float32').to(backend));
  const label = `${backend} ${JSON.stringify(c)}`;
  const dtype = backend === 'cpu' ? 'float64' : 'float32';
  const got = {
    forward: runKernel('test', 'depthwiseConv2d', [on(x), on(w)], y.shape, dtype, c.attrs),
    input: runKernel('test', 'depthwiseConv2dBackwardInput', [on(dy), on(w)], x.shape, dtype, c.attrs),
    filter: runKernel('test', 'depthwiseConv2dBackwardFilter', [on(x), on(dy)], w.shape, dtype, c.attrs),
  };
  assertClose(await got.forward.data(), await y.data(), tol, `depthwiseConv2d ${label}`);
  assertClose(await got.input.data(), await dx.data(), tol, `depthwiseConv2dBackwardInput ${label}`);
  assertClose(await got.filter.data(), await dw.data(), tol, `depthwiseConv2dBackwardFilter ${label}`);
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
