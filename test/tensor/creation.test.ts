// Creating tensors and reading them back: tensor() from nested and typed arrays, filled tensors, ranges,
// identity, random draws (ranges, moments, seeded determinism, generator state), toString and the read APIs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Generator, arange, eye, full, fullLike, linspace, manualSeed, ones, onesLike, rand, randint, randLike, randn, randnLike, tensor, zeros, zerosLike,
  type Tensor,
} from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

const values = (t: Tensor): number[] => Array.from(t.dataSync());

function moments(t: Tensor): { mean: number; std: number; min: number; max: number } {
  const v = t.dataSync();
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    sum += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = sum / v.length;
  let sq = 0;
  for (const x of v) sq += (x - mean) ** 2;
  return { mean, std: Math.sqrt(sq / v.length), min, max };
}

const SAMPLE = 200_000;

test('tensor() from nested arrays infers shape, defaults to float32', () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dtype, 'float32');
  assert.equal(t.backend.name, 'cpu');
  assert.deepEqual(values(t), [1, 2, 3, 4, 5, 6]);
  assert.equal(t.rank, 2);
  assert.equal(t.size, 6);
  const s = tensor(2.5);
  assert.deepEqual(s.shape, []);
  assert.equal(s.item(), 2.5);
  const empty = tensor([]);
  assert.deepEqual(empty.shape, [0]);
  assert.equal(empty.size, 0);
  const deep = tensor([[[1], [2]]], { dtype: 'float64' });
  assert.deepEqual(deep.shape, [1, 2, 1]);
  assert.equal(deep.dtype, 'float64');
});

test('tensor() from typed arrays keeps their dtype unless told otherwise, and copies the data', () => {
  const f64 = new Float64Array([0.1, 0.2, 0.3, 0.4]);
  const a = tensor(f64, { shape: [2, 2] });
  assert.equal(a.dtype, 'float64');
  assert.deepEqual(a.shape, [2, 2]);
  f64[0] = 99;
  assert.deepEqual(values(a), [0.1, 0.2, 0.3, 0.4], 'tensor() must copy its source');
  assert.equal(tensor(new Int32Array([1, 2])).dtype, 'int32');
  assert.equal(tensor(new Float32Array([1, 2])).dtype, 'float32');
  assert.deepEqual(tensor(new Float32Array(3)).shape, [3]);
  const narrowed = tensor(new Float64Array([0.1]), { dtype: 'float32' });
  assert.equal(narrowed.dtype, 'float32');
  assert.equal(narrowed.item(), Math.fround(0.1));
  assert.deepEqual(values(tensor(new Float64Array([1.9, -1.9]), { dtype: 'int32' })), [1, -1]);
});

test('tensor() with a shape reshapes flat or nested data', () => {
  const t = tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] });
  assert.deepEqual(t.shape, [3, 2]);
  assert.deepEqual(values(t), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(tensor([[1, 2], [3, 4]], { shape: [4] }).shape, [4]);
  assert.deepEqual(values(tensor([1.9, -2.5], { dtype: 'int32' })), [1, -2]);
  const g = tensor([1, 2], { requiresGrad: true });
  assert.equal(g.requiresGrad, true);
  assert.equal(g.isLeaf, true);
});

test('zeros, ones, full and the *Like variants', () => {
  const z = zeros([2, 3]);
  assert.deepEqual(z.shape, [2, 3]);
  assert.equal(z.dtype, 'float32');
  assert.deepEqual(values(z), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(values(ones([2], { dtype: 'float64' })), [1, 1]);
  assert.equal(ones([2], { dtype: 'float64' }).dtype, 'float64');
  const f = full([2, 2], 7, { dtype: 'int32' });
  assert.equal(f.dtype, 'int32');
  assert.deepEqual(values(f), [7, 7, 7, 7]);
  assert.deepEqual(values(full([], -1.5)), [-1.5]);
  assert.deepEqual(full([], -1.5).shape, []);
  assert.deepEqual(zeros([0, 3]).shape, [0, 3]);
  const like = tensor([[1, 2]], { dtype: 'float64' });
  for (const [t, v] of [[zerosLike(like), 0], [onesLike(like), 1], [fullLike(like, 3), 3], [like.zerosLike(), 0], [like.onesLike(), 1]] as const) {
    assert.deepEqual(t.shape, [1, 2]);
    assert.equal(t.dtype, 'float64');
    assert.deepEqual(values(t), [v, v]);
  }
  assert.equal(zerosLike(like, { dtype: 'int32' }).dtype, 'int32');
});

test('arange: int32 for integer arguments, float32 otherwise, half-open like PyTorch', () => {
  const a = arange(5);
  assert.equal(a.dtype, 'int32');
  assert.deepEqual(values(a), [0, 1, 2, 3, 4]);
  assert.deepEqual(values(arange(2, 6)), [2, 3, 4, 5]);
  assert.deepEqual(values(arange(5, 0, -2)), [5, 3, 1]);
  assert.deepEqual(values(arange(3, 3)), []);
  assert.deepEqual(values(arange(3, 0)), []);
  const f = arange(1, 2.5, 0.5);
  assert.equal(f.dtype, 'float32');
  assert.deepEqual(values(f), [1, 1.5, 2]);
  // torch.arange(0, 1, 0.1) has 10 elements.
  const tenths = arange(0, 1, 0.1, { dtype: 'float64' });
  assert.equal(tenths.dtype, 'float64');
  assert.equal(tenths.size, 10);
  assertClose(values(tenths), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], TOL.handWorked, 'arange(0, 1, 0.1)');
  assert.equal(arange(4, undefined, 1, { dtype: 'float32' }).dtype, 'float32');
});

test('linspace matches PyTorch, including the exact end point', () => {
  const l = linspace(0, 1, 5);
  assert.equal(l.dtype, 'float32');
  assert.deepEqual(values(l), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(values(linspace(-1, 1, 3)), [-1, 0, 1]);
  // torch.linspace(0, 10, 4) = [0.0000, 3.3333, 6.6667, 10.0000]
  assertClose(values(linspace(0, 10, 4, { dtype: 'float64' })), [0, 10 / 3, 20 / 3, 10], TOL.handWorked, 'linspace(0, 10, 4)');
  const ends = values(linspace(0, 0.3, 7, { dtype: 'float64' }));
  assert.equal(ends[0], 0);
  assert.equal(ends[6], 0.3, 'the last value is exactly end');
  assert.deepEqual(values(linspace(2, 5, 1)), [2]);
  assert.deepEqual(values(linspace(2, 5, 0)), []);
  assert.deepEqual(values(linspace(1, 0, 3)), [1, 0.5, 0]);
});

test('eye: square and rectangular', () => {
  const i3 = eye(3);
  assert.deepEqual(i3.shape, [3, 3]);
  assert.deepEqual(values(i3), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  assert.deepEqual(eye(2, 3).shape, [2, 3]);
  assert.deepEqual(values(eye(2, 3)), [1, 0, 0, 0, 1, 0]);
  assert.deepEqual(values(eye(3, 2)), [1, 0, 0, 1, 0, 0]);
  assert.equal(eye(2, 2, { dtype: 'int32' }).dtype, 'int32');
});

test('rand: values in [0, 1), mean 1/2 and std 1/sqrt(12) on a large sample', () => {
  const r = rand([SAMPLE], { generator: new Generator(1) });
  assert.equal(r.dtype, 'float32');
  const m = moments(r);
  assert.ok(m.min >= 0 && m.max < 1, `rand range [${m.min}, ${m.max}]`);
  assertClose([m.mean, m.std], [0.5, 1 / Math.sqrt(12)], TOL.sampleMoments, 'rand mean and std');
  const r64 = rand([3, 4], { dtype: 'float64', generator: new Generator(1) });
  assert.equal(r64.dtype, 'float64');
  assert.deepEqual(r64.shape, [3, 4]);
});

test('rand in float32 never rounds up to 1', () => {
  // A uniform draw just below 1 rounds to 1.0 in float32 unless rand keeps it inside [0, 1).
  class NearOne extends Generator {
    override uniform(): number {
      return 1 - 2 ** -30;
    }
  }
  const r = rand([4], { generator: new NearOne(0) });
  assert.ok(values(r).every((v) => v < 1), `rand float32 gave ${values(r)}`);
  assert.ok(values(rand([2], { dtype: 'float64', generator: new NearOne(0) })).every((v) => v < 1));
});

test('randn: mean 0 and std 1 on a large sample', () => {
  const m = moments(randn([SAMPLE], { dtype: 'float64', generator: new Generator(2) }));
  assertClose([m.mean, m.std], [0, 1], TOL.sampleMoments, 'randn mean and std');
  assert.ok(m.min < -3 && m.max > 3, 'randn reaches the tails on 200k draws');
  const m32 = moments(randn([SAMPLE], { generator: new Generator(3) }));
  assertClose([m32.mean, m32.std], [0, 1], TOL.sampleMoments, 'randn float32 mean and std');
});

test('randint: integers in [low, high), every value hit, uniform moments', () => {
  const r = randint(-3, 5, [SAMPLE], { generator: new Generator(4) });
  assert.equal(r.dtype, 'int32');
  const v = r.dataSync();
  const counts = new Map<number, number>();
  for (const x of v) counts.set(x, (counts.get(x) ?? 0) + 1);
  assert.deepEqual([...counts.keys()].sort((a, b) => a - b), [-3, -2, -1, 0, 1, 2, 3, 4]);
  const m = moments(r);
  // Discrete uniform on 8 values: mean 0.5, variance (8^2 - 1) / 12.
  assertClose([m.mean, m.std], [0.5, Math.sqrt(63 / 12)], TOL.sampleMoments, 'randint mean and std');
  assert.equal(randint(0, 10, [2], { dtype: 'float32' }).dtype, 'float32');
});

test('manualSeed makes rand/randn/randint reproducible; different seeds differ', () => {
  const draw = (): number[][] => [values(rand([8])), values(randn([7])), values(randint(0, 1000, [8])), values(randn([3], { dtype: 'float64' }))];
  manualSeed(42);
  const first = draw();
  manualSeed(42);
  const second = draw();
  assert.deepEqual(second, first);
  manualSeed(43);
  const other = draw();
  for (let k = 0; k < first.length; k++) assert.notDeepEqual(other[k], first[k], `stream ${k} is the same for seeds 42 and 43`);
  // A fresh Generator with the same seed gives the default generator's stream.
  manualSeed(42);
  const viaDefault = values(rand([5]));
  assert.deepEqual(values(rand([5], { generator: new Generator(42) })), viaDefault);
});

test('Generator.getState/setState resumes a stream bit-identically, also mid normal pair', () => {
  const g = new Generator(7);
  rand([3], { generator: g });
  randn([3], { generator: g }); // an odd count leaves a cached second normal in the state
  const state = g.getState();
  const expected = [values(randn([5], { dtype: 'float64', generator: g })), values(rand([4], { dtype: 'float64', generator: g }))];
  g.setState(state);
  assert.deepEqual([values(randn([5], { dtype: 'float64', generator: g })), values(rand([4], { dtype: 'float64', generator: g }))], expected);
  // Another generator restored from a JSON checkpoint continues the same stream.
  const restored = new Generator(0);
  restored.setState(JSON.parse(JSON.stringify(state)) as number[]);
  assert.deepEqual(values(randn([5], { dtype: 'float64', generator: restored })), expected[0]);
  // And from a state with no cached normal.
  const h = new Generator(9);
  const even = h.getState();
  const next = values(randn([4], { dtype: 'float64', generator: h }));
  const again = new Generator(1);
  again.setState(JSON.parse(JSON.stringify(even)) as number[]);
  assert.deepEqual(values(randn([4], { dtype: 'float64', generator: again })), next);
});

test('randLike and randnLike keep shape and dtype', () => {
  const x = zeros([2, 3], { dtype: 'float64' });
  for (const t of [randLike(x), randnLike(x)]) {
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, 'float64');
  }
});

test('toString mentions values, shape, dtype, backend and requiresGrad', () => {
  const s = tensor([[1, 2.5], [3, 4]]).toString();
  assert.match(s, /shape=\[2, 2\]/);
  assert.match(s, /dtype=float32/);
  assert.match(s, /backend=cpu/);
  assert.match(s, /2\.5000/);
  assert.doesNotMatch(s, /requiresGrad/);
  assert.match(tensor([1], { requiresGrad: true }).toString(), /requiresGrad=true/);
  assert.match(arange(3, undefined, 1).toString(), /tensor\(\[0, 1, 2\], shape=\[3\], dtype=int32, backend=cpu\)/);
  const long = arange(100).toString();
  assert.match(long, /\[0, 1, 2, \.\.\., 97, 98, 99\]/);
  assert.match(String(tensor(5, { dtype: 'float64' })), /tensor\(5\., shape=\[\], dtype=float64/);
});

test('data(), dataSync(), item(), itemAsync() and tolist()', async () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
  const d = await t.data();
  assert.ok(d instanceof Float64Array);
  assert.deepEqual(Array.from(d), [1, 2, 3, 4, 5, 6]);
  const s = t.dataSync();
  s[0] = 100;
  assert.equal(t.dataSync()[0], 1, 'dataSync returns a copy');
  assert.ok(tensor([1], { dtype: 'int32' }).dataSync() instanceof Int32Array);
  assert.equal(tensor([[7]]).item(), 7);
  assert.equal(await tensor([[7]]).itemAsync(), 7);
  assert.deepEqual(await t.tolist(), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(await tensor(3).tolist(), 3);
  assert.deepEqual(await zeros([2, 0]).tolist(), [[], []]);
  assert.deepEqual(await tensor([[[1], [2]]]).tolist(), [[[1], [2]]]);
});

test('creation on webgpu: toString points to the async read, data() round-trips [webgpu]', async (t) => {
  if (!(await webgpuOrSkip(t))) return;
  const x = tensor([[1, 2], [3, 4]], { backend: 'webgpu' });
  assert.equal(x.backend.name, 'webgpu');
  assert.match(x.toString(), /<on webgpu; await tensor\.data\(\) to read>, shape=\[2, 2\], dtype=float32, backend=webgpu/);
  assert.deepEqual(Array.from(await x.data()), [1, 2, 3, 4]);
  assert.deepEqual(await x.tolist(), [[1, 2], [3, 4]]);
  assert.deepEqual(Array.from(await zeros([3], { backend: 'webgpu', dtype: 'int32' }).data()), [0, 0, 0]);
  const back = await x.toAsync('cpu');
  assert.deepEqual(values(back), [1, 2, 3, 4]);
});
