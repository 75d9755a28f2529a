// The Module system in PyTorch's shape: dotted parameter names through nested containers, state-dict order
// and contents, strict and non-strict loading (a failed load changes nothing), train/eval propagation, zeroGrad,
// moving to float64, Dropout's train/eval behaviour and seeded determinism, and Embedding's padding row.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Tensor, manualSeed, nn, ones, tensor, zeros } from '../../src/index.js';

class Scaled extends nn.Module {
  readonly bn: nn.BatchNorm2d;

  constructor() {
    super();
    // Registered child first: the state dict still lists own parameters, then own buffers, then children.
    this.bn = this.registerModule('bn', new nn.BatchNorm2d(2));
    this.registerParameter('scale', new nn.Parameter(ones([2])));
    this.registerBuffer('count', zeros([1]));
    this.registerBuffer('cache', zeros([3]), false);
  }

  forward(x: Tensor): Tensor {
    return this.bn.forward(x);
  }
}

/** Parameters under a Sequential, a ModuleList and a ModuleDict nested inside it. */
class Tree extends nn.Module {
  readonly seq = this.registerModule('seq', new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU()));
  readonly list = this.registerModule(
    'list',
    new nn.ModuleList<nn.Module>([new nn.LayerNorm(3), new nn.ModuleDict({ enc: new nn.Linear(3, 4), dec: new nn.Linear(4, 3, { bias: false }) })]),
  );
}

const values = (t: Tensor): number[] => Array.from(t.dataSync());

describe('Module', () => {
  test('namedParameters uses dotted keys through Sequential, ModuleList and ModuleDict', () => {
    assert.deepEqual(
      [...new Tree().namedParameters()].map(([k, p]) => `${k}:${p.shape.join('x')}`),
      ['seq.0.weight:3x2', 'seq.0.bias:3', 'list.0.weight:3', 'list.0.bias:3', 'list.1.enc.weight:4x3', 'list.1.enc.bias:4', 'list.1.dec.weight:3x4'],
    );
    const shared = new nn.Linear(2, 2);
    assert.equal([...new nn.Sequential(shared, shared).namedParameters()].length, 2, 'a shared module is listed once');
  });

  test('stateDict: own parameters, then buffers (persistent only), then children, with BatchNorm buffers', () => {
    const s = new Scaled().stateDict();
    assert.deepEqual(Object.keys(s), ['scale', 'count', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked']);
    assert.equal(s['bn.num_batches_tracked'].dtype, 'int32');
    assert.deepEqual(values(s['bn.running_var']), [1, 1]);
    assert.ok(!s['scale'].requiresGrad, 'state dict values are detached');
  });

  test('loadStateDict strict: missing, unexpected and mis-shaped keys throw and change nothing', () => {
    const m = new Scaled();
    const good = (): nn.StateDict => Object.fromEntries(Object.entries(new Scaled().stateDict()).map(([k, t]) => [k, t.dtype === 'int32' ? t.add(5) : t.add(7)]));
    const before = Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, values(t)]));
    const unchanged = (): void => {
      for (const [k, t] of Object.entries(m.stateDict())) assert.deepEqual(values(t), before[k], `${k} changed after a failed load`);
    };
    const { count: _dropped, ...missing } = good();
    assert.throws(() => m.loadStateDict(missing), /Scaled\.loadStateDict: missing keys: count/);
    unchanged();
    assert.throws(() => m.loadStateDict({ ...good(), extra: zeros([1]) }), /unexpected keys: extra/);
    unchanged();
    assert.throws(() => m.loadStateDict({ ...good(), 'bn.running_mean': zeros([3]) }), /size mismatch for bn\.running_mean: checkpoint \[3\] vs model \[2\]/);
    unchanged();
    assert.throws(() => m.loadStateDict({ ...missing, 'bn.weight': zeros([5]) }, false), /size mismatch for bn\.weight/, 'shape errors also fail a non-strict load');
    unchanged();
  });

  test('loadStateDict non-strict returns missing and unexpected keys and loads the rest (cast to the dtype)', () => {
    const m = new Scaled();
    const result = m.loadStateDict({ scale: tensor([3, 4], { dtype: 'float64' }), 'bn.num_batches_tracked': tensor([9], { shape: [], dtype: 'int32' }), other: zeros([1]) }, false);
    assert.deepEqual(result.unexpectedKeys, ['other']);
    assert.deepEqual(result.missingKeys, ['count', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var']);
    const s = m.stateDict();
    assert.deepEqual(values(s['scale']), [3, 4]);
    assert.equal(s['scale'].dtype, 'float32');
    assert.equal(s['bn.num_batches_tracked'].item(), 9);
    assert.ok(m.parameters().next().value?.requiresGrad, 'loaded parameters still require grad');
  });

  test('train() and eval() reach every submodule', () => {
    const m = new Tree();
    m.eval();
    assert.ok([...m.modules()].every((x) => !x.training));
    m.train();
    assert.ok([...m.modules()].every((x) => x.training));
    m.seq.train(false);
    assert.deepEqual([...m.modules()].map((x) => x.training), [true, false, false, false, true, true, true, true, true]);
  });

  test('zeroGrad drops every gradient', () => {
    const m = new nn.Linear(3, 2);
    m.forward(ones([4, 3])).sum().backward();
    assert.ok(m.weight.grad && m.bias?.grad);
    m.zeroGrad();
    assert.equal(m.weight.grad, null);
    assert.equal(m.bias?.grad, null);
  });

  test("to('float64') moves parameters and float buffers, keeps int buffers and the same tensor objects", () => {
    const m = new Scaled();
    const scale = m.parameters().next().value;
    m.to('float64');
    assert.equal(m.parameters().next().value, scale);
    const s = m.stateDict();
    assert.deepEqual(Object.entries(s).map(([k, t]) => `${k}:${t.dtype}`), [
      'scale:float64', 'count:float64', 'bn.weight:float64', 'bn.bias:float64', 'bn.running_mean:float64', 'bn.running_var:float64', 'bn.num_batches_tracked:int32',
    ]);
    assert.ok(scale?.requiresGrad);
    const y = m.forward(tensor([1, 2, 3, 4, 5, 6, 7, 8], { shape: [2, 2, 2, 1], dtype: 'float64' }));
    assert.equal(y.dtype, 'float64');
  });

  test('Dropout: scaled mask in training, identity in eval, reproducible under manualSeed', () => {
    const x = ones([200, 50]);
    const drop = new nn.Dropout(0.3);
    manualSeed(42);
    const a = values(drop.forward(x));
    manualSeed(42);
    const b = values(drop.forward(x));
    assert.deepEqual(a, b, 'same seed, same mask');
    assert.ok(a.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6), 'kept values are scaled by 1 / (1 - p)');
    const dropped = a.filter((v) => v === 0).length / a.length;
    assert.ok(Math.abs(dropped - 0.3) < 0.02, `dropped fraction ${dropped}`);
    assert.notDeepEqual(values(drop.forward(x)), a, 'the next draw differs');
    drop.eval();
    assert.deepEqual(values(drop.forward(x)), values(x));
    const channels = new nn.Dropout2d(0.5);
    manualSeed(1);
    const c = channels.forward(ones([4, 6, 3, 3])).reshape([24, 9]).dataSync();
    for (let r = 0; r < 24; r++) {
      const row = Array.from(c.slice(r * 9, r * 9 + 9));
      assert.ok(row.every((v) => v === row[0]), 'Dropout2d zeroes whole channels');
    }
    assert.throws(() => new nn.Dropout(1.5), /Dropout: dropout probability must be in \[0, 1\], got 1.5/);
  });

  test('Embedding: the padding row starts at zero and receives no gradient', () => {
    manualSeed(5);
    const e = new nn.Embedding(5, 3, { paddingIdx: -1 });
    assert.equal(e.paddingIdx, 4);
    assert.deepEqual(values(e.weight).slice(12), [0, 0, 0]);
    assert.ok(values(e.weight).slice(0, 12).every((v) => v !== 0));
    const ids = tensor(Int32Array.from([4, 1, 4, 2]), { shape: [2, 2], dtype: 'int32' });
    const y = e.forward(ids);
    assert.deepEqual(y.shape, [2, 2, 3]);
    y.sum().backward();
    assert.deepEqual(values(e.weight.grad!), [0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    assert.throws(() => e.forward(ids.to('float32')), /Embedding: indices must be int32, got float32 of shape \[2, 2\]/);
  });
});
