// A Parameter is a tensor a Module owns and an optimizer updates: a leaf that requires a gradient by default
// (PyTorch's nn.Parameter). It shares storage with the tensor it wraps.

import { Tensor } from '../tensor/tensor.js';

export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    super(data.storage, data.shape, data.dtype);
    if (requiresGrad) this.requiresGrad = true;
  }
}
