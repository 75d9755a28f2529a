// The safetensors container layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON, then the data.
// Reading validates every rule the reference Rust reader (safetensors/src/tensor.rs, `read_metadata` and
// `Metadata::validate`) enforces, and a few more (duplicate keys, unknown fields), before anything is loaded;
// writing reproduces the reference writer's header byte for byte.

import { formatShape } from '../tensor/shape.js';
import { ITEM_BYTES, type ReadableDType, type WritableDType, isFormatDType, isReadable, readableList } from './dtypes.js';
import { type JsonObject, type JsonValue, parseStrictJson } from './strict-json.js';

const LENGTH_BYTES = 8;
/** The reference's limit on N (MAX_HEADER_SIZE). */
const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
const ENTRY_FIELDS = ['dtype', 'shape', 'data_offsets'];

/** One tensor's header entry; offsets are relative to the start of the data region. */
export interface HeaderEntry {
  readonly name: string;
  readonly dtype: ReadableDType;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

export interface ParsedHeader {
  /** In the header's key order. */
  readonly entries: readonly HeaderEntry[];
  /** Absent when the file has no `__metadata__` (or it is null). */
  readonly metadata: Record<string, string> | undefined;
  /** Byte offset of the data region in the file. */
  readonly dataStart: number;
}

function fail(problem: string): never {
  throw new Error(`safetensors: ${problem}`);
}

function isObject(value: JsonValue): value is JsonObject {
  return value instanceof Map;
}

function isIndex(value: JsonValue): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function readMetadata(value: JsonValue): Record<string, string> | undefined {
  if (value === null) return undefined;
  if (!isObject(value)) fail(`${METADATA_KEY} must be an object of strings, got ${JSON.stringify(value)}`);
  const entries: [string, string][] = [];
  for (const [key, v] of value) {
    if (typeof v !== 'string') fail(`${METADATA_KEY} value of ${JSON.stringify(key)} must be a string, got ${JSON.stringify(v)}`);
    entries.push([key, v]);
  }
  return Object.fromEntries(entries);
}

/** Byte size of a tensor, refusing shapes whose element count overflows (as the reference does, left to right). */
function byteSize(name: string, dtype: ReadableDType, shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) fail(`tensor '${name}': shape ${formatShape(shape)} overflows`);
  }
  const bytes = n * ITEM_BYTES[dtype];
  if (!Number.isSafeInteger(bytes)) fail(`tensor '${name}': shape ${formatShape(shape)} overflows`);
  return bytes;
}

function readEntry(name: string, value: JsonValue): HeaderEntry {
  if (!isObject(value)) fail(`entry '${name}' must be an object with dtype, shape and data_offsets`);
  for (const key of value.keys()) if (!ENTRY_FIELDS.includes(key)) fail(`entry '${name}' has an unknown field ${JSON.stringify(key)}`);
  const dtype = value.get('dtype');
  const shape = value.get('shape');
  const offsets = value.get('data_offsets');
  if (typeof dtype !== 'string') fail(`entry '${name}' needs a string dtype`);
  if (!isReadable(dtype)) {
    fail(isFormatDType(dtype) ? `tensor '${name}' has dtype ${dtype}, which framegrad cannot load (it reads ${readableList()})` : `tensor '${name}' has unknown dtype ${JSON.stringify(dtype)}`);
  }
  if (!Array.isArray(shape) || !shape.every(isIndex)) fail(`entry '${name}' needs a shape of non-negative integers, got ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    fail(`entry '${name}' needs data_offsets [begin, end] of non-negative integers, got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets;
  if (end < begin) fail(`tensor '${name}': data_offsets [${begin}, ${end}] end before they begin`);
  const expected = byteSize(name, dtype, shape);
  if (end - begin !== expected) {
    fail(`tensor '${name}': dtype ${dtype} and shape ${formatShape(shape)} need ${expected} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { name, dtype, shape, begin, end };
}

/** Tensors sorted by offset must tile the data region exactly: no overlap, no hole, nothing after the last. */
function checkTiling(entries: readonly HeaderEntry[], dataBytes: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const e of sorted) {
    if (e.end > dataBytes) fail(`tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] run past the ${dataBytes}-byte data region`);
    if (e.begin < cursor) fail(`tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] overlap the previous tensor, which ends at ${cursor}`);
    if (e.begin > cursor) fail(`data bytes [${cursor}, ${e.begin}) belong to no tensor (before '${e.name}')`);
    cursor = e.end;
  }
  if (cursor !== dataBytes) fail(`the tensors cover ${cursor} bytes but the data region holds ${dataBytes}`);
}

/** Parses and validates the header of a whole file. */
export function parseHeader(bytes: Uint8Array): ParsedHeader {
  if (bytes.length < LENGTH_BYTES) fail(`file is ${bytes.length} bytes, shorter than the ${LENGTH_BYTES}-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, LENGTH_BYTES).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) fail(`header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const dataStart = LENGTH_BYTES + Number(n);
  if (dataStart > bytes.length) fail(`header length ${n} runs past the end of the ${bytes.length}-byte file`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(LENGTH_BYTES, dataStart));
  } catch {
    return fail('header is not valid UTF-8');
  }
  let root: JsonValue;
  try {
    root = parseStrictJson(text);
  } catch (e) {
    return fail(`header is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isObject(root)) fail('header must be a JSON object');
  let metadata: Record<string, string> | undefined;
  const entries: HeaderEntry[] = [];
  for (const [key, value] of root) {
    if (key === METADATA_KEY) metadata = readMetadata(value);
    else entries.push(readEntry(key, value));
  }
  checkTiling(entries, bytes.length - dataStart);
  return { entries, metadata, dataStart };
}

/** What the writer needs to know of each tensor, already in file order. */
export interface WriteEntry {
  readonly name: string;
  readonly dtype: WritableDType;
  readonly shape: readonly number[];
  readonly byteLength: number;
}

/**
 * The length prefix and header, as the reference writer emits them: compact JSON with `__metadata__` first (when
 * given), then each tensor as {"dtype","shape","data_offsets"} with offsets packed back to back, padded with
 * spaces to a multiple of 8 bytes so the data starts 8-byte aligned.
 */
export function buildHeader(entries: readonly WriteEntry[], metadata: Readonly<Record<string, string>> | undefined): Uint8Array {
  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(metadata)}`);
  let offset = 0;
  for (const e of entries) {
    const info = `{"dtype":"${e.dtype}","shape":[${e.shape.join(',')}],"data_offsets":[${offset},${offset + e.byteLength}]}`;
    parts.push(`${JSON.stringify(e.name)}:${info}`);
    offset += e.byteLength;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const n = Math.ceil(json.length / LENGTH_BYTES) * LENGTH_BYTES;
  if (n > MAX_HEADER_BYTES) fail(`header would be ${n} bytes, over the ${MAX_HEADER_BYTES}-byte limit`);
  const out = new Uint8Array(LENGTH_BYTES + n).fill(0x20, LENGTH_BYTES + json.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  out.set(json, LENGTH_BYTES);
  return out;
}
