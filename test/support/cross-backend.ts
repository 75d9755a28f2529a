// The cross-backend check: runs a function forward and backward on webgpu in float32 and on cpu in float64,
// and compares outputs and every input gradient with the cpu float64 result as the reference.

import { Tensor, tensor } from '../../src/index.js';
import { Generator } from '../../src/tensor/random.js';
import { TOL, type Tolerance, assertClose } from './tolerances.js';

export interface CaseInput {
  readonly shape: readonly number[];
  readonly values: readonly number[] | Float64Array | Int32Array;
  readonly dtype?: 'float' | 'int32';
  readonly requiresGrad?: boolean;
}

function make(input: CaseInput, backend: 'cpu' | 'webgpu', floatType: 'float32' | 'float64'): Tensor {
  const dtype = input.dtype === 'int32' ? 'int32' : floatType;
  const values = dtype === 'int32' ? Int32Array.from(input.values) : Float64Array.from(input.values);
  return tensor(values, { shape: input.shape, dtype, backend, requiresGrad: (input.requiresGrad ?? dtype !== 'int32') && dtype !== 'int32' });
}

/** Runs fn on both backends; compares the output and each gradient of sum(w * output). */
export async function checkCrossBackend(fn: (...xs: Tensor[]) => Tensor, inputs: readonly CaseInput[], tol: Tolerance = TOL.webgpuVsFloat64, label = 'op'): Promise<void> {
  const run = async (backend: 'cpu' | 'webgpu', floatType: 'float32' | 'float64') => {
    const xs = inputs.map((i) => make(i, backend, floatType));
    const y = fn(...xs);
    const gen = new Generator(11);
    const w = new Float64Array(y.size).map(() => gen.uniform() * 2 - 1);
    const out = Array.from(await y.data());
    if (y.requiresGrad) y.mul(tensor(w, { shape: y.shape, dtype: y.dtype, backend })).sum().backward();
    const grads = await Promise.all(xs.map(async (x) => (x.grad ? Array.from(await x.grad.data()) : null)));
    return { out, grads, dtype: y.dtype };
  };
  const ref = await run('cpu', 'float64');
  const gpu = await run('webgpu', 'float32');
  assertClose(gpu.out, ref.out, ref.dtype === 'int32' ? TOL.exact : tol, `${label} forward (webgpu vs cpu float64)`);
  ref.grads.forEach((g, i) => {
    if (!g) return;
    const other = gpu.grads[i];
    if (!other) throw new Error(`${label}: input ${i} has a gradient on cpu but none on webgpu`);
    assertClose(other, g, tol, `${label} gradient of input ${i} (webgpu vs cpu float64)`);
  });
}
