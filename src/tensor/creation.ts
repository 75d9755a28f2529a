// Creating tensors: from nested arrays or typed arrays, filled, ranges, identity, and random draws from the
// one seeded generator (src/tensor/random.ts). Values are produced on the host, then uploaded once.

import type { Backend } from '../backends/backend.js';
import { getBackend } from '../backends/registry.js';
import { type BackendName, type DType, type TypedArray, dtypeOfArray, typedArrayFor } from '../backends/types.js';
import { defaultGenerator, type Generator } from './random.js';
import { assertValidShape, formatShape, sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

export interface CreationOptions {
  readonly dtype?: DType;
  readonly backend?: BackendName | Backend;
  readonly requiresGrad?: boolean;
}

export interface RandomOptions extends CreationOptions {
  readonly generator?: Generator;
}

export type NestedArray = number | readonly NestedArray[];

function place(values: TypedArray, shape: readonly number[], options: CreationOptions): Tensor {
  const dtype = options.dtype ?? dtypeOfArray(values);
  const data = dtypeOfArray(values) === dtype ? values : typedArrayFor(dtype, values.length);
  if (data !== values) for (let i = 0; i < values.length; i++) data[i] = dtype === 'int32' ? Math.trunc(values[i]) : values[i];
  const backend = options.backend === undefined ? getBackend() : typeof options.backend === 'string' ? getBackend(options.backend) : options.backend;
  const t = Tensor.fromArray(data, shape, dtype, backend);
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0] as NestedArray;
    if (level === undefined) break;
  }
  return shape;
}

function flattenNested(data: NestedArray, shape: readonly number[], out: number[], dim: number): void {
  if (dim === shape.length) {
    if (typeof data !== 'number') throw new Error(`tensor: ragged nested array (expected a number at depth ${dim})`);
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[dim]) {
    throw new Error(`tensor: ragged nested array; expected length ${shape[dim]} at depth ${dim} for shape ${formatShape(shape)}`);
  }
  for (const item of data as readonly NestedArray[]) flattenNested(item, shape, out, dim + 1);
}

/**
 * tensor(data, options): from nested arrays (shape inferred) or a flat typed array / number[] with `shape`.
 * A typed array's own dtype is kept unless `dtype` says otherwise; numbers default to float32.
 */
export function tensor(data: NestedArray | TypedArray, options: CreationOptions & { readonly shape?: readonly number[] } = {}): Tensor {
  if (ArrayBuffer.isView(data)) {
    const shape = options.shape ?? [data.length];
    assertValidShape('tensor', shape);
    if (sizeOf(shape) !== data.length) throw new Error(`tensor: shape ${formatShape(shape)} needs ${sizeOf(shape)} values, got ${data.length}`);
    return place(data.slice(), shape, options);
  }
  const inferred = inferShape(data);
  const flat: number[] = [];
  flattenNested(data, inferred, flat, 0);
  const shape = options.shape ?? inferred;
  if (sizeOf(shape) !== flat.length) throw new Error(`tensor: shape ${formatShape(shape)} needs ${sizeOf(shape)} values, got ${flat.length}`);
  const dtype = options.dtype ?? 'float32';
  const values = typedArrayFor(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) values[i] = flat[i];
  return place(values, shape, { ...options, dtype });
}

export function full(shape: readonly number[], value: number, options: CreationOptions = {}): Tensor {
  assertValidShape('full', shape);
  const values = typedArrayFor(options.dtype ?? 'float32', sizeOf(shape));
  values.fill(value);
  return place(values, shape, options);
}

export const zeros = (shape: readonly number[], options: CreationOptions = {}): Tensor => full(shape, 0, options);
export const ones = (shape: readonly number[], options: CreationOptions = {}): Tensor => full(shape, 1, options);

function like(x: Tensor, options: CreationOptions): CreationOptions {
  return { dtype: x.dtype, backend: x.backend, ...options };
}

export const zerosLike = (x: Tensor, options: CreationOptions = {}): Tensor => full(x.shape, 0, like(x, options));
export const onesLike = (x: Tensor, options: CreationOptions = {}): Tensor => full(x.shape, 1, like(x, options));
export const fullLike = (x: Tensor, value: number, options: CreationOptions = {}): Tensor => full(x.shape, value, like(x, options));

/** arange(end) or arange(start, end, step), half-open like PyTorch; int32 when all arguments are integers. */
export function arange(start: number, end?: number, step = 1, options: CreationOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (step === 0 || !Number.isFinite(step)) throw new Error(`arange: step must be a non-zero finite number, got ${step}`);
  const n = Math.max(Math.ceil((hi - lo) / step), 0);
  const integral = [lo, hi, step].every(Number.isInteger);
  const values = typedArrayFor(options.dtype ?? (integral ? 'int32' : 'float32'), n);
  for (let i = 0; i < n; i++) values[i] = lo + i * step;
  return place(values, [n], options);
}

export function linspace(start: number, end: number, steps: number, options: CreationOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`linspace: steps must be a non-negative integer, got ${steps}`);
  const values = typedArrayFor(options.dtype ?? 'float32', steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends towards the middle, as PyTorch does, so the last value is exactly `end`.
  for (let i = 0; i < steps; i++) values[i] = i < steps / 2 ? start + i * delta : end - (steps - 1 - i) * delta;
  return place(values, [steps], options);
}

export function eye(n: number, m = n, options: CreationOptions = {}): Tensor {
  const values = typedArrayFor(options.dtype ?? 'float32', n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return place(values, [n, m], options);
}

function randomFill(shape: readonly number[], options: RandomOptions, draw: (g: Generator) => number, op: string): Tensor {
  assertValidShape(op, shape);
  const dtype = options.dtype ?? 'float32';
  const gen = options.generator ?? defaultGenerator;
  const values = typedArrayFor(dtype, sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = draw(gen);
  return place(values, shape, { ...options, dtype });
}

/** The largest float32 below 1. */
const FLOAT32_BELOW_ONE = 1 - 2 ** -24;

/** Uniform on [0, 1). */
export function rand(shape: readonly number[], options: RandomOptions = {}): Tensor {
  // A 53-bit draw within 2^-25 of 1 rounds up to exactly 1 when stored as float32; keep it below 1.
  const below = (options.dtype ?? 'float32') === 'float32' ? FLOAT32_BELOW_ONE : 1;
  return randomFill(shape, options, (g) => Math.min(g.uniform(), below), 'rand');
}

/** Standard normal. */
export const randn = (shape: readonly number[], options: RandomOptions = {}): Tensor => randomFill(shape, options, (g) => g.normal(), 'randn');

/** Uniform integers in [low, high), int32 by default. */
export function randint(low: number, high: number, shape: readonly number[], options: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) throw new Error(`randint: need integers low < high, got ${low} and ${high}`);
  return randomFill(shape, { dtype: 'int32', ...options }, (g) => g.integer(low, high), 'randint');
}

export const randLike = (x: Tensor, options: RandomOptions = {}): Tensor => rand(x.shape, { dtype: x.dtype, backend: x.backend, ...options });
export const randnLike = (x: Tensor, options: RandomOptions = {}): Tensor => randn(x.shape, { dtype: x.dtype, backend: x.backend, ...options });
