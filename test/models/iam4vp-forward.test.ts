// IAM4VP on cpu at small sizes: the sinusoidal time embedding against spec values, forward and forecast shapes,
// input validation, which parameters receive gradients (all of them once a prediction fills a future slot; all
// but the learned prior before), and a short training run in the reference's scheme (spec section 6) that lowers
// the loss.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Tensor, full, manualSeed, optim, randn, tensor } from '../../src/index.js';
import { IAM4VP, iam4vp } from '../../src/models/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { SMALL, TINY, seedParameters } from './iam4vp-helpers.js';

describe('IAM4VP sinusoidal time embedding', () => {
  test('t = 0 and t = 100 give the spec values (float32)', () => {
    const emb = iam4vp.sinusoidalEmbedding(tensor([0, 100], { dtype: 'int32' }), 64, 'float32');
    assert.deepEqual(emb.shape, [2, 64]);
    const v = emb.dataSync();
    assertClose(v.slice(0, 64), [...new Array<number>(32).fill(0), ...new Array<number>(32).fill(1)], TOL.exact, 't = 0');
    const at = [0, 1, 31, 32, 33, 63].map((i) => v[64 + i]);
    assertClose(at, [-0.506366, -0.892035, 0.01, 0.862319, 0.451966, 0.99995], TOL.handWorked, 't = 100');
  });
});

describe('IAM4VP forward (cpu)', () => {
  manualSeed(1);
  const model = new IAM4VP(SMALL);
  const [steps, channels, h, w] = SMALL.shapeIn;
  const x = randn([2, steps, channels, h, w]);

  test('one call maps [B, T, C, H, W], k predictions and t [B] to [B, C, H, W]', () => {
    assert.deepEqual(model.maskToken.shape, [3, 8, 4, 5]);
    for (let k = 0; k <= steps; k++) {
      const preds = Array.from({ length: k }, () => randn([2, channels, h, w]));
      const y = model.forward(x, preds, full([2], 100 * k, { dtype: 'int32' }));
      assert.deepEqual(y.shape, [2, channels, h, w]);
      assert.ok(Number.isFinite(y.sum().item()));
    }
  });

  test('int32 and float32 time indices agree', () => {
    const a = model.forward(x, [], full([2], 200, { dtype: 'int32' })).dataSync();
    const b = model.forward(x, [], full([2], 200)).dataSync();
    assertClose(a, b, TOL.exact, 't int32 vs float32');
  });

  test('forecast stacks `steps` calls into [B, steps, C, H, W], without gradients, call k seeing the k before it', () => {
    const y = model.forecast(x, 2);
    assert.deepEqual(y.shape, [2, 2, channels, h, w]);
    assert.equal(y.requiresGrad, false);
    const first = model.forward(x, [], full([2], 0));
    const second = model.forward(x, [first.detach()], full([2], 100));
    assertClose(y.narrow(1, 0, 1).dataSync(), first.dataSync(), TOL.exact, 'forecast step 0');
    assertClose(y.narrow(1, 1, 1).dataSync(), second.dataSync(), TOL.exact, 'forecast step 1');
    assert.throws(() => model.forecast(x, steps + 1), /steps must be an integer in \[1, 3\]/);
  });

  test('wrong shapes are rejected with the expected shape named', () => {
    assert.throws(() => model.forward(randn([2, steps + 1, channels, h, w]), [], full([2], 0)), /xRaw must be \[B, 3, 2, H, W\]/);
    assert.throws(() => model.forward(x, [randn([1, channels, h, w])], full([2], 0)), /yRaw\[0\] must be \[2, 2, 16, 20\]/);
    assert.throws(() => model.forward(x, [], full([3], 0)), /t must be \[2\]/);
    assert.throws(() => model.forward(randn([2, steps, channels, 24, 20]), [], full([2], 0)), /mask token was built for/);
    assert.throws(() => new IAM4VP({ cLatent: 6.5 }), /cLatent must be an even integer/);
  });
});

describe('IAM4VP gradients (cpu)', () => {
  const [steps, channels, h, w] = SMALL.shapeIn;
  const lossOf = (model: IAM4VP, k: number) => {
    const preds = Array.from({ length: k }, () => randn([2, channels, h, w]));
    return model.forward(randn([2, steps, channels, h, w]), preds, full([2], 100 * k)).square().mean();
  };
  const withoutGradient = (model: IAM4VP): string[] =>
    [...model.namedParameters()].filter(([, p]) => !p.grad || p.grad.abs().max().item() === 0).map(([name]) => name);

  test('with one earlier prediction, every parameter (mask token and learned prior included) gets a non-zero gradient', () => {
    manualSeed(2);
    const model = new IAM4VP(SMALL);
    lossOf(model, 1).backward();
    assert.deepEqual(withoutGradient(model), []);
  });

  test('with none, exactly the learned prior gets none (it only encodes earlier predictions)', () => {
    manualSeed(3);
    const model = new IAM4VP(SMALL);
    lossOf(model, 0).backward();
    const lp = [...model.namedParameters()].map(([name]) => name).filter((name) => name.startsWith('lp.'));
    assert.equal(lp.length, 16);
    assert.deepEqual(withoutGradient(model), lp);
  });

  test('with all T future slots filled, the mask token gets a zero gradient', () => {
    manualSeed(4);
    const model = new IAM4VP(SMALL);
    lossOf(model, steps).backward();
    assert.deepEqual(withoutGradient(model), ['mask_token']);
  });
});

describe('IAM4VP training (cpu)', () => {
  test('Adam in the reference scheme (one step per forecast step, MSE, detached predictions) lowers the loss', () => {
    manualSeed(5);
    const model = new IAM4VP(TINY);
    seedParameters(model, 5);
    const [steps, channels, h, w] = TINY.shapeIn;
    const x = randn([2, steps, channels, h, w]);
    const target = x.narrow(1, steps - 1, 1).mul(0.5).expand([2, steps, channels, h, w]);
    const optimizer = new optim.Adam(model.parameters(), { lr: 3e-3 });
    const epochLoss: number[] = [];
    for (let epoch = 0; epoch < 15; epoch++) {
      const preds: Tensor[] = [];
      let total = 0;
      for (let k = 0; k < steps; k++) {
        optimizer.zeroGrad();
        const y = model.forward(x, preds, full([2], 100 * k));
        const loss = y.sub(target.narrow(1, k, 1).squeeze(1)).square().mean();
        loss.backward();
        optimizer.step();
        total += loss.item();
        preds.push(y.detach());
      }
      epochLoss.push(total / steps);
    }
    assert.ok(epochLoss[epochLoss.length - 1] < 0.5 * epochLoss[0], `loss per epoch: ${epochLoss.map((l) => l.toFixed(4)).join(', ')}`);
  });
});
