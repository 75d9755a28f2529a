// Test-mode leak check on cpu: an op call leaves exactly its outputs allocated, and disposing the inputs and
// outputs returns the backend's live buffer and byte counts to the baseline.
//
// The cpu counters also fall when the garbage collector finalizes undisposed tensors. Finalization callbacks never
// interrupt synchronous code, so every check below runs synchronously from baseline to final count, disposing
// everything it creates: no GC timing is assumed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fg from '../../src/index.js';
import { getBackend, tensor, type Tensor } from '../../src/index.js';

const memory = () => getBackend('cpu').memory();

interface LeakCase {
  readonly name: string;
  readonly inputs: () => Tensor[];
  readonly op: (...xs: Tensor[]) => Tensor | Tensor[];
  /** Buffers the op itself allocates: one per output, none for an output that aliases an input (reshape). */
  readonly allocates: number;
}

const a23 = () => tensor([[1, -2, 3], [4, 5, -6]]);
const b3 = () => tensor([0.5, 1, 2]);
const idx = (values: number[], shape: number[] = [values.length]) => tensor(Int32Array.from(values), { shape });

function checkNoLeak(c: LeakCase): void {
  const base = memory();
  const xs = c.inputs();
  const withInputs = memory().liveBuffers;
  assert.equal(withInputs, base.liveBuffers + xs.length, `${c.name}: each input allocates one buffer`);
  const out = c.op(...xs);
  const outs = Array.isArray(out) ? out : [out];
  assert.equal(memory().liveBuffers - withInputs, c.allocates, `${c.name}: buffers left allocated by the op`);
  for (const t of [...outs, ...xs]) t.dispose();
  const after = memory();
  assert.equal(after.liveBuffers, base.liveBuffers, `${c.name}: live buffers after disposing inputs and outputs`);
  assert.equal(after.liveBytes, base.liveBytes, `${c.name}: live bytes after disposing inputs and outputs`);
}

const CASES: readonly LeakCase[] = [
  // elementwise
  { name: 'neg', inputs: () => [a23()], op: (x) => x.neg(), allocates: 1 },
  { name: 'exp', inputs: () => [a23()], op: (x) => x.exp(), allocates: 1 },
  { name: 'sigmoid', inputs: () => [a23()], op: (x) => x.sigmoid(), allocates: 1 },
  { name: 'relu', inputs: () => [a23()], op: (x) => x.relu(), allocates: 1 },
  { name: 'round', inputs: () => [a23()], op: (x) => x.round(), allocates: 1 },
  { name: 'clamp', inputs: () => [a23()], op: (x) => x.clamp(-1, 1), allocates: 1 },
  { name: 'square', inputs: () => [a23()], op: (x) => x.square(), allocates: 1 },
  { name: 'add broadcast', inputs: () => [a23(), b3()], op: (x, y) => x.add(y), allocates: 1 },
  { name: 'sub', inputs: () => [a23(), a23()], op: (x, y) => x.sub(y), allocates: 1 },
  { name: 'mul', inputs: () => [a23(), b3()], op: (x, y) => x.mul(y), allocates: 1 },
  { name: 'div', inputs: () => [a23(), b3()], op: (x, y) => x.div(y), allocates: 1 },
  { name: 'pow', inputs: () => [b3(), b3()], op: (x, y) => x.pow(y), allocates: 1 },
  { name: 'maximum', inputs: () => [a23(), b3()], op: (x, y) => x.maximum(y), allocates: 1 },
  { name: 'lt', inputs: () => [a23(), b3()], op: (x, y) => x.lt(y), allocates: 1 },
  { name: 'where', inputs: () => [tensor([1, 0, 1]), a23(), b3()], op: (c, x, y) => fg.where(c, x, y), allocates: 1 },
  // number operands become 0-d tensors that are freed again when no gradient records them
  { name: 'mul by a number', inputs: () => [a23()], op: (x) => x.mul(2), allocates: 1 },
  { name: 'number minus tensor', inputs: () => [a23()], op: (x) => fg.sub(10, x), allocates: 1 },
  { name: 'int32 add a number', inputs: () => [idx([1, 2])], op: (x) => x.add(3), allocates: 1 },
  { name: 'ge a number', inputs: () => [a23()], op: (x) => x.ge(0), allocates: 1 },
  { name: 'where with number branches', inputs: () => [tensor([1, 0, 1])], op: (c) => fg.where(c, 1, -1), allocates: 1 },
  { name: 'where with an int32 condition', inputs: () => [idx([1, 0, 1]), a23()], op: (c, x) => fg.where(c, x, 0), allocates: 1 },
  { name: 'mul by a number in noGrad', inputs: () => [tensor([1, 2], { requiresGrad: true })], op: (x) => fg.noGrad(() => x.mul(2)), allocates: 1 },
  // reductions
  { name: 'sum all', inputs: () => [a23()], op: (x) => x.sum(), allocates: 1 },
  { name: 'sum dim 1', inputs: () => [a23()], op: (x) => x.sum({ dim: 1 }), allocates: 1 },
  { name: 'sum dim 0 keepdim', inputs: () => [a23()], op: (x) => x.sum({ dim: 0, keepdim: true }), allocates: 1 },
  { name: 'max dim -1', inputs: () => [a23()], op: (x) => x.max({ dim: -1 }), allocates: 1 },
  { name: 'min all', inputs: () => [a23()], op: (x) => x.min(), allocates: 1 },
  { name: 'argmax dim 0', inputs: () => [a23()], op: (x) => x.argmax({ dim: 0 }), allocates: 1 },
  { name: 'argmin all', inputs: () => [a23()], op: (x) => x.argmin(), allocates: 1 },
  { name: 'argmax all keepdim', inputs: () => [a23()], op: (x) => x.argmax({ keepdim: true }), allocates: 1 },
  // matmul kernel
  { name: 'bmm', inputs: () => [tensor([[[1, 2], [3, 4]]]), tensor([[[1, 0], [0, 1]], [[2, 0], [0, 2]]])], op: (x, y) => fg.bmm(x, y), allocates: 1 },
  // shape ops: aliases allocate nothing, copies allocate their output
  { name: 'reshape', inputs: () => [a23()], op: (x) => x.reshape(3, 2), allocates: 0 },
  { name: 'view -1', inputs: () => [a23()], op: (x) => x.view(-1), allocates: 0 },
  { name: 'flatten', inputs: () => [a23()], op: (x) => x.flatten(), allocates: 0 },
  { name: 'unsqueeze', inputs: () => [a23()], op: (x) => x.unsqueeze(0), allocates: 0 },
  { name: 'squeeze', inputs: () => [tensor([[1, 2]])], op: (x) => x.squeeze(), allocates: 0 },
  { name: 'detach', inputs: () => [a23()], op: (x) => x.detach(), allocates: 0 },
  { name: 'permute', inputs: () => [a23()], op: (x) => x.permute(1, 0), allocates: 1 },
  { name: 'T', inputs: () => [a23()], op: (x) => x.T, allocates: 1 },
  { name: 'expand', inputs: () => [b3()], op: (x) => x.expand(4, 3), allocates: 1 },
  { name: 'narrow', inputs: () => [a23()], op: (x) => x.narrow(1, 1, 2), allocates: 1 },
  { name: 'slice with step', inputs: () => [a23()], op: (x) => x.slice(1, 0, 3, 2), allocates: 1 },
  { name: 'flip', inputs: () => [a23()], op: (x) => x.flip([0, 1]), allocates: 1 },
  { name: 'clone', inputs: () => [a23()], op: (x) => x.clone(), allocates: 1 },
  { name: 'cat', inputs: () => [a23(), a23()], op: (x, y) => fg.cat([x, y], 1), allocates: 1 },
  { name: 'split into 3', inputs: () => [tensor([1, 2, 3, 4, 5])], op: (x) => x.split(2), allocates: 3 },
  { name: 'chunk into 2', inputs: () => [a23()], op: (x) => x.chunk(2, 1), allocates: 2 },
  { name: 'pad constant', inputs: () => [a23()], op: (x) => x.pad([1, 1, 0, 1]), allocates: 1 },
  // index ops
  { name: 'indexSelect', inputs: () => [a23(), idx([2, 0, 2])], op: (x, i) => x.indexSelect(1, i), allocates: 1 },
  { name: 'gather', inputs: () => [a23(), idx([0, 2, 1, 1], [2, 2])], op: (x, i) => x.gather(1, i), allocates: 1 },
  { name: 'scatterAdd', inputs: () => [a23(), idx([0, 0, 1], [1, 3]), tensor([[1, 2, 3]])], op: (x, i, s) => x.scatterAdd(0, i, s), allocates: 1 },
  { name: 'indexAdd', inputs: () => [a23(), idx([1, 1]), tensor([[1, 2], [3, 4]])], op: (x, i, s) => x.indexAdd(1, i, s), allocates: 1 },
  // casts
  { name: "to('float64')", inputs: () => [a23()], op: (x) => x.to('float64'), allocates: 1 },
  { name: "to('int32')", inputs: () => [a23()], op: (x) => x.to('int32'), allocates: 1 },
];

for (const c of CASES) {
  test(`leak check [cpu] ${c.name} leaves exactly its outputs allocated`, () => checkNoLeak(c));
}

test('leak check [cpu] ops that record a graph leave only their outputs allocated', () => {
  checkNoLeak({
    name: 'mul then sum with requiresGrad',
    inputs: () => [tensor([1, 2, 3], { requiresGrad: true }), b3()],
    op: (x, y) => {
      const p = x.mul(y);
      return [p, p.sum()];
    },
    allocates: 2,
  });
  checkNoLeak({ name: 'exp with requiresGrad', inputs: () => [tensor([1, 2], { requiresGrad: true, dtype: 'float64' })], op: (x) => x.exp(), allocates: 1 });
});

test('leak check [cpu] creation allocates one buffer of the right size', () => {
  const base = memory();
  const made = [fg.zeros([2, 3], { dtype: 'float64' }), fg.ones([4], { dtype: 'int32' }), fg.arange(5), fg.rand([3, 3]), fg.eye(2), fg.linspace(0, 1, 3)];
  const now = memory();
  assert.equal(now.liveBuffers - base.liveBuffers, made.length);
  assert.equal(now.liveBytes - base.liveBytes, 48 + 16 + 20 + 36 + 16 + 12);
  for (const t of made) t.dispose();
  assert.deepEqual([memory().liveBuffers, memory().liveBytes], [base.liveBuffers, base.liveBytes]);
});

test('leak check [cpu] shared storage is freed only when its last tensor is disposed; dispose is idempotent', () => {
  const base = memory().liveBuffers;
  const x = a23();
  const v = x.reshape(6);
  const d = v.detach();
  assert.equal(memory().liveBuffers, base + 1);
  x.dispose();
  v.dispose();
  v.dispose();
  assert.equal(memory().liveBuffers, base + 1, 'one alias still holds the storage');
  assert.deepEqual(Array.from(d.dataSync()), [1, -2, 3, 4, 5, -6]);
  d.dispose();
  assert.equal(memory().liveBuffers, base);
  assert.equal(d.isDisposed, true);
});

test('leak check [cpu] a failing op allocates nothing', () => {
  const base = memory().liveBuffers;
  const x = a23();
  const bad = idx([0, 7]);
  const short = tensor([1, 2]);
  assert.throws(() => x.indexSelect(1, bad), /indexSelect: index 7 is out of range/);
  assert.throws(() => x.add(short), /add: shapes/);
  assert.equal(memory().liveBuffers, base + 3, 'only x and the two argument tensors are live');
  for (const t of [x, bad, short]) t.dispose();
  assert.equal(memory().liveBuffers, base);
});
