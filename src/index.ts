// framegrad's public API: tensors, ops, autograd and backend selection.

export { Tensor } from './tensor/tensor.js';
export {
  tensor, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, eye, rand, randn, randint, randLike, randnLike,
} from './tensor/creation.js';
export type { CreationOptions, RandomOptions, NestedArray } from './tensor/creation.js';
export { Generator, manualSeed, defaultGenerator } from './tensor/random.js';
export type { Shape } from './tensor/shape.js';
export * from './ops/index.js';
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode.js';
export { grad } from './autograd/backward.js';
export type { BackwardOptions } from './autograd/backward.js';
export { setBackend, initBackend, getBackend, defaultBackendName } from './backends/registry.js';
export type { Backend } from './backends/backend.js';
export type { BackendName, DType, TypedArray } from './backends/types.js';
