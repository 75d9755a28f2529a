// Forward shapes of RVD's networks and of its loss and sampler at reduced sizes, input checks, and which parameters
// the training loss's gradients reach: over three frames every parameter of all three networks gets a non-zero
// gradient (the mean predictor's through y0 = x - mu; none is legitimately left out).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tensor } from '../../src/index.js';
import { RVD } from '../../src/models/index.js';
import { seedParameters, seeded } from './crnn-helpers.js';
import { FIXTURE, TINY, fixedDraws } from './rvd-helpers.js';

describe('RVD forward shapes (dim 8, mults (1, 2), history (1, 2, 2), 8x8 frames)', () => {
  const model = new RVD(FIXTURE);
  seedParameters(model, 71);
  const frame = seeded([2, 1, 8, 8], 72, 'float32');

  test('CondNet: one context map per denoiser level; HistoryNet: mu in [-1, 1] and sigma = 1; both carry states', () => {
    const scan = model.scan(frame);
    assert.deepEqual(scan.context.map((c) => c.shape), [[2, 8, 8, 8], [2, 16, 4, 4]]);
    assert.deepEqual(scan.condStates.map((s) => s.h.shape), [[2, 8, 8, 8], [2, 16, 4, 4]]);
    assert.deepEqual(scan.historyStates.map((s) => s.h.shape), [[2, 8, 8, 8], [2, 16, 4, 4], [2, 16, 2, 2]]);
    assert.deepEqual(scan.mu.shape, [2, 1, 8, 8]);
    const mu = scan.mu.dataSync();
    assert.ok(mu.every((v) => v >= -1 && v <= 1));
    assert.ok(scan.sigma.dataSync().every((v) => v === 1));
    assert.deepEqual(model.scan(frame, scan).context[1].shape, [2, 16, 4, 4]);
  });

  test('Unet: [B, C, H, W] and steps [B] with the context -> [B, C, H, W]', () => {
    const { context } = model.scan(frame);
    assert.deepEqual(model.denoiseFn.forward(frame, tensor([3, 17], { dtype: 'int32' }), context).shape, [2, 1, 8, 8]);
  });

  test('loss: a scalar over frames 2..T-1; sample: context plus generated frames', () => {
    const video = seeded([4, 2, 1, 8, 8], 73, 'float32');
    assert.deepEqual(model.loss(video).shape, []);
    const out = model.sample(video.narrow(0, 0, 2), 2, { sampler: 'strided', steps: 3 });
    assert.deepEqual(out.shape, [4, 2, 1, 8, 8]);
    assert.deepEqual(model.sample(video.narrow(0, 0, 1), 1, { steps: 2 }).shape, [2, 2, 1, 8, 8]);
  });

  test('bad inputs throw naming the problem', () => {
    assert.throws(() => model.loss(seeded([2, 2, 1, 8, 8], 74, 'float32')), /RVD.loss: expected \[T >= 3, B, 1, H, W\] with H and W divisible by 4/);
    assert.throws(() => model.loss(seeded([3, 2, 1, 6, 6], 74, 'float32')), /divisible by 4/);
    assert.throws(() => model.loss(seeded([3, 2, 1, 8, 8], 74, 'float32'), { noise: [] }), /got noise for 0 frames, expected 1/);
    assert.throws(() => model.sample(seeded([1, 2, 1, 8, 8], 74, 'float32'), 1, { sampler: 'strided', steps: 21 }), /steps must be an integer in \[1, 20\]/);
  });
});

test('pred_true with L2: the loss is the MSE between the denoiser output and y0; the sampler takes the output as x0', () => {
  const model = new RVD({ ...TINY, predMode: 'pred_true', lossType: 'l2' }).to('float64');
  seedParameters(model, 78);
  const video = seeded([3, 2, 1, 4, 4], 79);
  const draws = fixedDraws([4, 30], 3, [2, 1, 4, 4], 80);
  const [x0, x1, x2] = video.split(1, 0).map((f) => f.squeeze(0));
  const scan = model.scan(x1, model.scan(x0));
  const y0 = x2.sub(scan.mu).div(scan.sigma);
  const at = (name: 'sqrt_alphas_cumprod' | 'sqrt_one_minus_alphas_cumprod') => model.scheduleBuffer(name).indexSelect(0, draws.steps).reshape([2, 1, 1, 1]);
  const noisy = y0.mul(at('sqrt_alphas_cumprod')).add(draws.noise[0].mul(at('sqrt_one_minus_alphas_cumprod')));
  const expected = model.denoiseFn.forward(noisy, draws.steps, scan.context).sub(y0).square().mean().item();
  assert.equal(model.loss(video, draws).item(), expected);
  const target = seeded([2, 1, 4, 4], 81);
  assert.deepEqual(model.sampleResidual(target.shape, () => target).dataSync(), target.dataSync());
});

test('the loss over three frames gives every parameter of all three networks a non-zero gradient', () => {
  const model = new RVD(TINY);
  seedParameters(model, 75);
  model.loss(seeded([3, 2, 1, 4, 4], 76, 'float32'), fixedDraws([5, 40], 3, [2, 1, 4, 4], 77, 'float32')).backward();
  const none = [...model.namedParameters()].filter(([, p]) => !p.grad || p.grad.abs().max().item() === 0).map(([n]) => n);
  assert.deepEqual(none, []);
});
