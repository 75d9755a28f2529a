// Malformed safetensors files: every truncation, extension and false header length of a small file, lies about
// offsets and shapes, random header bytes and a catalogue of bad headers are refused with an Error naming the
// problem (prefixed "safetensors:"), loading nothing. A random mutation that still yields a valid file (a renamed
// tensor, F32 read as I32) must decode to exactly the file's data bytes, never to anything else.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Int64Tensor, decodeSafetensors, encodeSafetensors, getBackend, tensor, type SafetensorsFile } from '../../src/index.js';
import { checkProperty } from '../support/property.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { rawBytes } from './entries.js';

const SAFETENSORS_ERROR = /^safetensors: /;

/** A file of a header text (padded with spaces to 8 bytes) and data bytes; `raw` gives the header's exact bytes. */
function fileWith(header: string | Uint8Array, data: ArrayLike<number> = []): Uint8Array {
  const text = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const n = Math.ceil(text.length / 8) * 8;
  const out = new Uint8Array(8 + n + data.length).fill(0x20, 8, 8 + n);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  out.set(text, 8);
  out.set(data, 8 + n);
  return out;
}

/** Decodes on cpu; on failure checks the message and that no tensor was allocated. */
function tryDecode(bytes: Uint8Array): SafetensorsFile | Error {
  const before = getBackend('cpu').memory().liveBuffers;
  try {
    return decodeSafetensors(bytes, { backend: 'cpu' });
  } catch (e) {
    assert.ok(e instanceof Error, `decode threw a non-Error: ${String(e)}`);
    assert.match(e.message, SAFETENSORS_ERROR);
    assert.equal(getBackend('cpu').memory().liveBuffers, before, `a failed decode allocated tensors (${e.message})`);
    return e;
  }
}

function assertRefused(bytes: Uint8Array, what: string, message: RegExp = SAFETENSORS_ERROR): void {
  const result = tryDecode(bytes);
  assert.ok(result instanceof Error, `${what}: decoded instead of failing`);
  assert.match(result.message, message, what);
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** A small valid file: every dtype, a zero-size tensor, metadata. Integers are chosen to be no NaN as float bits. */
async function sampleFile(): Promise<{ bytes: Uint8Array; blobs: string[] }> {
  const tensors = {
    w: tensor([[0.5, -1], [2, 3.25]], { dtype: 'float32', backend: 'cpu' }),
    b: tensor([0.1, -7], { dtype: 'float64', backend: 'cpu' }),
    n: tensor(Int32Array.of(1, 1000, -(2 ** 30)), { backend: 'cpu' }),
    k: new Int64Tensor(BigInt64Array.of(12n, 2n ** 40n)),
    z: tensor([], { shape: [0], dtype: 'float32', backend: 'cpu' }),
  };
  const bytes = await encodeSafetensors(tensors, { format: 'pt' });
  return { bytes, blobs: Object.values(tensors).map((t) => hex(rawBytes(t))).sort() };
}

test('corrupt: every truncation of a file is refused', async () => {
  const { bytes } = await sampleFile();
  for (let length = 0; length < bytes.length; length++) assertRefused(bytes.subarray(0, length), `truncated to ${length} bytes`);
  assertRefused(bytes.subarray(0, 5), 'five bytes', /^safetensors: file is 5 bytes, shorter than the 8-byte header length$/);
});

test('corrupt: trailing bytes after the data are refused', async () => {
  const { bytes } = await sampleFile();
  for (let extra = 1; extra <= 16; extra++) {
    const longer = new Uint8Array(bytes.length + extra);
    longer.set(bytes);
    assertRefused(longer, `${extra} trailing bytes`, /the tensors cover \d+ bytes but the data region holds \d+/);
  }
});

test('corrupt: every false header length is refused, huge ones before reading anything', async () => {
  const { bytes } = await sampleFile();
  const trueLength = new DataView(bytes.buffer).getBigUint64(0, true);
  const withLength = (n: bigint): Uint8Array => {
    const copy = bytes.slice();
    new DataView(copy.buffer).setBigUint64(0, n, true);
    return copy;
  };
  for (let n = 0n; n <= BigInt(bytes.length) + 8n; n++) if (n !== trueLength) assertRefused(withLength(n), `header length ${n}`);
  for (const n of [100_000_001n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n]) {
    assertRefused(withLength(n), `header length ${n}`, new RegExp(`^safetensors: header length ${n} exceeds the 100000000-byte limit$`));
  }
  assertRefused(withLength(1000n), 'header length 1000', /^safetensors: header length 1000 runs past the end of the \d+-byte file$/);
});

test('corrupt: a changed offset, or a changed dim of a non-empty tensor, is always refused', async () => {
  const { bytes } = await sampleFile();
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { shape: number[]; data_offsets: number[] }>;
  const names = Object.keys(header).filter((k) => k !== '__metadata__');
  await checkProperty(
    fc.property(fc.constantFrom(...names), fc.integer({ min: 0, max: 3 }), fc.integer({ min: -9, max: 9 }).filter((d) => d !== 0), (name, field, delta) => {
      const lied = structuredClone(header);
      const entry = lied[name];
      const numel = entry.shape.reduce((a, b) => a * b, 1);
      if (field < 2) entry.data_offsets[field] += delta;
      else if (field === 3 && numel > 0 && entry.shape.length > 0) entry.shape[0] += Math.abs(delta);
      else entry.shape = [numel + Math.abs(delta)];
      assertRefused(fileWith(JSON.stringify(lied), bytes.subarray(8 + n)), `${name} ${JSON.stringify(entry)}`);
    }),
    200,
  );
});

test('corrupt: random header bytes are refused, or (when still valid) decode to exactly the original data bytes', async () => {
  const { bytes, blobs } = await sampleFile();
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  const refused = { count: 0 };
  await checkProperty(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 8, max: 8 + n - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), (edits) => {
      const mutated = bytes.slice();
      for (const [at, value] of edits) mutated[at] = value;
      const result = tryDecode(mutated);
      if (result instanceof Error) {
        refused.count++;
        return;
      }
      // Still a valid file: the same data, perhaps under other names or reinterpreted at the same width.
      assert.deepEqual(Object.values(result.tensors).map((t) => hex(rawBytes(t))).sort(), blobs);
      for (const value of Object.values(result.metadata ?? {})) assert.equal(typeof value, 'string');
    }),
    1000,
  );
  assert.ok(refused.count > 500, `only ${refused.count} of 1000 mutations were refused`);
});

const F32 = (shape: number[], begin: number, end: number): string => `{"dtype":"F32","shape":${JSON.stringify(shape)},"data_offsets":[${begin},${end}]}`;

const BAD_HEADERS: readonly { what: string; header: string | Uint8Array; data?: number[]; message: RegExp }[] = [
  { what: 'not JSON', header: 'not json', message: /^safetensors: header is not valid JSON: invalid literal at character 0$/ },
  { what: 'JSON array', header: '[]', message: /^safetensors: header must be a JSON object$/ },
  { what: 'trailing comma', header: `{"a":${F32([1], 0, 4)},}`, data: [0, 0, 0, 0], message: /not valid JSON: expected a string key/ },
  { what: 'text after the object', header: '{} x', message: /not valid JSON: unexpected text after the top-level value/ },
  { what: 'unterminated', header: '{"a":{"dtype":"F3', message: /not valid JSON: unterminated string/ },
  { what: 'NaN literal', header: '{"a":NaN}', message: /not valid JSON/ },
  { what: 'byte-order mark', header: '\ufeff{}', message: /not valid JSON/ },
  { what: 'invalid UTF-8', header: Uint8Array.of(0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d), message: /^safetensors: header is not valid UTF-8$/ },
  { what: 'lone surrogate escape', header: `{"\\ud800":${F32([], 0, 4)}}`, data: [0, 0, 0, 0], message: /lone high surrogate escape/ },
  { what: 'deep nesting', header: `{"__metadata__":${'['.repeat(100_000)}`, message: /nesting deeper than 128 levels/ },
  { what: 'duplicate tensor', header: `{"a":${F32([1], 0, 4)},"a":${F32([1], 4, 8)}}`, data: [0, 0, 0, 0, 0, 0, 0, 0], message: /duplicate key "a"/ },
  { what: 'duplicate field', header: '{"a":{"dtype":"F32","dtype":"F32","shape":[],"data_offsets":[0,4]}}', data: [0, 0, 0, 0], message: /duplicate key "dtype"/ },
  { what: 'entry not an object', header: '{"a":[1]}', message: /^safetensors: entry 'a' must be an object with dtype, shape and data_offsets$/ },
  { what: 'missing data_offsets', header: '{"a":{"dtype":"F32","shape":[]}}', message: /^safetensors: entry 'a' needs data_offsets \[begin, end\] of non-negative integers, got undefined$/ },
  { what: 'unknown field', header: '{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4],"x":1}}', data: [0, 0, 0, 0], message: /^safetensors: entry 'a' has an unknown field "x"$/ },
  { what: 'unknown dtype', header: '{"a":{"dtype":"F33","shape":[],"data_offsets":[0,4]}}', data: [0, 0, 0, 0], message: /^safetensors: tensor 'a' has unknown dtype "F33"$/ },
  { what: 'unsupported dtype', header: '{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', data: [0], message: /^safetensors: tensor 'a' has dtype U8, which framegrad cannot load \(it reads F64, F32, F16, BF16, I64, I32\)$/ },
  { what: 'fractional dim', header: `{"a":${F32([1.5], 0, 4)}}`, message: /^safetensors: entry 'a' needs a shape of non-negative integers, got \[1.5\]$/ },
  { what: 'negative dim', header: `{"a":${F32([-1], 0, 4)}}`, message: /needs a shape of non-negative integers, got \[-1\]/ },
  { what: 'string dim', header: '{"a":{"dtype":"F32","shape":["1"],"data_offsets":[0,4]}}', message: /needs a shape of non-negative integers/ },
  { what: 'one offset', header: '{"a":{"dtype":"F32","shape":[],"data_offsets":[4]}}', message: /needs data_offsets \[begin, end\] of non-negative integers, got \[4\]/ },
  { what: 'end before begin', header: `{"a":${F32([], 4, 0)}}`, message: /^safetensors: tensor 'a': data_offsets \[4, 0\] end before they begin$/ },
  { what: 'size mismatch', header: `{"a":${F32([2], 0, 4)}}`, data: [0, 0, 0, 0], message: /^safetensors: tensor 'a': dtype F32 and shape \[2\] need 8 bytes, but data_offsets \[0, 4\] span 4$/ },
  { what: 'overflowing shape', header: `{"a":${F32([2 ** 40, 2 ** 40, 0], 0, 0)}}`, message: /^safetensors: tensor 'a': shape \[1099511627776, 1099511627776, 0\] overflows$/ },
  { what: 'overlap', header: `{"a":${F32([2], 0, 8)},"b":${F32([1], 4, 8)}}`, data: [0, 0, 0, 0, 0, 0, 0, 0], message: /^safetensors: tensor 'b': data_offsets \[4, 8\] overlap the previous tensor, which ends at 8$/ },
  { what: 'hole', header: `{"a":${F32([1], 0, 4)},"b":${F32([1], 8, 12)}}`, data: new Array<number>(12).fill(0), message: /^safetensors: data bytes \[4, 8\) belong to no tensor \(before 'b'\)$/ },
  { what: 'past the data', header: `{"a":${F32([1], 0, 4)}}`, message: /^safetensors: tensor 'a': data_offsets \[0, 4\] run past the 0-byte data region$/ },
  { what: 'uncovered tail', header: `{"a":${F32([1], 0, 4)}}`, data: new Array<number>(8).fill(0), message: /^safetensors: the tensors cover 4 bytes but the data region holds 8$/ },
  { what: 'metadata not an object', header: '{"__metadata__":["x"]}', message: /^safetensors: __metadata__ must be an object of strings, got \["x"\]$/ },
  { what: 'non-string metadata', header: '{"__metadata__":{"k":1}}', message: /^safetensors: __metadata__ value of "k" must be a string, got 1$/ },
];

test('corrupt: a catalogue of bad headers, each refused with its problem named', () => {
  for (const c of BAD_HEADERS) assertRefused(fileWith(c.header, c.data), c.what, c.message);
});

test('valid but unusual headers load, as the reference reader accepts them', () => {
  // Leading whitespace, entries out of offset order, unpadded length, null metadata, a "__proto__" name.
  const file = fileWith(` \n{"__metadata__":null,"b":${F32([1], 4, 8)},"__proto__":${F32([], 0, 4)}}`, [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]);
  const result = tryDecode(file);
  assert.ok(!(result instanceof Error), result instanceof Error ? result.message : '');
  assert.equal(result.metadata, undefined);
  assert.deepEqual(Object.keys(result.tensors), ['b', '__proto__']);
  assert.deepEqual(rawBytes(result.tensors.b), Uint8Array.of(0, 0, 0, 0x40));
  assert.deepEqual(rawBytes(result.tensors['__proto__']), Uint8Array.of(0, 0, 0x80, 0x3f));
  const unpadded = new TextEncoder().encode(`{"a":${F32([], 0, 4)}}`);
  const bytes = new Uint8Array(8 + unpadded.length + 4);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(unpadded.length), true);
  bytes.set(unpadded, 8);
  assert.ok(!(tryDecode(bytes) instanceof Error), 'unpadded header');
});

test('corrupt: a failed decode onto webgpu uploads nothing', async (t) => {
  const gpu = await webgpuOrSkip(t);
  if (!gpu) return;
  // "a" (F32) is valid and listed first; "b" (F64) fails only at the backend check.
  const file = fileWith(`{"a":${F32([2], 0, 8)},"b":{"dtype":"F64","shape":[],"data_offsets":[8,16]}}`, new Array<number>(16).fill(0));
  const before = gpu.memory().liveBuffers;
  assert.throws(() => decodeSafetensors(file, { backend: gpu }), /^Error: safetensors: tensor 'b' \(F64\) would load as float64/);
  assert.equal(gpu.memory().liveBuffers, before);
});
