// The spatial ops' forward values pinned to small hand-worked cases, their output shapes checked against
// PyTorch's documented formulas over many random configurations, the tie and border gradient conventions, the
// odd-size resize IAM4VP needs (93x154 -> 186x308), and every error path (the message names the op and shapes).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import * as fg from '../../src/index.js';
import { type NestedArray, type Tensor, arange, tensor, zeros } from '../../src/index.js';
import { checkProperty, shapeArb } from '../support/property.js';
import { TOL, assertClose } from '../support/tolerances.js';

const t64 = (data: NestedArray): Tensor => tensor(data, { dtype: 'float64' });
const grid3x3 = (): Tensor => arange(0, 9, 1, { dtype: 'float64' }).reshape([1, 1, 3, 3]);
const f64 = (shape: readonly number[]): Tensor => zeros(shape, { dtype: 'float64' });

function expectValues(y: Tensor, shape: readonly number[], values: readonly number[], what: string): void {
  assert.deepEqual(y.shape, shape, `${what}: shape`);
  assertClose(y.dataSync(), values, TOL.handWorked, what);
}

describe('spatial ops: hand-worked forward values [cpu float64]', () => {
  test('conv2d: 3x3 input, 2x2 kernel', () => {
    expectValues(fg.conv2d(grid3x3(), t64([[[[1, 2], [3, 4]]]])), [1, 1, 2, 2], [27, 37, 57, 67], 'conv2d');
  });

  test("conv1d: padding 'same' with an even kernel pads the extra element on the right", () => {
    const y = fg.conv1d(t64([[[1, 2, 3, 4]]]), t64([[[1, -1]]]), undefined, { padding: 'same' });
    expectValues(y, [1, 1, 4], [-1, -1, -1, 4], 'conv1d same');
  });

  test('conv2d: depthwise (groups = channels) with bias', () => {
    const x = t64([[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]]);
    const y = fg.conv2d(x, t64([[[[2]]], [[[3]]]]), t64([1, -1]), { groups: 2 });
    expectValues(y, [1, 2, 2, 2], [3, 5, 7, 9, 14, 17, 20, 23], 'depthwise conv2d');
  });

  test('conv2d: per-side padding pairs and an unbatched input', () => {
    const y = fg.conv2d(t64([[[1, 2], [3, 4]]]), t64([[[[1]]]]), undefined, { padding: [[1, 0], [0, 1]] });
    expectValues(y, [1, 3, 3], [0, 0, 0, 1, 2, 0, 3, 4, 0], 'padded 1x1 conv2d');
  });

  test('conv3d: ones with padding 1 count the overlapping cells', () => {
    const ones = (shape: number[]): Tensor => fg.ones(shape, { dtype: 'float64' });
    const y = fg.conv3d(ones([1, 1, 2, 2, 2]), ones([1, 1, 2, 2, 2]), undefined, { padding: 1 });
    assert.deepEqual(y.shape, [1, 1, 3, 3, 3]);
    const v = y.dataSync();
    assert.equal(v[0], 1, 'corner');
    assert.equal(v[13], 8, 'centre');
    assert.equal(v[4], 4, 'face centre');
  });

  test('convTranspose1d: stride 2 overlaps the footprints', () => {
    expectValues(fg.convTranspose1d(t64([[[1, 2]]]), t64([[[1, 1, 1]]]), undefined, { stride: 2 }), [1, 1, 5], [1, 1, 3, 2, 2], 'convTranspose1d');
  });

  test('convTranspose2d: k2 stride 2 padding 1 (IFRNet-style upsampling) on a 3x3 input', () => {
    const y = fg.convTranspose2d(grid3x3(), t64([[[[1, 2], [3, 4]]]]), undefined, { stride: 2, padding: 1 });
    expectValues(y, [1, 1, 4, 4], [0, 3, 4, 6, 6, 4, 8, 5, 12, 12, 16, 15, 12, 7, 14, 8], 'convTranspose2d');
  });

  test('maxPool2d: values and flat indices', () => {
    const [values, indices] = fg.maxPool2d(grid3x3(), { kernelSize: 2, stride: 1, returnIndices: true });
    expectValues(values, [1, 1, 2, 2], [4, 5, 7, 8], 'maxPool2d values');
    assert.equal(indices.dtype, 'int32');
    assert.deepEqual(Array.from(indices.dataSync()), [4, 5, 7, 8]);
  });

  test('maxPool1d: ceilMode adds a last, partial window', () => {
    const [values, indices] = fg.maxPool1d(t64([[[1, 5, 2, 4, 3]]]), { kernelSize: 2, ceilMode: true, returnIndices: true });
    expectValues(values, [1, 1, 3], [5, 4, 3], 'maxPool1d ceil');
    assert.deepEqual(Array.from(indices.dataSync()), [1, 3, 4]);
    expectValues(fg.maxPool1d(t64([[[1, 5, 2, 4, 3]]]), { kernelSize: 2 }), [1, 1, 2], [5, 4], 'maxPool1d floor');
  });

  test('maxPool: a tie sends the whole gradient to the first maximum in the window (PyTorch CPU rule)', () => {
    const x = tensor([[[1, 3, 3, 0]]], { dtype: 'float64', requiresGrad: true });
    fg.maxPool1d(x, { kernelSize: 2, stride: 1 }).sum().backward();
    assert.deepEqual(Array.from(x.grad!.dataSync()), [0, 2, 1, 0]);
  });

  test('avgPool2d: countIncludePad both ways', () => {
    expectValues(fg.avgPool2d(grid3x3(), { kernelSize: 2, padding: 1, countIncludePad: false }), [1, 1, 2, 2], [0, 1.5, 4.5, 6], 'exclude pad');
    expectValues(fg.avgPool2d(grid3x3(), { kernelSize: 2, padding: 1 }), [1, 1, 2, 2], [0, 0.75, 2.25, 6], 'include pad');
  });

  test('avgPool1d: divisorOverride', () => {
    expectValues(fg.avgPool1d(t64([[[1, 2, 3, 4]]]), { kernelSize: 2, divisorOverride: 3 }), [1, 1, 2], [1, 7 / 3], 'divisorOverride');
  });

  test('adaptive pools: 3 -> 2 uses the overlapping windows [0, 2) and [1, 3); null keeps a dim', () => {
    expectValues(fg.adaptiveAvgPool2d(grid3x3(), 2), [1, 1, 2, 2], [2, 3, 5, 6], 'adaptiveAvgPool2d');
    expectValues(fg.adaptiveMaxPool2d(grid3x3(), [2, null]), [1, 1, 2, 3], [3, 4, 5, 6, 7, 8], 'adaptiveMaxPool2d');
  });

  test('interpolate: nearest uses floor(dst * in / out)', () => {
    expectValues(fg.interpolate(t64([[[1, 2, 3]]]), { size: 5 }), [1, 1, 5], [1, 1, 2, 2, 3], 'nearest');
  });

  test('interpolate: linear with and without alignCorners', () => {
    expectValues(fg.interpolate(t64([[[0, 4]]]), { size: 4, mode: 'linear' }), [1, 1, 4], [0, 1, 3, 4], 'half-pixel');
    expectValues(fg.interpolate(t64([[[0, 4]]]), { size: 4, mode: 'linear', alignCorners: true }), [1, 1, 4], [0, 4 / 3, 8 / 3, 4], 'align corners');
  });

  test('pixelShuffle and pixelUnshuffle: PyTorch channel order', () => {
    const x = t64([[[[1]], [[2]], [[3]], [[4]]]]);
    const y = fg.pixelShuffle(x, 2);
    expectValues(y, [1, 1, 2, 2], [1, 2, 3, 4], 'pixelShuffle');
    expectValues(fg.pixelUnshuffle(y, 2), [1, 4, 1, 1], [1, 2, 3, 4], 'pixelUnshuffle');
  });

  test('gridSample: centre, corner under each padding mode, and a reflected coordinate', () => {
    const x = t64([[[[1, 2], [3, 4]]]]);
    const at = (gx: number, gy: number, options: fg.GridSampleOptions): number => fg.gridSample(x, t64([[[[gx, gy]]]]), options).item();
    assert.equal(at(0, 0, { alignCorners: true }), 2.5);
    assert.equal(at(0, 0, {}), 2.5);
    assert.equal(at(-1, -1, { paddingMode: 'zeros' }), 0.25);
    assert.equal(at(-1, -1, { paddingMode: 'border' }), 1);
    assert.equal(at(-1, -1, { paddingMode: 'reflection' }), 1);
    assert.equal(at(1.5, 0, { paddingMode: 'reflection', alignCorners: true }), 2.75);
    assert.equal(at(0.2, -0.2, { mode: 'nearest' }), 2);
  });

  test('warp: zero flow is the identity; a flow of +1 reads the right neighbour, repeating the border', () => {
    const image = arange(0, 6, 1, { dtype: 'float64' }).reshape([1, 1, 2, 3]);
    expectValues(fg.warp(image, f64([1, 2, 2, 3])), [1, 1, 2, 3], [0, 1, 2, 3, 4, 5], 'zero flow');
    const right = tensor([[[[1, 1, 1], [1, 1, 1]], [[0, 0, 0], [0, 0, 0]]]], { dtype: 'float64' });
    expectValues(fg.warp(image, right), [1, 1, 2, 3], [1, 2, 2, 4, 5, 5], 'flow +1');
  });

  test('warp: a coordinate on the border passes no gradient to the flow (PyTorch clip rule)', () => {
    const image = arange(0, 6, 1, { dtype: 'float64' }).reshape([1, 1, 2, 3]);
    const flow = zeros([1, 2, 2, 3], { dtype: 'float64', requiresGrad: true });
    fg.warp(image, flow).sum().backward();
    // d/dx at interior column 1 is the forward difference image[x + 1] - image[x] = 1; columns 0 and 2 are clipped.
    // d/dy: rows 0 and 1 are both on the border.
    assert.deepEqual(Array.from(flow.grad!.dataSync()), [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('fft2: unnormalised 2x2 and 3x3 transforms', () => {
    const { real, imag } = fg.fft2(t64([[1, 2], [3, 4]]));
    expectValues(real, [2, 2], [10, -2, -4, 0], 'fft2 real');
    expectValues(imag, [2, 2], [0, 0, 0, 0], 'fft2 imag');
    const r3 = fg.fft2(grid3x3().reshape([3, 3]), { norm: 'ortho' });
    assertClose([r3.real.dataSync()[1], r3.imag.dataSync()[1]], [-1.5, 0.8660254], TOL.handWorked, 'fft2 ortho [0, 1]');
  });
});

describe('spatial ops: odd-size resize 93x154 -> 186x308 [cpu float64]', () => {
  const h = 93;
  const w = 154;
  const x = arange(0, h * w, 1, { dtype: 'float64' }).reshape([1, 1, h, w]).div(1000).sin();
  const xs = x.dataSync();

  test('nearest: scaleFactor 2 and size give out[y, x] = in[floor(y / 2), floor(x / 2)]', () => {
    for (const y of [fg.interpolate(x, { scaleFactor: 2 }), fg.interpolate(x, { size: [186, 308] })]) {
      assert.deepEqual(y.shape, [1, 1, 186, 308]);
      const expected = Array.from({ length: 186 * 308 }, (_, i) => xs[Math.floor(Math.floor(i / 308) / 2) * w + Math.floor((i % 308) / 2)]);
      assertClose(y.dataSync(), expected, TOL.exact, 'nearest x2');
    }
  });

  test('bilinear, alignCorners false: matches a direct evaluation of src = (dst + 0.5) / 2 - 0.5 clamped at 0', () => {
    const y = fg.interpolate(x, { scaleFactor: 2, mode: 'bilinear' });
    assert.deepEqual(y.shape, [1, 1, 186, 308]);
    const tap = (o: number, size: number): [number, number, number] => {
      const src = Math.max((o + 0.5) / 2 - 0.5, 0);
      const i0 = Math.floor(src);
      return [i0, Math.min(i0 + 1, size - 1), src - i0];
    };
    const expected = Array.from({ length: 186 * 308 }, (_, i) => {
      const [y0, y1, ly] = tap(Math.floor(i / 308), h);
      const [x0, x1, lx] = tap(i % 308, w);
      const row = (r: number): number => xs[r * w + x0] * (1 - lx) + xs[r * w + x1] * lx;
      return row(y0) * (1 - ly) + row(y1) * ly;
    });
    assertClose(y.dataSync(), expected, TOL.torchFixture64, 'bilinear x2');
  });
});

describe('spatial ops: output shapes follow PyTorch formulas', () => {
  const configArb = (d: number) =>
    fc.record({ size: shapeArb(d, 1, 9), kernel: shapeArb(d, 1, 4), stride: shapeArb(d, 1, 3), dilation: shapeArb(d, 1, 3), padding: shapeArb(d, 0, 3), extra: shapeArb(d, 0, 2), ceil: fc.boolean() });

  test('conv*d: floor((S + 2p - dil (k - 1) - 1) / s) + 1', () => {
    checkProperty(
      fc.property(fc.integer({ min: 1, max: 3 }), configArb(3), (d, c) => {
        const [size, kernel, stride, dilation, padding] = [c.size, c.kernel, c.stride, c.dilation, c.padding].map((v) => v.slice(0, d));
        const expected = size.map((s, i) => Math.floor((s + 2 * padding[i] - dilation[i] * (kernel[i] - 1) - 1) / stride[i]) + 1);
        fc.pre(expected.every((o) => o >= 1));
        const conv = [fg.conv1d, fg.conv2d, fg.conv3d][d - 1];
        const y = conv(f64([1, 1, ...size]), f64([1, 1, ...kernel]), undefined, { stride, dilation, padding });
        assert.deepEqual(y.shape.slice(2), expected);
      }),
      150,
    );
  });

  test('convTranspose*d: (S - 1) s - 2p + dil (k - 1) + outputPadding + 1', () => {
    checkProperty(
      fc.property(fc.integer({ min: 1, max: 3 }), configArb(3), (d, c) => {
        const [size, kernel, stride, dilation, padding] = [c.size, c.kernel, c.stride, c.dilation, c.padding].map((v) => v.slice(0, d));
        const outputPadding = c.extra.slice(0, d).map((e, i) => Math.min(e, Math.max(stride[i], dilation[i]) - 1));
        const expected = size.map((s, i) => (s - 1) * stride[i] - 2 * padding[i] + dilation[i] * (kernel[i] - 1) + outputPadding[i] + 1);
        fc.pre(expected.every((o) => o >= 1));
        const conv = [fg.convTranspose1d, fg.convTranspose2d, fg.convTranspose3d][d - 1];
        const y = conv(f64([1, 1, ...size]), f64([1, 1, ...kernel]), undefined, { stride, dilation, padding, outputPadding });
        assert.deepEqual(y.shape.slice(2), expected);
      }),
      100,
    );
  });

  test('maxPool*d / avgPool*d: floor or ceil mode, the last window starting inside the input or left padding', () => {
    checkProperty(
      fc.property(fc.integer({ min: 1, max: 3 }), configArb(3), (d, c) => {
        const [size, kernel, stride, dilation] = [c.size, c.kernel, c.stride, c.dilation].map((v) => v.slice(0, d));
        const padding = c.padding.slice(0, d).map((p, i) => Math.min(p, Math.floor(kernel[i] / 2)));
        const outSize = (dil: readonly number[]): number[] =>
          size.map((s, i) => {
            const span = s + 2 * padding[i] - dil[i] * (kernel[i] - 1) - 1;
            let o = (c.ceil ? Math.ceil(span / stride[i]) : Math.floor(span / stride[i])) + 1;
            if (c.ceil && (o - 1) * stride[i] >= s + padding[i]) o--;
            return o;
          });
        const maxExpected = outSize(dilation);
        const avgExpected = outSize(dilation.map(() => 1));
        const x = f64([1, 1, ...size]);
        if (maxExpected.every((o) => o >= 1)) {
          const pool = [fg.maxPool1d, fg.maxPool2d, fg.maxPool3d][d - 1];
          assert.deepEqual(pool(x, { kernelSize: kernel, stride, padding, dilation, ceilMode: c.ceil }).shape.slice(2), maxExpected);
        }
        if (avgExpected.every((o) => o >= 1)) {
          const pool = [fg.avgPool1d, fg.avgPool2d, fg.avgPool3d][d - 1];
          assert.deepEqual(pool(x, { kernelSize: kernel, stride, padding, ceilMode: c.ceil }).shape.slice(2), avgExpected);
        }
      }),
      150,
    );
  });

  test('interpolate: floor(S * scaleFactor); pixelShuffle: [C r^2, H, W] -> [C, H r, W r]', () => {
    checkProperty(
      fc.property(shapeArb(2, 1, 40), fc.double({ min: 0.3, max: 4, noNaN: true }), fc.integer({ min: 1, max: 3 }), (size, scale, r) => {
        const expected = size.map((s) => Math.floor(s * scale));
        fc.pre(expected.every((o) => o >= 1));
        assert.deepEqual(fg.interpolate(f64([1, 1, ...size]), { scaleFactor: scale }).shape.slice(2), expected);
        assert.deepEqual(fg.interpolate(f64([1, 1, ...size]), { scaleFactor: scale, mode: 'bilinear' }).shape.slice(2), expected);
        assert.deepEqual(fg.pixelShuffle(f64([1, 2 * r * r, ...size]), r).shape, [1, 2, size[0] * r, size[1] * r]);
      }),
      100,
    );
  });
});

describe('spatial ops: errors name the op, the argument and the shapes', () => {
  test('convolutions', () => {
    assert.throws(() => fg.conv2d(f64([1, 3, 5, 5]), f64([4, 1, 3, 3]), undefined, { groups: 2 }), /conv2d: input channels 3 \(input \[1, 3, 5, 5\]\) and output channels 4 \(weight \[4, 1, 3, 3\]\) must both be divisible by groups 2/);
    assert.throws(() => fg.conv2d(f64([1, 3, 5, 5]), f64([4, 2, 3, 3])), /conv2d: weight \[4, 2, 3, 3\] expects 2 input channels per group, but input \[1, 3, 5, 5\] with groups 1 has 3/);
    assert.throws(() => fg.conv2d(f64([1, 1, 2, 2]), f64([1, 1, 3, 3])), /conv2d: kernel \[3, 3\] with dilation \[1, 1\] does not fit the padded input size \[2, 2\]/);
    assert.throws(() => fg.conv2d(f64([5, 5]), f64([1, 1, 3, 3])), /conv2d: input must be 3-d \(unbatched\) or 4-d, got shape \[5, 5\]/);
    assert.throws(() => fg.conv2d(f64([1, 1, 5, 5]), f64([1, 1, 3])), /conv2d: weight must be 4-d/);
    assert.throws(() => fg.conv2d(f64([1, 1, 5, 5]), f64([4, 1, 3, 3]), f64([3])), /conv2d: bias must have shape \[4\]/);
    assert.throws(() => fg.conv1d(f64([1, 1, 5]), f64([1, 1, 3]), undefined, { padding: 'same', stride: 2 }), /conv1d: padding 'same' needs stride 1/);
    assert.throws(() => fg.conv3d(f64([1, 1, 5, 5, 5]), f64([1, 1, 3, 3, 3]), undefined, { stride: [1, 1] }), /conv3d: stride must be one integer or 3 integers, got \[1, 1\]/);
    assert.throws(() => fg.conv2d(f64([1, 1, 5, 5]), zeros([1, 1, 3, 3], { dtype: 'float32' })), /conv2d: weight has dtype float32/);
  });

  test('transposed convolutions', () => {
    assert.throws(() => fg.convTranspose2d(f64([1, 3, 4, 4]), f64([2, 2, 3, 3])), /convTranspose2d: weight \[2, 2, 3, 3\] expects 2 input channels, but input \[1, 3, 4, 4\] has 3/);
    assert.throws(() => fg.convTranspose2d(f64([1, 2, 4, 4]), f64([2, 2, 3, 3]), undefined, { stride: 2, outputPadding: 2 }), /convTranspose2d: outputPadding \[2, 2\] must be smaller than stride \[2, 2\] or dilation \[1, 1\]/);
    assert.throws(() => fg.convTranspose1d(f64([1, 1, 1]), f64([1, 1, 1]), undefined, { padding: 1 }), /convTranspose1d: output size \[-1\] is too small for input \[1, 1, 1\]/);
  });

  test('pooling', () => {
    assert.throws(() => fg.maxPool2d(f64([1, 1, 5, 5]), { kernelSize: 2, padding: 2 }), /maxPool2d: padding \[2, 2\] must be at most half of kernelSize \[2, 2\]/);
    assert.throws(() => fg.avgPool2d(f64([1, 1, 2, 2]), { kernelSize: 3 }), /avgPool2d: input \[1, 1, 2, 2\] is too small for kernelSize \[3, 3\]/);
    assert.throws(() => fg.maxPool1d(f64([1, 1, 1, 5]), { kernelSize: 2 }), /maxPool1d: input must be 2-d \(unbatched\) or 3-d, got shape \[1, 1, 1, 5\]/);
    assert.throws(() => fg.avgPool1d(f64([1, 1, 5]), { kernelSize: 2, divisorOverride: 0 }), /avgPool1d: divisorOverride must be a non-zero number/);
    assert.throws(() => fg.adaptiveAvgPool2d(f64([1, 1, 5, 5]), [0, 2]), /adaptiveAvgPool2d: outputSize must hold positive integers/);
  });

  test('resampling', () => {
    const x = f64([1, 1, 4, 4]);
    assert.throws(() => fg.interpolate(x, { size: 8, scaleFactor: 2 }), /interpolate: give exactly one of size and scaleFactor/);
    assert.throws(() => fg.interpolate(x, { size: 8, mode: 'linear' }), /interpolate: mode 'linear' needs a 3-d input, got \[1, 1, 4, 4\]/);
    assert.throws(() => fg.interpolate(x, { size: 8, alignCorners: true }), /interpolate: alignCorners can only be set with the linear modes/);
    assert.throws(() => fg.interpolate(x, { scaleFactor: 0.1 }), /interpolate: scaleFactor 0.1 gives an empty output \[0, 0\] for input \[1, 1, 4, 4\]/);
    assert.throws(() => fg.pixelShuffle(f64([1, 3, 2, 2]), 2), /pixelShuffle: channels 3 of input \[1, 3, 2, 2\] must be divisible by upscaleFactor\^2 = 4/);
    assert.throws(() => fg.pixelUnshuffle(f64([1, 1, 3, 4]), 2), /pixelUnshuffle: height and width of input \[1, 1, 3, 4\] must be divisible by downscaleFactor 2/);
    assert.throws(() => fg.gridSample(x, f64([1, 2, 2, 3])), /gridSample: grid must be \[1, Hout, Wout, 2\] for input \[1, 1, 4, 4\], got \[1, 2, 2, 3\]/);
    assert.throws(() => fg.warp(x, f64([1, 2, 4, 3])), /warp: flow must be \[1, 2, 4, 4\] for image \[1, 1, 4, 4\], got \[1, 2, 4, 3\]/);
    assert.throws(() => fg.fft2(f64([4])), /fft2: input must have at least 2 dims/);
  });
});
