// The Tensor: an n-d array on one backend, with its shape, dtype, storage and autograd links.
// Methods are thin PyTorch-named aliases of the functions in src/ops, so `a.add(b)` and `add(a, b)` are the same op.

import { backward, type BackwardOptions } from '../autograd/backward.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import type { GradNode } from '../autograd/grad-node.js';
import type { Backend } from '../backends/backend.js';
import type { DataId } from '../backends/kernels.js';
import { getBackend } from '../backends/registry.js';
import type { BackendName, DType, TypedArray } from '../backends/types.js';
import { isFloat } from '../backends/types.js';
import * as ops from '../ops/index.js';
import type { PadMode } from '../ops/pad.js';
import type { ReduceOptions, VarianceOptions } from '../ops/reduce.js';
import { formatTensor } from './format.js';
import { formatShape, shapesEqual, sizeOf, type Shape } from './shape.js';
import { Storage, storageFinalizer } from './storage.js';
import { trackTensor } from './scope.js';

type Scalar = number;
type Operand = Tensor | Scalar;

export class Tensor {
  readonly shape: readonly number[];
  private gradValue: Tensor | null = null;
  /** The tensor whose `.grad` this is, if any (tidy keeps such gradients alive). */
  private gradOf: Tensor | null = null;
  private storageRef: Storage;
  private dtypeValue: DType;
  private requiresGradFlag = false;
  private node: GradNode | null = null;
  private disposed = false;

  /** Wraps backend storage; use the creation functions (tensor, zeros, ...) rather than this. */
  constructor(storage: Storage, shape: Shape, dtype: DType) {
    this.storageRef = storage;
    this.shape = Object.freeze([...shape]);
    this.dtypeValue = dtype;
    storage.retain();
    storageFinalizer.register(this, storage, this);
    trackTensor(this);
  }

  /** A new tensor owning freshly produced backend storage. */
  static fromData(backend: Backend, data: DataId, shape: Shape, dtype: DType): Tensor {
    return new Tensor(new Storage(backend, data), shape, dtype);
  }

  /** A new tensor holding a copy of host data on a backend (default: the current default backend). */
  static fromArray(values: TypedArray, shape: Shape, dtype: DType, backend: Backend | BackendName = getBackend()): Tensor {
    const b = typeof backend === 'string' ? getBackend(backend) : backend;
    if (!b.dtypes.includes(dtype)) throw new Error(`tensor: backend '${b.name}' does not support dtype ${dtype}`);
    return Tensor.fromData(b, b.upload(values, dtype), shape, dtype);
  }

  /** Accumulated gradient of a leaf after backward(). */
  get grad(): Tensor | null {
    return this.gradValue;
  }

  set grad(value: Tensor | null) {
    if (this.gradValue && this.gradValue.gradOf === this) this.gradValue.gradOf = null;
    this.gradValue = value;
    if (value) value.gradOf = this;
  }

  /** Whether this tensor is currently some tensor's `.grad`. */
  get isGrad(): boolean {
    return this.gradOf !== null && this.gradOf.gradValue === this;
  }

  get dtype(): DType {
    return this.dtypeValue;
  }

  get backend(): Backend {
    return this.storageRef.backend;
  }

  /**
   * Makes this leaf hold `source`'s values (and its dtype and backend): the one in-place update, used by
   * optimizer steps, loadStateDict and Module.to so that references to parameters and buffers stay valid.
   * Like an in-place op on a leaf in PyTorch, it is refused on graph outputs and, for tensors requiring
   * gradients, outside noGrad. A change of dtype or backend drops `.grad`.
   */
  replaceData_(source: Tensor): this {
    if (!shapesEqual(source.shape, this.shape)) {
      throw new Error(`replaceData_: source shape ${formatShape(source.shape)} does not match ${formatShape(this.shape)}`);
    }
    if (this.node) throw new Error(`replaceData_: cannot update a non-leaf tensor of shape ${formatShape(this.shape)} in place`);
    if (this.requiresGradFlag && isGradEnabled()) {
      throw new Error(`replaceData_: a leaf of shape ${formatShape(this.shape)} that requires grad can only be updated in place inside noGrad`);
    }
    if (this.disposed || source.disposed) throw new Error('replaceData_: tensor was used after dispose()');
    if (source.dtype !== this.dtype || source.backend !== this.backend) this.grad = null;
    if (this.requiresGradFlag && !isFloat(source.dtype)) throw new Error(`replaceData_: a tensor requiring grad cannot take ${source.dtype} data`);
    const next = source.storageRef;
    next.retain();
    storageFinalizer.unregister(this);
    this.storageRef.releaseRef();
    this.storageRef = next;
    this.dtypeValue = source.dtype;
    storageFinalizer.register(this, next, this);
    return this;
  }

  get rank(): number {
    return this.shape.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  numel(): number {
    return this.size;
  }

  /** The storage this tensor reads; throws once disposed. */
  get dataId(): DataId {
    if (this.disposed) throw new Error(`tensor of shape ${formatShape(this.shape)} was used after dispose()`);
    return this.storageRef.data;
  }

  /** The reference-counted storage (for wrappers such as nn.Parameter that share it). */
  get storage(): Storage {
    if (this.disposed) throw new Error(`tensor of shape ${formatShape(this.shape)} was used after dispose()`);
    return this.storageRef;
  }

  /** Internal: a new tensor sharing this one's storage under another shape (reshape of contiguous data). */
  aliasWithShape(shape: Shape): Tensor {
    return new Tensor(this.storageRef, shape, this.dtype);
  }

  get requiresGrad(): boolean {
    return this.requiresGradFlag;
  }

  set requiresGrad(value: boolean) {
    if (value && !isFloat(this.dtype)) throw new Error(`requiresGrad: only floating-point tensors can require gradients, got ${this.dtype} of shape ${formatShape(this.shape)}`);
    if (!value && this.node) throw new Error('requiresGrad: cannot turn off requiresGrad on a non-leaf tensor; use detach()');
    this.requiresGradFlag = value;
  }

  /** PyTorch's in-place `requires_grad_()`. */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  get gradFn(): GradNode | null {
    return this.node;
  }

  get isLeaf(): boolean {
    return this.node === null;
  }

  /** Internal: called by recordOp. */
  setGradFn(node: GradNode): void {
    this.node = node;
    this.requiresGradFlag = true;
  }

  backward(gradient?: Tensor, options?: BackwardOptions): void {
    backward(this, gradient, options);
  }

  /** Frees the storage now (the safety net would otherwise free it when garbage-collected). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    storageFinalizer.unregister(this);
    this.storageRef.releaseRef();
    this.node = null;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Reads the values back as a new typed array, on any backend. */
  async data(): Promise<TypedArray> {
    return this.backend.read(this.dataId, this.dtype, this.size);
  }

  /** Synchronous read (cpu); throws on a backend that can only read asynchronously. */
  dataSync(): TypedArray {
    const values = this.backend.readSync(this.dataId, this.dtype, this.size);
    if (!values) throw new Error(`dataSync: backend '${this.backend.name}' reads asynchronously; use \`await tensor.data()\``);
    return values;
  }

  /** The value of a one-element tensor (synchronous; on webgpu use itemAsync). */
  item(): number {
    if (this.size !== 1) throw new Error(`item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, expected 1`);
    return this.dataSync()[0];
  }

  async itemAsync(): Promise<number> {
    if (this.size !== 1) throw new Error(`item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, expected 1`);
    return (await this.data())[0];
  }

  /** Nested arrays, like PyTorch's tolist(). */
  async tolist(): Promise<unknown> {
    const values = await this.data();
    const build = (dim: number, offset: number, stride: number): unknown => {
      if (dim === this.rank) return values[offset];
      const inner = stride / this.shape[dim];
      return Array.from({ length: this.shape[dim] }, (_, i) => build(dim + 1, offset + i * inner, inner));
    };
    return build(0, 0, this.size);
  }

  toString(): string {
    const values = this.backend.readSync(this.dataId, this.dtype, this.size);
    return formatTensor(this.shape, this.dtype, this.backend.name, values, this.requiresGrad);
  }

  /** A copy on another backend, or cast to another dtype. A copy to another backend is a new leaf. */
  to(target: BackendName | DType): Tensor {
    return target === 'cpu' || target === 'webgpu' ? ops.toBackend(this, target) : ops.cast(this, target);
  }

  async toAsync(target: BackendName): Promise<Tensor> {
    return ops.toBackendAsync(this, target);
  }

  detach(): Tensor {
    return this.aliasWithShape(this.shape);
  }

  clone(): Tensor {
    return ops.clone(this);
  }

  contiguous(): Tensor {
    return this;
  }

  zerosLike(): Tensor {
    return ops.zerosLike(this);
  }

  onesLike(): Tensor {
    return ops.onesLike(this);
  }

  // Elementwise
  add(other: Operand): Tensor { return ops.add(this, other); }
  sub(other: Operand): Tensor { return ops.sub(this, other); }
  mul(other: Operand): Tensor { return ops.mul(this, other); }
  div(other: Operand): Tensor { return ops.div(this, other); }
  pow(exponent: Operand): Tensor { return ops.pow(this, exponent); }
  maximum(other: Operand): Tensor { return ops.maximum(this, other); }
  minimum(other: Operand): Tensor { return ops.minimum(this, other); }
  eq(other: Operand): Tensor { return ops.eq(this, other); }
  ne(other: Operand): Tensor { return ops.ne(this, other); }
  lt(other: Operand): Tensor { return ops.lt(this, other); }
  le(other: Operand): Tensor { return ops.le(this, other); }
  gt(other: Operand): Tensor { return ops.gt(this, other); }
  ge(other: Operand): Tensor { return ops.ge(this, other); }
  neg(): Tensor { return ops.neg(this); }
  abs(): Tensor { return ops.abs(this); }
  sign(): Tensor { return ops.sign(this); }
  exp(): Tensor { return ops.exp(this); }
  expm1(): Tensor { return ops.expm1(this); }
  log(): Tensor { return ops.log(this); }
  log1p(): Tensor { return ops.log1p(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  rsqrt(): Tensor { return ops.rsqrt(this); }
  reciprocal(): Tensor { return ops.reciprocal(this); }
  square(): Tensor { return ops.square(this); }
  sin(): Tensor { return ops.sin(this); }
  cos(): Tensor { return ops.cos(this); }
  tanh(): Tensor { return ops.tanh(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  relu(): Tensor { return ops.relu(this); }
  erf(): Tensor { return ops.erf(this); }
  floor(): Tensor { return ops.floor(this); }
  round(): Tensor { return ops.round(this); }
  clamp(min?: number, max?: number): Tensor { return ops.clamp(this, min, max); }
  where(condition: Tensor, other: Operand): Tensor { return ops.where(condition, this, other); }
  softmax(dim: number): Tensor { return ops.softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return ops.logSoftmax(this, dim); }

  // Reductions
  sum(options?: ReduceOptions): Tensor { return ops.sum(this, options); }
  mean(options?: ReduceOptions): Tensor { return ops.mean(this, options); }
  max(options?: ReduceOptions): Tensor { return ops.max(this, options); }
  min(options?: ReduceOptions): Tensor { return ops.min(this, options); }
  var(options?: VarianceOptions): Tensor { return ops.variance(this, options); }
  std(options?: VarianceOptions): Tensor { return ops.std(this, options); }
  argmax(options?: { dim?: number; keepdim?: boolean }): Tensor { return ops.argmax(this, options); }
  argmin(options?: { dim?: number; keepdim?: boolean }): Tensor { return ops.argmin(this, options); }
  logsumexp(dim: number | readonly number[], keepdim = false): Tensor { return ops.logsumexp(this, dim, keepdim); }

  matmul(other: Tensor): Tensor { return ops.matmul(this, other); }

  // Shape and indexing
  reshape(...shape: number[] | [readonly number[]]): Tensor { return ops.reshape(this, flattenArgs(shape)); }
  view(...shape: number[] | [readonly number[]]): Tensor { return ops.reshape(this, flattenArgs(shape)); }
  flatten(startDim = 0, endDim = -1): Tensor { return ops.flatten(this, startDim, endDim); }
  squeeze(dim?: number | readonly number[]): Tensor { return ops.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return ops.unsqueeze(this, dim); }
  permute(...dims: number[] | [readonly number[]]): Tensor { return ops.permute(this, flattenArgs(dims)); }
  transpose(dim0: number, dim1: number): Tensor { return ops.transpose(this, dim0, dim1); }
  get T(): Tensor { return ops.permute(this, this.shape.map((_, i) => this.rank - 1 - i)); }
  expand(...shape: number[] | [readonly number[]]): Tensor { return ops.expand(this, flattenArgs(shape)); }
  broadcastTo(shape: readonly number[]): Tensor { return ops.expand(this, shape); }
  expandAs(other: Tensor): Tensor { return ops.expand(this, other.shape); }
  narrow(dim: number, start: number, length: number): Tensor { return ops.narrow(this, dim, start, length); }
  slice(dim: number, start?: number, end?: number, step?: number): Tensor { return ops.slice(this, dim, start, end, step); }
  flip(dims: number | readonly number[]): Tensor { return ops.flip(this, dims); }
  indexSelect(dim: number, index: Tensor): Tensor { return ops.indexSelect(this, dim, index); }
  gather(dim: number, index: Tensor): Tensor { return ops.gather(this, dim, index); }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return ops.scatterAdd(this, dim, index, src); }
  indexAdd(dim: number, index: Tensor, source: Tensor): Tensor { return ops.indexAdd(this, dim, index, source); }
  split(splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] { return ops.split(this, splitSizeOrSections, dim); }
  chunk(chunks: number, dim = 0): Tensor[] { return ops.chunk(this, chunks, dim); }
  pad(pad: readonly number[], mode: PadMode = 'constant', value = 0): Tensor { return ops.pad(this, pad, { mode, value }); }
}

function flattenArgs(args: number[] | [readonly number[]]): readonly number[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as number[]);
}
