// The safetensors layout byte for byte: a file written out by hand from the format's rules, and the reference
// files of fixtures/make_safetensors_fixture.py (the Python library's layout: dtype-then-name order, space padding
// to 8 bytes), which framegrad must decode exactly and re-encode to identical bytes; F16/BF16 widen like PyTorch.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Int64Tensor, Tensor, decodeSafetensors, encodeSafetensors, tensor } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { rawBytes } from './entries.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/safetensors/', import.meta.url));
const readFixture = (name: string): Uint8Array => new Uint8Array(readFileSync(FIXTURES + name));

function asTensor(entry: Tensor | Int64Tensor | undefined, name: string): Tensor {
  assert.ok(entry instanceof Tensor, `${name} should decode to a Tensor`);
  return entry;
}

function asInt64(entry: Tensor | Int64Tensor | undefined, name: string): Int64Tensor {
  assert.ok(entry instanceof Int64Tensor, `${name} should decode to an Int64Tensor`);
  return entry;
}

test('encode: a small state dict gives exactly the hand-written bytes', async () => {
  const header =
    '{"__metadata__":{"k":"v"},' +
    '"c":{"dtype":"I64","shape":[],"data_offsets":[0,8]},' +
    '"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},' +
    '"a":{"dtype":"I32","shape":[1,1],"data_offsets":[16,20]}}' +
    '   '; // 189 bytes of JSON, padded with 3 spaces to 192
  const expected = Uint8Array.from([
    0xc0, 0, 0, 0, 0, 0, 0, 0, // header length 192, u64 little-endian
    ...Array.from(header, (ch) => ch.charCodeAt(0)),
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // c: int64 -1
    0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0, // b: float32 1.5, -2
    0x07, 0x00, 0x00, 0x00, // a: int32 7
  ]);
  const tensors = {
    b: tensor([1.5, -2], { dtype: 'float32', backend: 'cpu' }),
    a: tensor([[7]], { dtype: 'int32', backend: 'cpu' }),
    c: new Int64Tensor(BigInt64Array.of(-1n), []),
  };
  const bytes = await encodeSafetensors(tensors, { k: 'v' });
  assert.deepEqual(bytes, expected);
  const back = decodeSafetensors(expected, { backend: 'cpu' });
  assert.deepEqual(back.metadata, { k: 'v' });
  assert.deepEqual(Object.keys(back.tensors), ['c', 'b', 'a']);
  assert.deepEqual(asTensor(back.tensors.b, 'b').shape, [2]);
  assert.deepEqual(Array.from(asTensor(back.tensors.b, 'b').dataSync()), [1.5, -2]);
  assert.deepEqual(asTensor(back.tensors.a, 'a').shape, [1, 1]);
  assert.deepEqual(asInt64(back.tensors.c, 'c').values, BigInt64Array.of(-1n));
});

test('encode: no metadata writes no __metadata__; an empty state dict is "{}" padded to 8 bytes', async () => {
  const bytes = await encodeSafetensors({});
  assert.deepEqual(bytes, Uint8Array.from([8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20]));
  const withEmpty = new TextDecoder().decode((await encodeSafetensors({}, {})).subarray(8));
  assert.equal(withEmpty, '{"__metadata__":{}}     ');
  assert.equal(decodeSafetensors(bytes).metadata, undefined);
  assert.deepEqual(decodeSafetensors(await encodeSafetensors({}, {})).metadata, {});
});

test('encode: names sort by UTF-8 bytes within a dtype, as Rust compares strings', async () => {
  // U+FF5E sorts before U+1F600 in UTF-8 (and in code points) but after it in UTF-16 code units; a prefix first.
  const one = (v: number): Tensor => tensor([v], { backend: 'cpu' });
  const bytes = await encodeSafetensors({ '\u{1f600}': one(1), '\uff5e': one(2), b: one(3), ab: one(4), a: one(5) });
  assert.deepEqual(Object.keys(decodeSafetensors(bytes).tensors), ['a', 'ab', 'b', '\uff5e', '\u{1f600}']);
});

test('reference file: decodes to the exact values written by PyTorch, metadata included', () => {
  const file = decodeSafetensors(readFixture('reference.safetensors'), { backend: 'cpu' });
  assert.deepEqual(file.metadata, { format: 'pt', note: 'framegrad "reference"\n\u00e9\x01\t/' });
  const { tensors } = file;
  const weight = asTensor(tensors['conv.weight'], 'conv.weight');
  assert.equal(weight.dtype, 'float32');
  assert.deepEqual(weight.shape, [2, 3]);
  assert.deepEqual(weight.dataSync(), Float32Array.of(0.5, -1.25, 3, 1e-8, -0, 65504));
  assert.deepEqual(asTensor(tensors['bn.running_var'], 'bn.running_var').dataSync(), Float64Array.of(1 / 3, -2.5, 1e300));
  assert.deepEqual(asTensor(tensors.ids, 'ids').dataSync(), Int32Array.of(0, -1, 2 ** 31 - 1, -(2 ** 31)));
  const tracked = asInt64(tensors['bn.num_batches_tracked'], 'bn.num_batches_tracked');
  assert.deepEqual(tracked.shape, []);
  assert.deepEqual(tracked.values, BigInt64Array.of(3_000_000_000n));
  assert.deepEqual(asInt64(tensors.offsets, 'offsets').values, BigInt64Array.of(2n ** 40n, -(2n ** 35n), -1n, 2n ** 63n - 1n, -(2n ** 63n)));
  const scale = asTensor(tensors.scale, 'scale');
  assert.deepEqual([scale.shape, scale.item()], [[], 0.125]);
  assert.deepEqual(asTensor(tensors.empty, 'empty').shape, [0, 3]);
  assert.deepEqual(asInt64(tensors.empty_ids, 'empty_ids').shape, [0]);
  assert.deepEqual(asTensor(tensors['layer.\u00e9\u00e8 "q"'], 'layer').dataSync(), Float32Array.of(7));
});

test('reference file: re-encoding its decoded contents gives identical bytes', async () => {
  const bytes = readFixture('reference.safetensors');
  const file = decodeSafetensors(bytes, { backend: 'cpu' });
  assert.deepEqual(await encodeSafetensors(file.tensors, file.metadata), bytes);
});

test('half file: F16 and BF16 widen to float32 bit-exactly as PyTorch converts them', () => {
  const { tensors } = decodeSafetensors(readFixture('half.safetensors'), { backend: 'cpu' });
  for (const name of ['f16', 'bf16']) {
    const widened = asTensor(tensors[name], name);
    const torchF32 = asTensor(tensors[`${name}.as_f32`], `${name}.as_f32`);
    assert.equal(widened.dtype, 'float32');
    assert.deepEqual(widened.shape, [3, 4]);
    assert.deepEqual(rawBytes(widened), rawBytes(torchF32), `${name} widened bits`);
  }
});

test('decode: dtype option converts floats (F64 to float32 rounds like cast), integers stay int32', () => {
  const { tensors } = decodeSafetensors(readFixture('reference.safetensors'), { backend: 'cpu', dtype: 'float32' });
  const v = asTensor(tensors['bn.running_var'], 'bn.running_var');
  assert.equal(v.dtype, 'float32');
  assertClose(v.dataSync(), Float32Array.of(1 / 3, -2.5, Infinity), TOL.exact, 'F64 as float32');
  assert.equal(asTensor(tensors.ids, 'ids').dtype, 'int32');
  const wide = decodeSafetensors(readFixture('half.safetensors'), { backend: 'cpu', dtype: 'float64' });
  assert.equal(asTensor(wide.tensors.f16, 'f16').dtype, 'float64');
});
