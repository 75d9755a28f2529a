// The check shared by the direct convolution kernels' tests (conv2d and depthwise): a float64 cpu composite
// (unfold + matmul) and its autograd gradients against the forward, input-gradient and filter-gradient kernels
// run on a backend; and for conv2d, the composite itself and one geometry's check.

import { type Backend, type BackendName, type Tensor, getBackend, grad, matmul } from '../../src/index.js';
import type { Conv2dAttrs, KernelAttrs } from '../../src/backends/kernels.js';
import { runKernel } from '../../src/ops/dispatch.js';
import { padSpatial } from '../../src/ops/spatial/params.js';
import { unfold } from '../../src/ops/spatial/unfold.js';
import { Tensor as TensorClass } from '../../src/tensor/tensor.js';
import type { Generator } from '../../src/tensor/random.js';
import { type Tolerance, assertClose } from './tolerances.js';

/** A float64 tensor of uniform values in [-1, 1). */
export function uniform(gen: Generator, shape: readonly number[], backend: Backend): Tensor {
  const values = new Float64Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = gen.uniform() * 2 - 1;
  return TensorClass.fromArray(values, shape, 'float64', backend);
}

/** A kernel family: forward, input gradient and filter gradient, sharing one attribute type. */
export type ConvKernelFamily =
  | { readonly forward: 'conv2d'; readonly input: 'conv2dBackwardInput'; readonly filter: 'conv2dBackwardFilter'; readonly attrs: KernelAttrs['conv2d'] }
  | {
    readonly forward: 'depthwiseConv2d';
    readonly input: 'depthwiseConv2dBackwardInput';
    readonly filter: 'depthwiseConv2dBackwardFilter';
    readonly attrs: KernelAttrs['depthwiseConv2d'];
  };

/**
 * Draws x [xShape] and w [wShape], runs `composite(x, w)` and its gradients for a random output gradient on the
 * cpu in float64, and checks the family's three kernels on `backend` against them.
 */
export async function checkConvKernels(
  gen: Generator,
  family: ConvKernelFamily,
  xShape: readonly number[],
  wShape: readonly number[],
  composite: (x: Tensor, w: Tensor) => Tensor,
  backend: BackendName,
  tol: Tolerance,
  label: string,
): Promise<void> {
  const cpu = getBackend('cpu');
  const x = uniform(gen, xShape, cpu).requiresGrad_();
  const w = uniform(gen, wShape, cpu).requiresGrad_();
  const y = composite(x, w);
  const dy = uniform(gen, y.shape, cpu);
  const [dx, dw] = grad(y, [x, w], { gradOutputs: [dy] });
  const on = (t: Tensor): Tensor => (backend === 'cpu' ? t.detach() : t.detach().to('float32').to(backend));
  const dtype = backend === 'cpu' ? 'float64' : 'float32';
  const what = `${backend} ${label}`;
  // Each branch names its kernels literally so that the attributes type-check against them.
  const got = family.forward === 'conv2d'
    ? {
      forward: runKernel('test', family.forward, [on(x), on(w)], y.shape, dtype, family.attrs),
      input: runKernel('test', family.input, [on(dy), on(w)], x.shape, dtype, family.attrs),
      filter: runKernel('test', family.filter, [on(x), on(dy)], w.shape, dtype, family.attrs),
    }
    : {
      forward: runKernel('test', family.forward, [on(x), on(w)], y.shape, dtype, family.attrs),
      input: runKernel('test', family.input, [on(dy), on(w)], x.shape, dtype, family.attrs),
      filter: runKernel('test', family.filter, [on(x), on(dy)], w.shape, dtype, family.attrs),
    };
  assertClose(await got.forward.data(), await y.data(), tol, `${family.forward} ${what}`);
  assertClose(await got.input.data(), await dx.data(), tol, `${family.input} ${what}`);
  assertClose(await got.filter.data(), await dw.data(), tol, `${family.filter} ${what}`);
}

/** One conv2d geometry of the kernels' tests. */
export interface ConvCase {
  readonly x: readonly [number, number, number, number];
  readonly channelsOut: number;
  readonly kernel: readonly [number, number];
  /** Zeros after each dim (the kernels take only the padding before; this sets the output size). */
  readonly after: readonly [number, number];
  readonly attrs: Conv2dAttrs;
}

/** The general path conv2d took before its kernels: pad, unfold, one batched matmul per group. */
function conv2dComposite(x: Tensor, w: Tensor, c: ConvCase): Tensor {
  const [n] = c.x;
  const { groups } = c.attrs;
  const padded = padSpatial(x, { before: [...c.attrs.padding], after: [...c.after] });
  const cols = unfold('reference', padded, { kernel: [...c.kernel], stride: [...c.attrs.stride], dilation: [...c.attrs.dilation] });
  const [rows, width] = cols.shape.slice(4);
  const taps = (c.x[1] / groups) * c.kernel[0] * c.kernel[1];
  const y = matmul(w.reshape([groups, c.channelsOut / groups, taps]), cols.reshape([n, groups, taps, rows * width]));
  return y.reshape([n, c.channelsOut, rows, width]);
}

/** The composite's output and gradients (float64, cpu) against the three conv2d kernels' results on `backend`. */
export function checkConv2dCase(gen: Generator, c: ConvCase, backend: BackendName, tol: Tolerance): Promise<void> {
  const family = { forward: 'conv2d', input: 'conv2dBackwardInput', filter: 'conv2dBackwardFilter', attrs: c.attrs } as const;
  const w = [c.channelsOut, c.x[1] / c.attrs.groups, ...c.kernel];
  return checkConvKernels(gen, family, c.x, w, (x, wt) => conv2dComposite(x, wt, c), backend, tol, JSON.stringify(c));
}
