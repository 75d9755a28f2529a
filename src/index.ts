// framegrad's public API: tensors, ops, autograd, backends, nn, optim, the model zoo, data, metrics and
// checkpoints. The Node-only file helpers at the end are the one part a browser build must leave out.

export { Tensor } from './tensor/tensor.js';
export {
  tensor, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, eye, rand, randn, randint, randLike, randnLike,
} from './tensor/creation.js';
export type { CreationOptions, RandomOptions, NestedArray } from './tensor/creation.js';
export { Generator, manualSeed, defaultGenerator } from './tensor/random.js';
export { tidy, keep } from './tensor/scope.js';
export type { Shape } from './tensor/shape.js';
export * from './ops/index.js';
export * from './ops/spatial/index.js';
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode.js';
export { grad } from './autograd/backward.js';
export type { BackwardOptions } from './autograd/backward.js';
export { setBackend, initBackend, getBackend, defaultBackendName } from './backends/registry.js';
export type { Backend } from './backends/backend.js';
export type { BackendName, DType, TypedArray } from './backends/types.js';
export * as nn from './nn/index.js';
export * as models from './models/index.js';
export * as optim from './optim/index.js';
export * as lrScheduler from './optim/lr-scheduler/index.js';
export * as data from './data/index.js';
export * as metrics from './metrics/index.js';
export * as io from './io/index.js';
export { encodeSafetensors, decodeSafetensors } from './serialization/safetensors.js';
export type { SafetensorsEntry, SafetensorsFile, DecodeSafetensorsOptions } from './serialization/safetensors.js';
export { Int64Tensor } from './serialization/int64-tensor.js';
export type { Int64ToTensorOptions } from './serialization/int64-tensor.js';
// Node-only (node:fs); the rest of the package root is browser-safe.
export { saveSafetensors, loadSafetensors, saveModule, loadModule } from './node/checkpoint-files.js';
export { loadMnistDigits, mnistDigitsDir } from './node/mnist-digits.js';
export { listClipFolders, listVimeoClips, pngClipSource, readPng, readPngClip } from './node/png-clips.js';
export type { ClipFiles, PngReadOptions, VimeoOptions } from './node/png-clips.js';
export { encodePng, writeGif, writePngStrip } from './node/image-files.js';
export { configureCpuAcceleration, cpuAccelerationFromEnvironment } from './node/cpu-acceleration.js';
export type { CpuAccelerationSettings } from './node/cpu-acceleration.js';

import { configureCpuAcceleration } from './node/cpu-acceleration.js';
// The cpu backend's float32 GEMM uses WebAssembly SIMD and every core unless FRAMEGRAD_CPU_SIMD /
// FRAMEGRAD_CPU_THREADS say otherwise (workers start on the first large product, not here).
configureCpuAcceleration();
