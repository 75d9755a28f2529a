// Round trips through safetensors bytes: random state dicts of every dtype (0-d and zero-size tensors, names and
// metadata with escapes and non-ASCII) come back with the same bytes, and re-encode identically; tensors on webgpu
// are read back for encoding; int64 values stay exact and reach int32 only when they fit; bad input is named.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Int64Tensor, Tensor, decodeSafetensors, encodeSafetensors, tensor, type SafetensorsEntry } from '../../src/index.js';
import { checkProperty } from '../support/property.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { rawBytes, rawBytesAsync } from './entries.js';

type Kind = 'float32' | 'float64' | 'int32' | 'int64';
interface EntrySpec {
  readonly kind: Kind;
  readonly shape: number[];
  readonly values: readonly (number | bigint)[];
}

const LONE_SURROGATE = /\p{Cs}/u;
const textArb = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'binary-ascii', maxLength: 6 })).filter((s) => !LONE_SURROGATE.test(s));
const nameArb = textArb.filter((s) => s !== '__metadata__');

function valuesArb(kind: Kind, n: number): fc.Arbitrary<(number | bigint)[]> {
  const element: fc.Arbitrary<number | bigint> =
    kind === 'float32' ? fc.float() : kind === 'float64' ? fc.double() : kind === 'int32' ? fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) : fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
  return fc.array(element, { minLength: n, maxLength: n });
}

function specArb(kinds: readonly Kind[]): fc.Arbitrary<EntrySpec> {
  return fc
    .tuple(fc.constantFrom(...kinds), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }))
    .chain(([kind, shape]) => valuesArb(kind, shape.reduce((a, b) => a * b, 1)).map((values) => ({ kind, shape, values })));
}

function dictArb(kinds: readonly Kind[]): fc.Arbitrary<[string, EntrySpec][]> {
  return fc.uniqueArray(fc.tuple(nameArb, specArb(kinds)), { maxLength: 6, selector: ([name]) => name });
}

const metadataArb = fc.option(fc.uniqueArray(fc.tuple(textArb, textArb), { maxLength: 3, selector: ([key]) => key }).map((pairs) => Object.fromEntries(pairs)), { nil: undefined });

function build(spec: EntrySpec, backend: 'cpu' | 'webgpu'): SafetensorsEntry {
  if (spec.kind === 'int64') return new Int64Tensor(BigInt64Array.from(spec.values, (v) => BigInt(v)), spec.shape);
  const values = spec.kind === 'float32' ? Float32Array.from(spec.values, Number) : spec.kind === 'float64' ? Float64Array.from(spec.values, Number) : Int32Array.from(spec.values, Number);
  return tensor(values, { shape: spec.shape, backend });
}

function kindOf(entry: SafetensorsEntry): Kind {
  return entry instanceof Int64Tensor ? 'int64' : entry.dtype;
}

async function assertSameEntries(actual: Record<string, SafetensorsEntry>, expected: Record<string, SafetensorsEntry>): Promise<void> {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    assert.equal(kindOf(got), kindOf(want), `dtype of ${JSON.stringify(name)}`);
    assert.deepEqual(got.shape, want.shape, `shape of ${JSON.stringify(name)}`);
    assert.deepEqual(await rawBytesAsync(got), await rawBytesAsync(want), `bytes of ${JSON.stringify(name)}`);
  }
}

test('round trip (cpu): random state dicts of every dtype, with metadata, decode to the same bytes and re-encode identically', async () => {
  await checkProperty(
    fc.asyncProperty(dictArb(['float32', 'float64', 'int32', 'int64']), metadataArb, async (specs, metadata) => {
      const dict = Object.fromEntries(specs.map(([name, spec]) => [name, build(spec, 'cpu')]));
      const bytes = await encodeSafetensors(dict, metadata);
      const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      assert.equal(headerLength % 8, 0, 'header padded to 8 bytes');
      const file = decodeSafetensors(bytes, { backend: 'cpu' });
      assert.deepEqual(file.metadata, metadata);
      await assertSameEntries(file.tensors, dict);
      assert.deepEqual(await encodeSafetensors(file.tensors, file.metadata), bytes);
    }),
    150,
  );
});

test('round trip (webgpu): tensors on webgpu encode (read back asynchronously) and decode onto webgpu and cpu', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  await checkProperty(
    fc.asyncProperty(dictArb(['float32', 'int32', 'int64']), async (specs) => {
      const onGpu = Object.fromEntries(specs.map(([name, spec]) => [name, build(spec, 'webgpu')]));
      const onCpu = Object.fromEntries(specs.map(([name, spec]) => [name, build(spec, 'cpu')]));
      const bytes = await encodeSafetensors(onGpu);
      assert.deepEqual(bytes, await encodeSafetensors(onCpu));
      const back = decodeSafetensors(bytes, { backend: 'webgpu' });
      for (const entry of Object.values(back.tensors)) if (entry instanceof Tensor) assert.equal(entry.backend.name, 'webgpu');
      await assertSameEntries(back.tensors, onCpu);
    }),
    25,
  );
});

test('decode onto webgpu: F64 needs dtype float32 (the backend holds no float64), and then loads', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const bytes = await encodeSafetensors({ w: tensor([0.1, 2], { dtype: 'float64', backend: 'cpu' }) });
  assert.throws(() => decodeSafetensors(bytes, { backend: 'webgpu' }), /safetensors: tensor 'w' \(F64\) would load as float64, which backend 'webgpu' cannot hold; pass dtype: 'float32'/);
  const w = decodeSafetensors(bytes, { backend: 'webgpu', dtype: 'float32' }).tensors.w;
  assert.ok(w instanceof Tensor);
  assert.deepEqual(await w.data(), Float32Array.of(0.1, 2));
});

test('Int64Tensor: toTensor converts values that fit int32 and names the first that does not', () => {
  const fits = new Int64Tensor(BigInt64Array.of(-(2n ** 31n), 0n, 2n ** 31n - 1n, 5n), [2, 2]).toTensor({ backend: 'cpu' });
  assert.equal(fits.dtype, 'int32');
  assert.deepEqual(fits.shape, [2, 2]);
  assert.deepEqual(fits.dataSync(), Int32Array.of(-(2 ** 31), 0, 2 ** 31 - 1, 5));
  assert.throws(() => new Int64Tensor(BigInt64Array.of(1n, 2n ** 31n)).toTensor(), /Int64Tensor.toTensor: element 1 is 2147483648, outside the int32 range/);
  assert.throws(() => new Int64Tensor(BigInt64Array.of(1n, 2n), [3]), /Int64Tensor: shape \[3\] needs 3 values, got 2/);
  assert.throws(() => new Int64Tensor(BigInt64Array.of(1n), [-1]), /Int64Tensor: invalid shape \[-1\]/);
});

test('Int64Tensor: fromTensor widens an int32 tensor exactly and refuses floats', async () => {
  const x = await Int64Tensor.fromTensor(tensor([[3, -4]], { dtype: 'int32', backend: 'cpu' }));
  assert.deepEqual(x.shape, [1, 2]);
  assert.deepEqual(x.values, BigInt64Array.of(3n, -4n));
  await assert.rejects(Int64Tensor.fromTensor(tensor([1.5], { backend: 'cpu' })), /Int64Tensor.fromTensor: expected an int32 tensor, got float32 of shape \[1\]/);
});

test('encode: bad state dicts are refused with the problem named', async () => {
  const x = tensor([1], { backend: 'cpu' });
  await assert.rejects(encodeSafetensors({ __metadata__: x }), /safetensors: '__metadata__' is reserved/);
  await assert.rejects(encodeSafetensors({ ['a\ud800']: x }), /safetensors: tensor name "a\\ud800" is not valid Unicode/);
  await assert.rejects(encodeSafetensors({ x }, { ['k\udc00']: 'v' }), /safetensors: metadata key "k\\udc00" is not valid Unicode/);
  await assert.rejects(encodeSafetensors({ x }, { k: 3 } as unknown as Record<string, string>), /safetensors: metadata value of 'k' must be a string, got number/);
  await assert.rejects(encodeSafetensors({ x: [1, 2] } as unknown as Record<string, Tensor>), /safetensors: 'x' is not a Tensor or Int64Tensor/);
  const gone = tensor([1], { backend: 'cpu' });
  gone.dispose();
  await assert.rejects(encodeSafetensors({ gone }), /safetensors: tensor 'gone' was disposed/);
});

test('decode: options and input are checked', () => {
  assert.throws(() => decodeSafetensors([1, 2] as unknown as Uint8Array), /safetensors: expected the file as a Uint8Array/);
  assert.throws(() => decodeSafetensors(new Uint8Array(16), { dtype: 'int32' as unknown as 'float32' }), /safetensors: dtype must be 'float32' or 'float64', got 'int32'/);
});

test('decode: a Uint8Array view into a larger buffer at an odd offset decodes the same', async () => {
  const bytes = await encodeSafetensors({ a: tensor([1, 2, 3], { dtype: 'float64', backend: 'cpu' }) });
  const padded = new Uint8Array(bytes.length + 3);
  padded.set(bytes, 1);
  const a = decodeSafetensors(padded.subarray(1, 1 + bytes.length), { backend: 'cpu' }).tensors.a;
  assert.ok(a instanceof Tensor);
  assert.deepEqual(rawBytes(a), rawBytes(tensor([1, 2, 3], { dtype: 'float64', backend: 'cpu' })));
});
