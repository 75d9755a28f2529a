// The losses beyond the PyTorch fixtures: bad input throws naming the loss and the shapes, the module forms
// equal the functional forms (weights as registered buffers), and hand-worked values and invariances
// (PyTorch's -100 log clamp, Charbonnier at zero error, SSIM of identical images, a Laplacian pyramid ignoring
// a constant offset, the frequency loss's view_as_real layout).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Tensor, nn, ones, rand, randn, tensor, zeros } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';

const ints = (values: number[], shape: number[]): Tensor => tensor(Int32Array.from(values), { shape, dtype: 'int32' });
const item = (t: Tensor): number => t.item();

describe('loss input errors name the loss and the shapes', () => {
  test('shape, dtype and reduction errors of the elementwise losses', () => {
    const a = zeros([2, 3]);
    assert.throws(() => nn.mseLoss(a, zeros([3, 2])), /^Error: mseLoss: input \[2, 3\] and target \[3, 2\] must have the same shape$/);
    assert.throws(() => nn.l1Loss(a, zeros([2, 3], { dtype: 'float64' })), /l1Loss: input is float32 \[2, 3\] but target is float64 \[2, 3\]/);
    assert.throws(() => nn.huberLoss(ints([1, 2], [2]), ints([1, 2], [2])), /huberLoss: input must be a floating-point tensor, got int32 of shape \[2\]/);
    assert.throws(() => nn.smoothL1Loss(a, a, { beta: -1 }), /smoothL1Loss: beta must be non-negative, got -1/);
    assert.throws(() => nn.charbonnierLoss(a, a, { reduction: 'avg' as 'mean' }), /charbonnierLoss: unknown reduction 'avg'/);
    assert.throws(() => nn.binaryCrossEntropy(a, a, { weight: ones([4]) }), /binaryCrossEntropy: weight \[4\] does not broadcast to the input's shape \[2, 3\]/);
    assert.throws(() => nn.binaryCrossEntropyWithLogits(a, zeros([2])), /binaryCrossEntropyWithLogits: input \[2, 3\] and target \[2\]/);
    assert.throws(() => nn.klDiv(a, zeros([2, 4])), /klDiv: input \[2, 3\] and target \[2, 4\]/);
  });

  test('crossEntropy: class-index dtype, shape and range, weights, smoothing', () => {
    const logits = zeros([2, 3, 4]);
    assert.throws(() => nn.crossEntropy(logits, zeros([2, 4])), /crossEntropy: probability target \[2, 4\] must match input \[2, 3, 4\] \(class-index targets must be int32, got float32\)/);
    assert.throws(() => nn.crossEntropy(logits, ints([0, 1], [2])), /crossEntropy: class-index target \[2\] must have shape \[2, 4\] for input \[2, 3, 4\]/);
    assert.throws(() => nn.crossEntropy(logits, ints([0, 1, 2, 3, 0, 1, 2, -100], [2, 4])), /crossEntropy: target class 3 is out of range \[0, 3\) for input \[2, 3, 4\] and target \[2, 4\]/);
    assert.throws(() => nn.crossEntropy(zeros([2, 3]), ints([0, -1], [2])), /target class -1 is out of range/);
    assert.doesNotThrow(() => nn.crossEntropy(zeros([2, 3]), ints([0, -1], [2]), { ignoreIndex: -1 }));
    assert.throws(() => nn.crossEntropy(zeros([2, 3]), ints([0, 1], [2]), { weight: ones([2]) }), /crossEntropy: weight must be a float32 \[3\] tensor for input \[2, 3\], got float32 \[2\]/);
    assert.throws(() => nn.crossEntropy(zeros([2, 3]), ints([0, 1], [2]), { labelSmoothing: 1.5 }), /crossEntropy: labelSmoothing must be in \[0, 1\], got 1.5/);
    assert.throws(() => nn.crossEntropy(zeros([]), ints([0], [])), /crossEntropy: input must have a class dim/);
  });

  test('image losses check their layouts', () => {
    assert.throws(() => nn.laplacianPyramidLoss(zeros([1, 1, 24, 32]), zeros([1, 1, 24, 32]), { levels: 4 }), /laplacianPyramidLoss: input \[1, 1, 24, 32\] must be \[N, C, H, W\] with H and W multiples of 2\^levels = 16, at least 32/);
    assert.throws(() => nn.ssim(zeros([1, 1, 8, 8]), zeros([1, 1, 8, 8])), /ssim: input \[1, 1, 8, 8\] must be \[N, C, H, W\] with H and W at least 11 for padding 'valid'/);
    assert.throws(() => nn.ssimLoss(zeros([1, 8, 8]), zeros([1, 8, 8]), { padding: 'zeros' }), /ssimLoss: input \[1, 8, 8\] must be \[N, C, H, W\]/);
    assert.throws(() => nn.frequencyLoss(zeros([4]), zeros([4])), /frequencyLoss: input \[4\] must have at least 2 dims/);
  });
});

describe('loss modules', () => {
  test('each module equals its functional form', () => {
    const x = randn([4, 3]);
    const y = rand([4, 3]);
    const ids = ints([0, 2, 1, 2], [4]);
    const w = tensor([0.5, 1, 2]);
    const pairs: [Tensor, Tensor][] = [
      [new nn.MSELoss({ reduction: 'sum' }).forward(x, y), nn.mseLoss(x, y, { reduction: 'sum' })],
      [new nn.L1Loss().forward(x, y), nn.l1Loss(x, y)],
      [new nn.SmoothL1Loss({ beta: 0.3 }).forward(x, y), nn.smoothL1Loss(x, y, { beta: 0.3 })],
      [new nn.HuberLoss({ delta: 0.3, reduction: 'none' }).forward(x, y), nn.huberLoss(x, y, { delta: 0.3, reduction: 'none' })],
      [new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 }).forward(x, ids), nn.crossEntropy(x, ids, { weight: w, labelSmoothing: 0.1 })],
      [new nn.BCELoss({ weight: w }).forward(x.sigmoid(), y), nn.binaryCrossEntropy(x.sigmoid(), y, { weight: w })],
      [new nn.BCEWithLogitsLoss({ posWeight: w }).forward(x, y), nn.binaryCrossEntropyWithLogits(x, y, { posWeight: w })],
      [new nn.KLDivLoss({ reduction: 'batchmean' }).forward(x.logSoftmax(1), y), nn.klDiv(x.logSoftmax(1), y, { reduction: 'batchmean' })],
    ];
    pairs.forEach(([a, b], i) => assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()), `module ${i}`));
  });

  test('class weights are buffers in the state dict, as in PyTorch', () => {
    assert.deepEqual(Object.keys(new nn.CrossEntropyLoss({ weight: ones([3]) }).stateDict()), ['weight']);
    assert.deepEqual(Object.keys(new nn.CrossEntropyLoss().stateDict()), []);
    assert.deepEqual(Object.keys(new nn.BCEWithLogitsLoss({ weight: ones([3]), posWeight: ones([3]) }).stateDict()), ['weight', 'pos_weight']);
    assert.equal(new nn.MSELoss().parameterCount(), 0);
    assert.equal(String(new nn.KLDivLoss({ logTarget: true })), "KLDivLoss(reduction='mean', logTarget=true)");
  });
});

describe('hand-worked values and invariances', () => {
  test("binaryCrossEntropy clamps each log at -100 (PyTorch's rule)", () => {
    const x = tensor([0, 1, 0.5], { dtype: 'float64' });
    const t = tensor([1, 0, 1], { dtype: 'float64' });
    assertClose(nn.binaryCrossEntropy(x, t, { reduction: 'none' }).dataSync(), [100, 100, Math.LN2], TOL.float64Published, 'bce with clamped logs');
  });

  test('binaryCrossEntropyWithLogits stays finite and exact for large logits', () => {
    const x = tensor([800, -800, 0], { dtype: 'float64' });
    const t = tensor([0, 1, 1], { dtype: 'float64' });
    assertClose(nn.binaryCrossEntropyWithLogits(x, t, { reduction: 'none' }).dataSync(), [800, 800, Math.LN2], TOL.float64Published, 'bce with logits');
  });

  test("charbonnierLoss is eps at zero error (IFRNet's sqrt(d^2 + 1e-6))", () => {
    const x = randn([2, 3], { dtype: 'float64' });
    assertClose([item(nn.charbonnierLoss(x, x))], [1e-3], TOL.float64Published, 'charbonnier at 0');
    assertClose([item(nn.charbonnierLoss(zeros([1], { dtype: 'float64' }), tensor([3], { dtype: 'float64' })))], [Math.sqrt(9 + 1e-6)], TOL.float64Published, 'charbonnier at 3');
  });

  test('crossEntropy of uniform logits is log(C); every target ignored gives NaN like PyTorch', () => {
    assertClose([item(nn.crossEntropy(zeros([3, 5], { dtype: 'float64' }), ints([0, 4, 2], [3])))], [Math.log(5)], TOL.float64Published, 'uniform logits');
    assert.ok(Number.isNaN(item(nn.crossEntropy(zeros([2, 3]), ints([-100, -100], [2])))));
  });

  test('ssim of an image with itself is 1; the loss is 0', () => {
    const x = rand([2, 3, 12, 12], { dtype: 'float64' });
    for (const padding of ['valid', 'zeros', 'replicate'] as const) {
      assertClose([item(nn.ssim(x, x, { padding }))], [1], TOL.float64Published, `ssim(x, x) with padding ${padding}`);
      assertClose([item(nn.ssimLoss(x, x, { padding }))], [0], TOL.float64ZeroResidue, `ssimLoss(x, x) with padding ${padding}`);
    }
    assert.deepEqual(nn.ssim(x, x, { reduction: 'none' }).shape, [2, 3, 2, 2]);
  });

  test('the Laplacian pyramid ignores a constant offset (only the excluded low-pass image changes)', () => {
    const x = rand([1, 2, 32, 32], { dtype: 'float64' });
    assertClose([item(nn.laplacianPyramidLoss(x.add(0.25), x, { levels: 4 }))], [0], TOL.float64ZeroResidue, 'lap loss of an offset');
    assert.ok(item(nn.laplacianPyramidLoss(x.mul(2), x, { levels: 4 })) > 0.01);
    assert.deepEqual(nn.laplacianPyramid(x, 3).map((b) => b.shape), [[1, 2, 32, 32], [1, 2, 16, 16], [1, 2, 8, 8]]);
  });

  test("frequencyLoss: view_as_real layout, and a constant error's energy sits in the DC term only", () => {
    const x = zeros([2, 4, 6], { dtype: 'float64' });
    const y = x.add(0.5);
    const none = nn.frequencyLoss(x, y, { reduction: 'none' });
    assert.deepEqual(none.shape, [2, 4, 6, 2]);
    // fft2 of a constant 0.5 over 4 x 6 pixels: 12 at DC (real), 0 elsewhere; mean over 2 * 4 * 6 * 2 entries.
    assertClose([item(nn.frequencyLoss(x, y))], [(2 * 12) / 96], TOL.float64Published, 'frequency loss of a constant error');
    assertClose([item(nn.frequencyLoss(x, y, { norm: 'ortho', reduction: 'sum' }))], [2 * 0.5 * Math.sqrt(24)], TOL.float64Published, 'ortho');
  });
});
