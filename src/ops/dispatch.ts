// The single path from an op to a backend kernel: checks that every input lives on one backend and that the
// backend holds the output dtype, then wraps the kernel's output storage in a Tensor.

import type { KernelAttrs, KernelName, TensorInfo } from '../backends/kernels.js';
import type { DType } from '../backends/types.js';
import { Tensor } from '../tensor/tensor.js';
import { formatShape, type Shape } from '../tensor/shape.js';

export function assertSameBackend(op: string, tensors: readonly Tensor[]): void {
  const first = tensors[0];
  for (const t of tensors) {
    if (t.backend !== first.backend) {
      const where = tensors.map((x) => `${formatShape(x.shape)} on ${x.backend.name}`).join(', ');
      throw new Error(`${op}: all tensors must be on the same backend, got ${where}; move them with .to(backend) first`);
    }
  }
}

export function runKernel<K extends KernelName>(op: string, kernel: K, inputs: readonly Tensor[], shape: Shape, dtype: DType, attrs: KernelAttrs[K]): Tensor {
  assertSameBackend(op, inputs);
  const backend = inputs[0].backend;
  if (!backend.dtypes.includes(dtype)) throw new Error(`${op}: backend '${backend.name}' does not support dtype ${dtype}`);
  const infos: TensorInfo[] = inputs.map((t) => ({ data: t.dataId, shape: t.shape, dtype: t.dtype }));
  const impl = backend.kernels[kernel];
  return Tensor.fromData(backend, impl(infos, { shape, dtype }, attrs), shape, dtype);
}

/** Throws unless `x` holds floating-point values (ops with gradients and transcendental functions). */
export function assertFloat(op: string, x: Tensor): void {
  if (x.dtype === 'int32') throw new Error(`${op}: expected a floating-point tensor, got int32 of shape ${formatShape(x.shape)}`);
}
