// Parameter counts against PyTorch's formulas (Conv2d(64, 64, 3) has 36,928) and PyTorch's default
// initialisation: kaiming-uniform with a = sqrt(5), i.e. weights and biases uniform in ±1/sqrt(fan_in), checked
// for bounds on random configs and for the distribution's moments on a large layer.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Tensor, manualSeed, nn } from '../../src/index.js';
import { checkProperty } from '../support/property.js';
import { TOL, assertClose } from '../support/tolerances.js';

const count = (m: nn.Module): number => m.parameterCount();

function moments(t: Tensor): { mean: number; std: number; maxAbs: number } {
  const v = t.dataSync();
  let sum = 0;
  let maxAbs = 0;
  for (const x of v) {
    sum += x;
    maxAbs = Math.max(maxAbs, Math.abs(x));
  }
  const mean = sum / v.length;
  let sq = 0;
  for (const x of v) sq += (x - mean) ** 2;
  return { mean, std: Math.sqrt(sq / v.length), maxAbs };
}

const dim = fc.integer({ min: 1, max: 6 });

describe('parameter counts follow PyTorch', () => {
  test('published anchors', () => {
    assert.equal(count(new nn.Conv2d(64, 64, 3)), 36928);
    assert.equal(count(new nn.Linear(132, 11)), 1463);
    assert.equal(count(new nn.Conv2d(132, 132, 1)), 17556);
    assert.equal(count(new nn.BatchNorm2d(64)), 128);
    assert.equal(count(new nn.ConvTranspose2d(64, 64, 4, { stride: 2, padding: 1 })), 65600);
  });

  test('Linear, Conv2d, ConvTranspose2d with groups, BatchNorm, GroupNorm, LayerNorm, Embedding', () => {
    checkProperty(
      fc.property(dim, dim, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), (a, b, groups, k, bias) => {
        const cin = a * groups;
        const cout = b * groups;
        assert.equal(count(new nn.Linear(a, b, { bias })), a * b + (bias ? b : 0));
        assert.equal(count(new nn.Conv2d(cin, cout, k, { groups, bias })), cout * (cin / groups) * k * k + (bias ? cout : 0));
        assert.equal(count(new nn.Conv2d(cin, cout, [k, 2])), cout * (cin / groups) * groups * k * 2 + cout);
        assert.equal(count(new nn.ConvTranspose2d(cin, cout, k, { groups, bias })), cin * (cout / groups) * k * k + (bias ? cout : 0));
        assert.equal(count(new nn.BatchNorm2d(a, { affine: bias })), bias ? 2 * a : 0);
        assert.equal(count(new nn.GroupNorm(groups, cin)), 2 * cin);
        assert.equal(count(new nn.LayerNorm([a, b])), 2 * a * b);
        assert.equal(count(new nn.Embedding(a, b)), a * b);
        assert.equal([...new nn.BatchNorm2d(a).buffers()].reduce((n, t) => n + t.size, 0), 2 * a + 1);
      }),
      20,
    );
  });
});

describe('PyTorch default initialisation', () => {
  test('weights and biases within ±1/sqrt(fan_in) (conv fan_in = in / groups * kernel; transposed: out / groups * kernel)', () => {
    checkProperty(
      fc.property(dim, dim, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), (a, b, groups, k) => {
        const check = (weight: Tensor, bias: Tensor | null, fanIn: number, what: string): void => {
          const bound = 1 / Math.sqrt(fanIn);
          for (const t of bias ? [weight, bias] : [weight]) assert.ok(moments(t).maxAbs <= bound, `${what}: |value| exceeds 1/sqrt(${fanIn})`);
        };
        const linear = new nn.Linear(a, b);
        check(linear.weight, linear.bias, a, 'Linear');
        const conv = new nn.Conv2d(a * groups, b * groups, k, { groups });
        check(conv.weight, conv.bias, a * k * k, 'Conv2d');
        const convT = new nn.ConvTranspose2d(a * groups, b * groups, k, { groups });
        check(convT.weight, convT.bias, b * k * k, 'ConvTranspose2d');
      }),
      20,
    );
  });

  test('a large layer: uniform on ±1/sqrt(fan_in) (mean 0, std bound/sqrt(3), extremes near the bound)', () => {
    manualSeed(3);
    const layer = new nn.Linear(800, 400);
    const bound = 1 / Math.sqrt(800);
    const w = moments(layer.weight);
    assertClose([w.mean / bound, (w.std / bound) * Math.sqrt(3), w.maxAbs / bound], [0, 1, 1], TOL.sampleMoments, 'Linear(800, 400) weight moments / bound');
    const conv = new nn.Conv2d(64, 64, 3);
    const c = moments(conv.weight);
    const convBound = 1 / Math.sqrt(64 * 9);
    assertClose([c.mean / convBound, (c.std / convBound) * Math.sqrt(3)], [0, 1], TOL.sampleMoments, 'Conv2d(64, 64, 3) weight moments / bound');
    const b = moments(new nn.Linear(400, 20000).bias!);
    assertClose([(b.std * Math.sqrt(400)) * Math.sqrt(3)], [1], TOL.sampleMoments, 'Linear(400, 20000) bias std / bound');
  });

  test('norm layers start at weight 1, bias 0, running stats 0 and 1; Embedding N(0, 1)', () => {
    const bn = new nn.BatchNorm2d(4);
    assert.deepEqual([...bn.weight!.dataSync(), ...bn.bias!.dataSync()], [1, 1, 1, 1, 0, 0, 0, 0]);
    assert.deepEqual([...bn.runningMean!.dataSync(), ...bn.runningVar!.dataSync()], [0, 0, 0, 0, 1, 1, 1, 1]);
    assert.equal(bn.numBatchesTracked!.dtype, 'int32');
    const e = moments(new nn.Embedding(1000, 200).weight);
    assertClose([e.mean, e.std], [0, 1], TOL.sampleMoments, 'Embedding weight moments');
  });
});
