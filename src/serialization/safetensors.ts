// Checkpoints in the safetensors format (https://github.com/huggingface/safetensors), in memory: encode a state
// dict to bytes and decode bytes back to tensors. Browser-safe (no Node APIs); src/node/checkpoint-files.ts adds
// files. Bytes written match the reference writer's exactly, so files compare equal with PyTorch's. Typed arrays are
// viewed over the raw bytes, which assumes a little-endian host (as every platform Node and browsers run on is).

import type { Backend } from '../backends/backend.js';
import { getBackend } from '../backends/registry.js';
import { type BackendName, type DType, type TypedArray, dtypeOfArray } from '../backends/types.js';
import { Tensor } from '../tensor/tensor.js';
import { type ReadableDType, type WritableDType, widenHalves, writeRank } from './dtypes.js';
import { type HeaderEntry, type WriteEntry, buildHeader, parseHeader } from './header.js';
import { Int64Tensor } from './int64-tensor.js';

/** One stored array: a framegrad tensor, or exact int64 values (which no backend holds). */
export type SafetensorsEntry = Tensor | Int64Tensor;

export interface SafetensorsFile {
  /** By name, in the header's order (integer-like names first, as in any JS object). I64 entries are Int64Tensor. */
  readonly tensors: Record<string, SafetensorsEntry>;
  /** The header's `__metadata__`; undefined when the file has none (encoding then writes none either). */
  readonly metadata: Record<string, string> | undefined;
}

export interface DecodeSafetensorsOptions {
  /** Where tensors are placed (default: the current default backend). */
  readonly backend?: BackendName | Backend;
  /** dtype of floating-point tensors (default: float64 for F64, float32 for F32, F16 and BF16). */
  readonly dtype?: 'float32' | 'float64';
}

const WRITE_DTYPE: Readonly<Record<DType, WritableDType>> = { float64: 'F64', float32: 'F32', int32: 'I32' };
const LONE_SURROGATE = /\p{Cs}/u;
const UTF8 = new TextEncoder();

function fail(problem: string): never {
  throw new Error(`safetensors: ${problem}`);
}

function checkText(what: string, text: string): void {
  if (LONE_SURROGATE.test(text)) fail(`${what} ${JSON.stringify(text)} is not valid Unicode (lone surrogate)`);
}

function bytesOf(values: TypedArray | BigInt64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Byte-wise (UTF-8) order, as Rust compares strings; JS `<` compares UTF-16 units, which differs above U+FFFF. */
function compareUtf8(a: string, b: string): number {
  const x = UTF8.encode(a);
  const y = UTF8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

interface Pending extends WriteEntry {
  readonly data: Uint8Array;
}

async function prepare(name: string, entry: SafetensorsEntry): Promise<Pending> {
  if (entry instanceof Int64Tensor) return { name, dtype: 'I64', shape: entry.shape, byteLength: entry.values.byteLength, data: bytesOf(entry.values) };
  if (!(entry instanceof Tensor)) fail(`'${name}' is not a Tensor or Int64Tensor`);
  if (entry.isDisposed) fail(`tensor '${name}' was disposed`);
  const data = bytesOf(await entry.data());
  return { name, dtype: WRITE_DTYPE[entry.dtype], shape: entry.shape, byteLength: data.byteLength, data };
}

function checkMetadata(metadata: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(metadata)) {
    checkText('metadata key', key);
    if (typeof value !== 'string') fail(`metadata value of '${key}' must be a string, got ${typeof value}`);
    checkText(`metadata value of '${key}'`, value);
  }
}

/**
 * The safetensors bytes of a state dict: tensors sorted by dtype (I64, F64, F32, I32) then by name, as the
 * reference writer orders them; metadata entries in the object's key order. Tensors on webgpu are read back.
 */
export async function encodeSafetensors(tensors: Readonly<Record<string, SafetensorsEntry>>, metadata?: Readonly<Record<string, string>>): Promise<Uint8Array> {
  for (const name of Object.keys(tensors)) {
    if (name === '__metadata__') fail(`'__metadata__' is reserved for metadata and cannot name a tensor`);
    checkText('tensor name', name);
  }
  if (metadata !== undefined) checkMetadata(metadata);
  const pending = await Promise.all(Object.entries(tensors).map(([name, entry]) => prepare(name, entry)));
  pending.sort((a, b) => writeRank(b.dtype) - writeRank(a.dtype) || compareUtf8(a.name, b.name));
  const header = buildHeader(pending, metadata);
  const out = new Uint8Array(header.length + pending.reduce((sum, p) => sum + p.byteLength, 0));
  out.set(header);
  let offset = header.length;
  for (const p of pending) {
    out.set(p.data, offset);
    offset += p.byteLength;
  }
  return out;
}

/** The framegrad dtype a float entry loads as. */
function floatTarget(dtype: 'F64' | 'F32' | 'F16' | 'BF16', requested: 'float32' | 'float64' | undefined): 'float32' | 'float64' {
  return requested ?? (dtype === 'F64' ? 'float64' : 'float32');
}

/** Host values of one non-I64 entry in the dtype it loads as. */
function hostValues(raw: Uint8Array, dtype: Exclude<ReadableDType, 'I64'>, requested: 'float32' | 'float64' | undefined): TypedArray {
  const buffer = raw.slice().buffer;
  if (dtype === 'I32') return new Int32Array(buffer);
  const native = dtype === 'F64' ? new Float64Array(buffer) : dtype === 'F32' ? new Float32Array(buffer) : widenHalves(raw, dtype);
  if (floatTarget(dtype, requested) === 'float64') return native instanceof Float64Array ? native : Float64Array.from(native);
  return native instanceof Float32Array ? native : Float32Array.from(native);
}

function checkBackendHolds(entry: HeaderEntry, backend: Backend, requested: 'float32' | 'float64' | undefined): void {
  if (entry.dtype === 'I64' || entry.dtype === 'I32') return;
  const dtype = floatTarget(entry.dtype, requested);
  if (!backend.dtypes.includes(dtype)) fail(`tensor '${entry.name}' (${entry.dtype}) would load as ${dtype}, which backend '${backend.name}' cannot hold; pass dtype: 'float32'`);
}

function load(raw: Uint8Array, entry: HeaderEntry, backend: Backend, requested: 'float32' | 'float64' | undefined): SafetensorsEntry {
  if (entry.dtype === 'I64') return new Int64Tensor(new BigInt64Array(raw.slice().buffer), entry.shape);
  const values = hostValues(raw, entry.dtype, requested);
  return Tensor.fromArray(values, entry.shape, dtypeOfArray(values), backend);
}

/** Tensors and metadata of safetensors bytes. Validates everything first: on any problem nothing is loaded. */
export function decodeSafetensors(bytes: Uint8Array, options: DecodeSafetensorsOptions = {}): SafetensorsFile {
  if (!(bytes instanceof Uint8Array)) fail('expected the file as a Uint8Array');
  if (options.dtype !== undefined && options.dtype !== 'float32' && options.dtype !== 'float64') fail(`dtype must be 'float32' or 'float64', got '${String(options.dtype)}'`);
  const header = parseHeader(bytes);
  const backend = options.backend === undefined ? getBackend() : typeof options.backend === 'string' ? getBackend(options.backend) : options.backend;
  for (const entry of header.entries) checkBackendHolds(entry, backend, options.dtype);
  const tensors = header.entries.map((e): [string, SafetensorsEntry] => {
    const raw = bytes.subarray(header.dataStart + e.begin, header.dataStart + e.end);
    return [e.name, load(raw, e, backend, options.dtype)];
  });
  return { tensors: Object.fromEntries(tensors), metadata: header.metadata };
}
