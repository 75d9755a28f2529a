// Gradcheck of every nn layer's forward (w.r.t. its input, in float64 on cpu, modules moved with
// to('float64')) on small random configurations, and of every loss w.r.t. its input (and its target where the
// loss is differentiable in it), with random reductions and options drawn by fast-check.

import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Tensor, nn, tensor } from '../../src/index.js';
import { gradcheck } from '../support/gradcheck.js';
import { checkProperty, shapeArb, valuesArb } from '../support/property.js';

type Layer = nn.Module & { forward(x: Tensor): Tensor };

const f64 = (values: ArrayLike<number>, shape: readonly number[], requiresGrad = true): Tensor =>
  tensor(Float64Array.from(values), { shape, dtype: 'float64', backend: 'cpu', requiresGrad });

/** Gradcheck of layer.forward at a random input of `shape` (values away from the given kinks). */
function checkLayer(layer: Layer, shape: readonly number[], values: readonly number[]): void {
  layer.to('float64');
  gradcheck((x) => layer.forward(x), [f64(values.slice(0, shape.reduce((a, b) => a * b, 1)), shape)]);
}

/** A property over a layer built from a drawn config, with input values drawn for its input shape. */
function layerProperty<C>(config: fc.Arbitrary<C>, build: (c: C) => { layer: Layer; shape: number[] }, kinks: readonly number[] = []): fc.IPropertyWithHooks<[C, number[]]> {
  return fc.property(config, valuesArb(240, 2, kinks), (c, values) => {
    const { layer, shape } = build(c);
    checkLayer(layer, shape, values);
  });
}

const reductionArb = fc.constantFrom<'mean' | 'sum' | 'none'>('mean', 'sum', 'none');

describe('gradcheck [cpu float64] nn layers', () => {
  test('Linear', () => {
    checkProperty(layerProperty(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), shapeArb(2, 1, 3)), ([inF, outF, bias, lead]) => ({
      layer: new nn.Linear(inF, outF, { bias }),
      shape: [...lead, inF],
    })), 10);
  });

  test('Conv2d (groups, stride, dilation, padding modes)', () => {
    const config = fc.record({
      groups: fc.integer({ min: 1, max: 2 }),
      perGroupIn: fc.integer({ min: 1, max: 2 }),
      perGroupOut: fc.integer({ min: 1, max: 2 }),
      kernel: fc.integer({ min: 1, max: 3 }),
      stride: fc.integer({ min: 1, max: 2 }),
      dilation: fc.integer({ min: 1, max: 2 }),
      padding: fc.integer({ min: 0, max: 1 }),
      mode: fc.constantFrom<'zeros' | 'reflect' | 'replicate' | 'circular'>('zeros', 'reflect', 'replicate', 'circular'),
      bias: fc.boolean(),
    });
    checkProperty(layerProperty(config, (c) => ({
      layer: new nn.Conv2d(c.groups * c.perGroupIn, c.groups * c.perGroupOut, c.kernel, { groups: c.groups, stride: c.stride, dilation: c.dilation, padding: c.padding, paddingMode: c.mode, bias: c.bias }),
      shape: [2, c.groups * c.perGroupIn, 5, 6],
    })), 12);
  });

  test('ConvTranspose2d (groups, stride, outputPadding, dilation)', () => {
    const config = fc.record({
      groups: fc.integer({ min: 1, max: 2 }),
      kernel: fc.integer({ min: 1, max: 3 }),
      stride: fc.integer({ min: 1, max: 2 }),
      dilation: fc.integer({ min: 1, max: 2 }),
      padding: fc.integer({ min: 0, max: 1 }),
    });
    checkProperty(layerProperty(config, (c) => ({
      layer: new nn.ConvTranspose2d(2 * c.groups, c.groups, c.kernel, { groups: c.groups, stride: c.stride, dilation: c.dilation, padding: c.padding, outputPadding: c.stride - 1 }),
      shape: [1, 2 * c.groups, 3, 2],
    })), 12);
  });

  test('BatchNorm2d in train and eval mode', () => {
    checkProperty(layerProperty(fc.tuple(fc.boolean(), fc.boolean(), fc.constantFrom<number | null>(0.1, null)), ([train, affine, momentum]) => {
      const layer = new nn.BatchNorm2d(3, { affine, momentum });
      layer.train(train);
      return { layer, shape: [2, 3, 2, 2] };
    }), 8);
  });

  test('LayerNorm, GroupNorm, InstanceNorm2d', () => {
    const kinds = fc.constantFrom('layer', 'layer2d', 'layerChannelsFirst', 'group', 'instance', 'instanceAffine');
    checkProperty(layerProperty(kinds, (kind) => {
      switch (kind) {
        case 'layer':
          return { layer: new nn.LayerNorm(4), shape: [3, 4] };
        case 'layer2d':
          return { layer: new nn.LayerNorm([2, 3], { eps: 1e-3 }), shape: [2, 2, 3] };
        case 'layerChannelsFirst':
          return { layer: new nn.LayerNorm(3, { dataFormat: 'channels_first' }), shape: [2, 3, 2, 2] };
        case 'group':
          return { layer: new nn.GroupNorm(2, 4), shape: [2, 4, 3] };
        case 'instance':
          return { layer: new nn.InstanceNorm2d(2), shape: [2, 2, 3, 2] };
        default:
          return { layer: new nn.InstanceNorm2d(2, { affine: true }), shape: [1, 2, 2, 3] };
      }
    }), 12);
  });

  test('activations, pooling, resampling and reshaping layers', () => {
    const layers: Record<string, () => { layer: Layer; shape: number[] }> = {
      PReLU: () => ({ layer: new nn.PReLU(3, 0.3), shape: [2, 3, 2] }),
      LeakyReLU: () => ({ layer: new nn.LeakyReLU(0.2), shape: [2, 5] }),
      ELU: () => ({ layer: new nn.ELU(0.7), shape: [2, 5] }),
      GELU: () => ({ layer: new nn.GELU('tanh'), shape: [2, 5] }),
      SiLU: () => ({ layer: new nn.SiLU(), shape: [2, 5] }),
      Softplus: () => ({ layer: new nn.Softplus(2, 1), shape: [2, 5] }),
      Softmax: () => ({ layer: new nn.Softmax(1), shape: [2, 4] }),
      LogSoftmax: () => ({ layer: new nn.LogSoftmax(0), shape: [3, 2] }),
      MaxPool2d: () => ({ layer: new nn.MaxPool2d(2, { stride: 1 }), shape: [1, 2, 3, 3] }),
      AvgPool2d: () => ({ layer: new nn.AvgPool2d(2, { padding: 1, countIncludePad: false }), shape: [1, 1, 3, 4] }),
      AdaptiveAvgPool2d: () => ({ layer: new nn.AdaptiveAvgPool2d([2, 3]), shape: [1, 2, 3, 4] }),
      Upsample: () => ({ layer: new nn.Upsample({ scaleFactor: 2, mode: 'bilinear' }), shape: [1, 1, 2, 3] }),
      PixelShuffle: () => ({ layer: new nn.PixelShuffle(2), shape: [1, 4, 2, 2] }),
      Flatten: () => ({ layer: new nn.Flatten(), shape: [2, 2, 3] }),
      Dropout2dEval: () => ({ layer: new nn.Dropout2d(0.5).eval(), shape: [1, 2, 2, 2] }),
    };
    checkProperty(layerProperty(fc.constantFrom(...Object.keys(layers)), (name) => layers[name](), [0]), 30);
  });
});

describe('gradcheck [cpu float64] losses', () => {
  const pair = (size: number, kinks: readonly number[] = []) => fc.tuple(valuesArb(size, 2), valuesArb(size, 2, kinks));

  test('mseLoss, l1Loss, charbonnierLoss', () => {
    checkProperty(fc.property(pair(6, [0]), reductionArb, fc.double({ min: 0.01, max: 1, noNaN: true }), ([xs, ds], reduction, eps) => {
      const target = f64(xs.map((x, i) => x - ds[i]), [2, 3], false);
      gradcheck((x) => nn.mseLoss(x, target, { reduction }), [f64(xs, [2, 3])]);
      gradcheck((x) => nn.l1Loss(x, target, { reduction }), [f64(xs, [2, 3])]);
      gradcheck((x, t) => nn.charbonnierLoss(x, t, { reduction, eps }), [f64(xs, [2, 3]), f64(target.dataSync(), [2, 3])]);
    }), 10);
  });

  test('smoothL1Loss and huberLoss (away from the quadratic/linear switch)', () => {
    checkProperty(fc.property(fc.constantFrom(0.5, 1, 1.5), reductionArb, pair(6, [-1.5, -1, -0.5, 0, 0.5, 1, 1.5]), (beta, reduction, [xs, ds]) => {
      const target = f64(xs.map((x, i) => x - ds[i]), [3, 2], false);
      gradcheck((x) => nn.smoothL1Loss(x, target, { reduction, beta }), [f64(xs, [3, 2])]);
      gradcheck((x) => nn.huberLoss(x, target, { reduction, delta: beta }), [f64(xs, [3, 2])]);
    }), 10);
  });

  test('binaryCrossEntropy and binaryCrossEntropyWithLogits (input and target)', () => {
    const probs = fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { minLength: 6, maxLength: 6 });
    checkProperty(fc.property(probs, probs, valuesArb(6, 4), valuesArb(3, 1), reductionArb, (p, t, logits, pw, reduction) => {
      const weight = f64(pw.map((v) => v + 1.5), [3], false);
      gradcheck((x, y) => nn.binaryCrossEntropy(x, y, { reduction, weight }), [f64(p, [2, 3]), f64(t, [2, 3])]);
      gradcheck((x, y) => nn.binaryCrossEntropyWithLogits(x, y, { reduction, posWeight: weight }), [f64(logits, [2, 3]), f64(t, [2, 3])]);
      gradcheck((x, y) => nn.binaryCrossEntropyWithLogits(x, y, { reduction, weight }), [f64(logits, [2, 3]), f64(t, [2, 3])]);
    }), 10);
  });

  test('crossEntropy with class indices (ignoreIndex, labelSmoothing, weight) and probabilities', () => {
    const targets = fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 4, maxLength: 4 });
    checkProperty(fc.property(valuesArb(24, 3), targets, fc.constantFrom(0, 0.25), fc.boolean(), reductionArb, (xs, ids, smoothing, weighted, reduction) => {
      const weight = weighted ? f64([0.5, 1, 2], [3], false) : undefined;
      // ids of -1 are ignored; at least one kept so the weighted mean is defined.
      const target = tensor(Int32Array.from(ids.map((v, i) => (i === 0 && v < 0 ? 0 : v))), { shape: [2, 2], dtype: 'int32', backend: 'cpu' });
      gradcheck((x) => nn.crossEntropy(x, target, { ignoreIndex: -1, labelSmoothing: smoothing, weight, reduction }), [f64(xs.slice(0, 12), [2, 3, 2])]);
      const probs = f64(xs.slice(12), [4, 3], false).softmax(1);
      gradcheck((x, t) => nn.crossEntropy(x, t, { labelSmoothing: smoothing, weight, reduction }), [f64(xs.slice(0, 12), [4, 3]), f64(probs.dataSync(), [4, 3])]);
    }), 10);
  });

  test('klDiv (probability and log targets, every reduction)', () => {
    const reductions = fc.constantFrom<'mean' | 'sum' | 'none' | 'batchmean'>('mean', 'sum', 'none', 'batchmean');
    checkProperty(fc.property(valuesArb(12, 2), reductions, (xs, reduction) => {
      const logp = f64(xs.slice(0, 6), [2, 3], false).logSoftmax(1).dataSync();
      const q = f64(xs.slice(6), [2, 3], false).softmax(1).dataSync();
      gradcheck((x, t) => nn.klDiv(x, t, { reduction }), [f64(logp, [2, 3]), f64(q, [2, 3])]);
      gradcheck((x, t) => nn.klDiv(x, t, { reduction, logTarget: true }), [f64(logp, [2, 3]), f64(f64(q, [2, 3], false).log().dataSync(), [2, 3])]);
    }), 8);
  });

  test('laplacianPyramidLoss, frequencyLoss and ssimLoss', () => {
    const paddings = fc.constantFrom<'valid' | 'zeros' | 'replicate'>('valid', 'zeros', 'replicate');
    checkProperty(fc.property(valuesArb(128, 1, [0]), reductionArb, paddings, (vs, reduction, padding) => {
      const a = vs.slice(0, 64).map((v) => v * 0.5 + 0.5);
      const b = vs.slice(64).map((v) => v * 0.5 + 0.5);
      gradcheck((x) => nn.laplacianPyramidLoss(x, f64(b, [1, 1, 8, 8], false), { levels: 2, reduction: reduction === 'none' ? 'sum' : reduction }), [f64(a, [1, 1, 8, 8])]);
      gradcheck((x) => nn.frequencyLoss(x, f64(b.slice(0, 35), [1, 5, 7], false), { reduction }), [f64(a.slice(0, 35), [1, 5, 7])]);
      gradcheck((x, y) => nn.ssimLoss(x, y, { windowSize: 5, padding, reduction }), [f64(a.slice(0, 42), [1, 1, 6, 7]), f64(b.slice(0, 42), [1, 1, 6, 7])]);
    }), 6);
  });
});
