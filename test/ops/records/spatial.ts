// Records for the spatial ops (src/ops/spatial): random batch sizes, channel counts divisible by random group
// counts, kernel sizes, strides, every padding form, dilations and odd spatial sizes, kept tiny because gradcheck
// runs two forward passes per input element and webgpu runs on a software rasterizer.

import fc from 'fast-check';
import * as fg from '../../../src/index.js';
import type { ConvPadding, Tensor } from '../../../src/index.js';
import { fold, unfold, type WindowGeometry } from '../../../src/ops/spatial/unfold.js';
import type { CaseInput } from '../../support/cross-backend.js';
import { shapeArb } from '../../support/property.js';
import { floatInput } from './arbitraries.js';
import type { OpCase, OpRecord } from './record.js';

type ConvFn = (x: Tensor, w: Tensor, b?: Tensor, options?: fg.ConvOptions) => Tensor;
type ConvTransposeFn = (x: Tensor, w: Tensor, b?: Tensor, options?: fg.ConvTransposeOptions) => Tensor;

const dims = (d: number, min: number, max: number): fc.Arbitrary<number[]> => shapeArb(d, min, max);
const extentOf = (kernel: readonly number[], dilation: readonly number[]): number[] => kernel.map((k, i) => dilation[i] * (k - 1) + 1);

/** Inputs [x, weight] plus bias when drawn; the case calls fn with or without it. */
function withOptionalBias(inputs: fc.Arbitrary<CaseInput[]>, bias: fc.Arbitrary<CaseInput | null>, call: (xs: Tensor[]) => Tensor): fc.Arbitrary<OpCase> {
  return fc.tuple(inputs, bias).map(([xs, b]) => ({ inputs: b ? [...xs, b] : xs, fn: (...ts: Tensor[]) => call(ts) }));
}

/** Each padding form, with the total per dim it adds. */
function convPaddingArb(d: number): fc.Arbitrary<{ padding: ConvPadding; total: number[]; unitStride: boolean }> {
  return fc.tuple(fc.constantFrom('int', 'list', 'pairs', 'same', 'valid'), dims(2 * d, 0, 2)).map(([kind, p]) => {
    switch (kind) {
      case 'int': return { padding: p[0], total: new Array<number>(d).fill(2 * p[0]), unitStride: false };
      case 'list': return { padding: p.slice(0, d), total: p.slice(0, d).map((v) => 2 * v), unitStride: false };
      case 'pairs': return { padding: p.slice(0, d).map((v, i): [number, number] => [v, p[d + i]]), total: p.slice(0, d).map((v, i) => v + p[d + i]), unitStride: false };
      case 'same': return { padding: 'same' as const, total: new Array<number>(d).fill(0), unitStride: true };
      default: return { padding: 'valid' as const, total: new Array<number>(d).fill(0), unitStride: false };
    }
  });
}

function convCases(d: number, fn: ConvFn): fc.Arbitrary<OpCase> {
  const small = d === 3;
  return fc
    .record({
      n: fc.integer({ min: 1, max: small ? 1 : 2 }),
      groups: fc.integer({ min: 1, max: small ? 2 : 3 }),
      cin: fc.integer({ min: 1, max: 2 }),
      cout: fc.integer({ min: 1, max: 2 }),
      kernel: dims(d, 1, small ? 2 : 3),
      stride: dims(d, 1, 2),
      dilation: dims(d, 1, 2),
      pad: convPaddingArb(d),
      extra: dims(d, 0, small ? 1 : 3),
      bias: fc.boolean(),
    })
    .chain(({ n, groups, cin, cout, kernel, stride, dilation, pad, extra, bias }) => {
      const strides = pad.unitStride ? stride.map(() => 1) : stride;
      const size = extentOf(kernel, dilation).map((e, i) => Math.max(1, e - pad.total[i] + extra[i]));
      const options: fg.ConvOptions = { stride: strides, padding: pad.padding, dilation, groups };
      return withOptionalBias(
        fc.tuple(floatInput([n, groups * cin, ...size]), floatInput([groups * cout, cin, ...kernel])),
        bias ? floatInput([groups * cout]) : fc.constant(null),
        ([x, w, b]) => fn(x, w, b, options),
      );
    });
}

/**
 * Depthwise convolutions (groups == input channels, channel multiplier 1-2), which conv1d / conv2d route to
 * the direct depthwise kernels: kernels up to 7 wide, strides 1-2, dilations 1-3 (the extent capped at 13 to
 * keep gradcheck cheap), every padding form, odd sizes.
 */
function depthwiseArb(d: number) {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      c: fc.integer({ min: 1, max: 3 }),
      multiplier: fc.integer({ min: 1, max: 2 }),
      kernel: dims(d, 1, 7),
      stride: dims(d, 1, 2),
      dilation: dims(d, 1, 3),
      pad: convPaddingArb(d),
      extra: dims(d, 0, 3),
      bias: fc.boolean(),
    })
    .map(({ kernel, stride, dilation, pad, extra, ...rest }) => {
      const dil = dilation.map((v, i) => (kernel[i] === 1 ? v : Math.min(v, Math.floor(12 / (kernel[i] - 1)))));
      const size = extentOf(kernel, dil).map((e, i) => Math.max(1, e - pad.total[i] + extra[i]));
      const options: fg.ConvOptions = { stride: pad.unitStride ? stride.map(() => 1) : stride, padding: pad.padding, dilation: dil, groups: rest.c };
      return { ...rest, kernel, size, options };
    });
}

function depthwiseCases(d: number, fn: ConvFn): fc.Arbitrary<OpCase> {
  return depthwiseArb(d).chain(({ n, c, multiplier, kernel, size, options, bias }) =>
    withOptionalBias(
      fc.tuple(floatInput([n, c, ...size]), floatInput([c * multiplier, 1, ...kernel])),
      bias ? floatInput([c * multiplier]) : fc.constant(null),
      ([x, w, b]) => fn(x, w, b, options),
    ),
  );
}

/**
 * The gradients of sum(conv2d(x, w)^2) w.r.t. x and w, flattened side by side: differentiating them runs the
 * gradients of both depthwise gradient kernels. Finite differences probe under noGrad with plain tensors, so
 * each input gets its own leaf there.
 */
function depthwiseDoubleBackwardCases(): fc.Arbitrary<OpCase> {
  return depthwiseArb(2).chain(({ n, c, multiplier, kernel, size, options }) =>
    fc.tuple(floatInput([n, c, ...size]), floatInput([c * multiplier, 1, ...kernel])).map((inputs) => ({
      inputs,
      fn: (x: Tensor, w: Tensor) =>
        fg.enableGrad(() => {
          const [xl, wl] = [x, w].map((t) => (t.requiresGrad ? t : t.detach().requiresGrad_()));
          const y = fg.conv2d(xl, wl, undefined, options);
          const [gx, gw] = fg.grad(y.mul(y).sum(), [xl, wl], { createGraph: true });
          return fg.cat([gx.flatten(), gw.flatten()]);
        }),
    })),
  );
}

/**
 * The gradients of sum(conv2d(x, w)^2) w.r.t. x and w for dense and grouped convolutions, flattened side by side:
 * differentiating them runs the gradients of both conv2d gradient kernels (each edge of their triangle).
 */
function convDoubleBackwardCases(): fc.Arbitrary<OpCase> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      groups: fc.integer({ min: 1, max: 2 }),
      cin: fc.integer({ min: 1, max: 2 }),
      cout: fc.integer({ min: 1, max: 2 }),
      kernel: dims(2, 1, 3),
      stride: dims(2, 1, 2),
      dilation: dims(2, 1, 2),
      padding: dims(2, 0, 2),
      extra: dims(2, 0, 2),
    })
    .chain(({ n, groups, cin, cout, kernel, stride, dilation, padding, extra }) => {
      const size = extentOf(kernel, dilation).map((e, i) => Math.max(1, e - 2 * padding[i] + extra[i]));
      const options: fg.ConvOptions = { stride, padding, dilation, groups };
      return fc.tuple(floatInput([n, groups * cin, ...size]), floatInput([groups * cout, cin, ...kernel])).map((inputs) => ({
        inputs,
        fn: (x: Tensor, w: Tensor) =>
          fg.enableGrad(() => {
            const [xl, wl] = [x, w].map((t) => (t.requiresGrad ? t : t.detach().requiresGrad_()));
            const y = fg.conv2d(xl, wl, undefined, options);
            const [gx, gw] = fg.grad(y.mul(y).sum(), [xl, wl], { createGraph: true });
            return fg.cat([gx.flatten(), gw.flatten()]);
          }),
      }));
    });
}

function convTransposeCases(d: number, fn: ConvTransposeFn): fc.Arbitrary<OpCase> {
  const small = d === 3;
  return fc
    .record({
      n: fc.integer({ min: 1, max: small ? 1 : 2 }),
      groups: fc.integer({ min: 1, max: small ? 2 : 3 }),
      cin: fc.integer({ min: 1, max: 2 }),
      cout: fc.integer({ min: 1, max: 2 }),
      kernel: dims(d, 1, small ? 2 : 4),
      stride: dims(d, 1, 3),
      dilation: dims(d, 1, 2),
      padding: dims(d, 0, 2),
      outputPadding: dims(d, 0, 2),
      size: dims(d, 1, small ? 2 : 4),
      bias: fc.boolean(),
    })
    .chain(({ n, groups, cin, cout, kernel, stride, dilation, padding, outputPadding, size, bias }) => {
      const outPad = outputPadding.map((p, i) => Math.min(p, Math.max(stride[i], dilation[i]) - 1));
      // Keep the output at least 1 wide: 2p <= (S - 1) s + dil (k - 1) + outputPadding.
      const pad = padding.map((p, i) => Math.min(p, Math.floor(((size[i] - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + outPad[i]) / 2)));
      const options: fg.ConvTransposeOptions = { stride, padding: pad, outputPadding: outPad, dilation, groups };
      return withOptionalBias(
        fc.tuple(floatInput([n, groups * cin, ...size]), floatInput([groups * cin, cout, ...kernel])),
        bias ? floatInput([groups * cout]) : fc.constant(null),
        ([x, w, b]) => fn(x, w, b, options),
      );
    });
}

/** A pooling geometry: kernel, stride, padding (at most half the kernel), dilation and a fitting input size. */
function poolArb(d: number, withDilation: boolean) {
  const small = d === 3;
  return fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      c: fc.integer({ min: 1, max: small ? 1 : 3 }),
      kernel: dims(d, 1, 3),
      stride: dims(d, 1, 3),
      padFraction: dims(d, 0, 1),
      dilation: dims(d, 1, withDilation ? 2 : 1),
      extra: dims(d, 0, small ? 1 : 3),
      ceilMode: fc.boolean(),
    })
    .map(({ kernel, padFraction, dilation, extra, ...rest }) => {
      const padding = kernel.map((k, i) => padFraction[i] * Math.floor(k / 2));
      // At least extent - padding wide, so every window holds a real element (dilated taps can skip the input).
      const size = extentOf(kernel, dilation).map((e, i) => Math.max(1, e - padding[i] + extra[i]));
      return { ...rest, kernel, padding, dilation, size };
    });
}

type MaxPoolFn = typeof fg.maxPool2d;
type AvgPoolFn = typeof fg.avgPool2d;

function maxPoolCases(d: number, fn: MaxPoolFn, indices: boolean): fc.Arbitrary<OpCase> {
  return poolArb(d, true).chain(({ n, c, kernel, stride, padding, dilation, ceilMode, size }) =>
    floatInput([n, c, ...size]).map((x) => ({
      inputs: [x],
      fn: (t: Tensor) => {
        const options = { kernelSize: kernel, stride, padding, dilation, ceilMode };
        return indices ? fn(t, { ...options, returnIndices: true })[1] : fn(t, options);
      },
    })),
  );
}

function avgPoolCases(d: number, fn: AvgPoolFn): fc.Arbitrary<OpCase> {
  return fc
    .tuple(poolArb(d, false), fc.boolean(), fc.option(fc.constantFrom(2, 3.5), { nil: undefined }))
    .chain(([{ n, c, kernel, stride, padding, ceilMode, size }, countIncludePad, divisorOverride]) =>
      floatInput([n, c, ...size]).map((x) => ({
        inputs: [x],
        fn: (t: Tensor) => fn(t, { kernelSize: kernel, stride, padding, ceilMode, countIncludePad, divisorOverride }),
      })),
    );
}

function adaptiveCases(fn: (x: Tensor, size: fg.AdaptiveOutputSize) => Tensor): fc.Arbitrary<OpCase> {
  return fc
    .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }), dims(2, 1, 6), fc.tuple(fc.option(fc.integer({ min: 1, max: 6 })), fc.integer({ min: 1, max: 6 })))
    .chain(([n, c, size, out]) => floatInput([n, c, ...size]).map((x) => ({ inputs: [x], fn: (t: Tensor) => fn(t, out) })));
}

const LINEAR_MODE = { 3: 'linear', 4: 'bilinear', 5: 'trilinear' } as const;

function interpolateCases(): fc.Arbitrary<OpCase> {
  return fc
    .record({
      rank: fc.integer({ min: 3, max: 5 }),
      linear: fc.boolean(),
      alignCorners: fc.boolean(),
      bySize: fc.boolean(),
      out: dims(3, 1, 7),
      scale: fc.constantFrom(0.5, 0.75, 1.5, 2, 2.5, 3),
      size: dims(3, 2, 5),
      c: fc.integer({ min: 1, max: 2 }),
    })
    .chain(({ rank, linear, alignCorners, bySize, out, scale, size, c }) => {
      const d = rank - 2;
      const spatial = size.slice(0, d).map((s) => (d === 3 ? Math.min(s, 3) : s));
      const options: fg.InterpolateOptions = {
        ...(bySize ? { size: out.slice(0, d) } : { scaleFactor: scale }),
        ...(linear ? { mode: LINEAR_MODE[rank as 3 | 4 | 5], alignCorners } : { mode: 'nearest' as const }),
      };
      return floatInput([1, c, ...spatial]).map((x) => ({ inputs: [x], fn: (t: Tensor) => fg.interpolate(t, options) }));
    });
}

function gridSampleCases(): fc.Arbitrary<OpCase> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      c: fc.integer({ min: 1, max: 3 }),
      size: dims(2, 1, 4),
      out: dims(2, 1, 4),
      mode: fc.constantFrom('bilinear' as const, 'nearest' as const),
      paddingMode: fc.constantFrom('zeros' as const, 'border' as const, 'reflection' as const),
      alignCorners: fc.boolean(),
    })
    .chain(({ n, c, size, out, mode, paddingMode, alignCorners }) =>
      fc.tuple(floatInput([n, c, ...size]), floatInput([n, ...out, 2], { range: 1.5 })).map(([x, grid]) => ({
        // Nearest sampling is piecewise constant in the grid: no gradient flows to it.
        inputs: [x, { ...grid, requiresGrad: mode === 'bilinear' }],
        fn: (t: Tensor, g: Tensor) => fg.gridSample(t, g, { mode, paddingMode, alignCorners }),
      })),
    );
}

/**
 * A window geometry with an input size it fits (for unfold) and a fold output size and origin that may drop
 * some or all window positions (as transposed convolution's padding does).
 */
function windowArb() {
  return fc.integer({ min: 1, max: 3 }).chain((d) =>
    fc.record({
      n: fc.integer({ min: 1, max: 2 }),
      c: fc.integer({ min: 1, max: 2 }),
      kernel: dims(d, 1, d === 3 ? 2 : 3),
      stride: dims(d, 1, 3),
      dilation: dims(d, 1, 2),
      counts: dims(d, 1, d === 3 ? 2 : 3),
      origin: dims(d, 0, 2),
      extra: dims(d, 0, 2),
    }),
  );
}

function foldCases(): fc.Arbitrary<{ cols: CaseInput; fn: (cols: Tensor) => Tensor; allOutside: boolean }> {
  return windowArb().chain(({ n, c, kernel, stride, dilation, counts, origin, extra }) => {
    const g: WindowGeometry = { kernel, stride, dilation };
    const extent = counts.map((o, i) => (o - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1);
    const size = extent.map((e, i) => Math.max(1, e - origin[i] + extra[i] - 1));
    const allOutside = origin.some((o, i) => o >= extent[i]);
    return floatInput([n, c, ...kernel, ...counts]).map((cols) => ({ cols, fn: (t: Tensor) => fold(t, size, g, origin), allOutside }));
  });
}

function unfoldCases(): fc.Arbitrary<OpCase> {
  return windowArb().chain(({ n, c, kernel, stride, dilation, counts, extra }) => {
    const g: WindowGeometry = { kernel, stride, dilation };
    const size = counts.map((o, i) => (o - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1 + Math.min(extra[i], stride[i] - 1));
    return floatInput([n, c, ...size]).map((x) => ({ inputs: [x], fn: (t: Tensor) => unfold('unfold', t, g) }));
  });
}

export const spatialRecords: OpRecord[] = [
  { name: 'fold (col2im)', cases: foldCases().map(({ cols, fn }) => ({ inputs: [cols], fn })) },
  {
    // The gradient of sum(fold(cols)^2) is itself differentiable: fold's gradient (unfold) has fold as its own.
    // Finite differences probe under noGrad with plain tensors, so the inner gradient gets its own leaf there.
    name: 'fold double backward',
    cases: foldCases()
      .filter(({ allOutside }) => !allOutside)
      .map(({ cols, fn }) => ({
        inputs: [cols],
        fn: (t: Tensor) =>
          fg.enableGrad(() => {
            const leaf = t.requiresGrad ? t : t.detach().requiresGrad_();
            const y = fn(leaf);
            return fg.grad(y.mul(y).sum(), [leaf], { createGraph: true })[0];
          }),
      })),
    gradRuns: 15,
  },
  { name: 'unfold (im2col)', cases: unfoldCases() },
  { name: 'conv1d', cases: convCases(1, fg.conv1d) },
  { name: 'conv2d', cases: convCases(2, fg.conv2d), gradRuns: 15 },
  { name: 'conv2d double backward', cases: convDoubleBackwardCases(), gradRuns: 10 },
  { name: 'conv3d', cases: convCases(3, fg.conv3d), gradRuns: 8, webgpuRuns: 4 },
  { name: 'conv1d depthwise', cases: depthwiseCases(1, fg.conv1d) },
  { name: 'conv2d depthwise', cases: depthwiseCases(2, fg.conv2d), gradRuns: 15 },
  { name: 'conv2d depthwise double backward', cases: depthwiseDoubleBackwardCases(), gradRuns: 10 },
  { name: 'convTranspose1d', cases: convTransposeCases(1, fg.convTranspose1d) },
  { name: 'convTranspose2d', cases: convTransposeCases(2, fg.convTranspose2d), gradRuns: 15 },
  { name: 'convTranspose3d', cases: convTransposeCases(3, fg.convTranspose3d), gradRuns: 8, webgpuRuns: 4 },
  { name: 'maxPool1d', cases: maxPoolCases(1, fg.maxPool1d, false) },
  { name: 'maxPool2d', cases: maxPoolCases(2, fg.maxPool2d, false), gradRuns: 15 },
  { name: 'maxPool3d', cases: maxPoolCases(3, fg.maxPool3d, false), gradRuns: 8, webgpuRuns: 4 },
  { name: 'maxPool2d indices', cases: maxPoolCases(2, fg.maxPool2d, true), differentiable: false },
  { name: 'avgPool1d', cases: avgPoolCases(1, fg.avgPool1d) },
  { name: 'avgPool2d', cases: avgPoolCases(2, fg.avgPool2d), gradRuns: 15 },
  { name: 'avgPool3d', cases: avgPoolCases(3, fg.avgPool3d), gradRuns: 8, webgpuRuns: 4 },
  { name: 'adaptiveAvgPool2d', cases: adaptiveCases(fg.adaptiveAvgPool2d) },
  { name: 'adaptiveMaxPool2d', cases: adaptiveCases(fg.adaptiveMaxPool2d) },
  { name: 'interpolate', cases: interpolateCases() },
  {
    name: 'pixelShuffle/pixelUnshuffle',
    cases: fc
      .tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), dims(2, 1, 3), fc.boolean())
      .chain(([lead, r, c, [h, w], shuffle]) => {
        const shape = [...new Array<number>(lead).fill(2), shuffle ? c * r * r : c, shuffle ? h : h * r, shuffle ? w : w * r];
        return floatInput(shape).map((x) => ({ inputs: [x], fn: (t: Tensor) => (shuffle ? fg.pixelShuffle(t, r) : fg.pixelUnshuffle(t, r)) }));
      }),
  },
  { name: 'gridSample', cases: gridSampleCases() },
  {
    name: 'warp',
    cases: fc
      .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }), dims(2, 1, 5))
      .chain(([n, c, [h, w]]) =>
        fc.tuple(floatInput([n, c, h, w]), floatInput([n, 2, h, w], { range: 3 })).map((inputs) => ({ inputs, fn: (x: Tensor, f: Tensor) => fg.warp(x, f) })),
      ),
  },
  {
    name: 'fft2',
    cases: fc
      .tuple(fc.integer({ min: 0, max: 2 }), dims(2, 1, 6), fc.constantFrom('backward' as const, 'ortho' as const, 'forward' as const))
      .chain(([lead, hw, norm]) =>
        floatInput([...new Array<number>(lead).fill(2), ...hw]).map((x) => ({
          inputs: [x],
          fn: (t: Tensor) => {
            const { real, imag } = fg.fft2(t, { norm });
            return fg.cat([real, imag], -1);
          },
        })),
      ),
  },
];
