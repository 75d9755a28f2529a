// Host-side int64 values read from (or written to) a checkpoint. framegrad's backends hold no int64, yet PyTorch
// state dicts carry some (BatchNorm's num_batches_tracked, index buffers); this holder keeps them exact, so a
// checkpoint round-trips byte for byte, and converts to an int32 tensor only when every value fits.

import type { Backend } from '../backends/backend.js';
import type { BackendName } from '../backends/types.js';
import { formatShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

export interface Int64ToTensorOptions {
  /** Backend of the int32 tensor (default: the current default backend). */
  readonly backend?: BackendName | Backend;
}

export class Int64Tensor {
  readonly shape: readonly number[];

  /** `values` (row-major) is kept, not copied; the shape defaults to 1-d. */
  constructor(readonly values: BigInt64Array, shape: readonly number[] = [values.length]) {
    if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new Error(`Int64Tensor: invalid shape ${formatShape(shape)}`);
    if (sizeOf(shape) !== values.length) throw new Error(`Int64Tensor: shape ${formatShape(shape)} needs ${sizeOf(shape)} values, got ${values.length}`);
    this.shape = Object.freeze([...shape]);
  }

  get size(): number {
    return this.values.length;
  }

  /** The int64 values of an int32 tensor (reads asynchronously, so it works on every backend). */
  static async fromTensor(x: Tensor): Promise<Int64Tensor> {
    if (x.dtype !== 'int32') throw new Error(`Int64Tensor.fromTensor: expected an int32 tensor, got ${x.dtype} of shape ${formatShape(x.shape)}`);
    const values = await x.data();
    return new Int64Tensor(BigInt64Array.from(values, (v) => BigInt(v)), x.shape);
  }

  /** An int32 tensor of the same values; throws naming the first value outside the int32 range. */
  toTensor(options: Int64ToTensorOptions = {}): Tensor {
    const out = new Int32Array(this.values.length);
    for (let i = 0; i < out.length; i++) {
      const v = this.values[i];
      if (v < INT32_MIN || v > INT32_MAX) {
        throw new Error(`Int64Tensor.toTensor: element ${i} is ${v}, outside the int32 range [${INT32_MIN}, ${INT32_MAX}]; framegrad tensors hold no int64`);
      }
      out[i] = Number(v);
    }
    return Tensor.fromArray(out, this.shape, 'int32', options.backend);
  }
}
