// Moving tensors between dtypes (differentiable between float dtypes) and between backends (a copy that
// starts a new leaf: gradients do not flow across backends).

import { recordOp } from '../autograd/grad-node.js';
import { getBackend, initBackend } from '../backends/registry.js';
import type { BackendName, DType } from '../backends/types.js';
import { isFloat } from '../backends/types.js';
import { Tensor } from '../tensor/tensor.js';
import { runKernel } from './dispatch.js';

export function cast(x: Tensor, dtype: DType): Tensor {
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'int32') throw new Error(`to: unknown dtype or backend '${String(dtype)}'`);
  if (dtype === x.dtype) return x;
  const y = runKernel('to', 'cast', [x], x.shape, dtype, {});
  if (!isFloat(dtype) || !isFloat(x.dtype)) return y;
  return recordOp('to', y, [x], (g) => [cast(g, x.dtype)]);
}

function copyTo(x: Tensor, target: BackendName, values: Float32Array | Float64Array | Int32Array): Tensor {
  const backend = getBackend(target);
  const y = Tensor.fromArray(values, x.shape, x.dtype, backend);
  if (x.requiresGrad) y.requiresGrad = true;
  return y;
}

/** Synchronous copy to another backend; from a backend that reads asynchronously use toBackendAsync. */
export function toBackend(x: Tensor, target: BackendName): Tensor {
  if (x.backend.name === target) return x;
  const values = x.backend.readSync(x.dataId, x.dtype, x.size);
  if (!values) throw new Error(`to: reading from '${x.backend.name}' is asynchronous; use \`await tensor.toAsync('${target}')\``);
  return copyTo(x, target, values);
}

export async function toBackendAsync(x: Tensor, target: BackendName): Promise<Tensor> {
  if (x.backend.name === target) return x;
  await initBackend(target);
  return copyTo(x, target, await x.data());
}
