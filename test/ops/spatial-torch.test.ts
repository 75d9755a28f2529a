// The spatial ops against PyTorch 1.13: every case in test/fixtures/spatial (written by
// fixtures/make_spatial_fixtures.py) is run forward and backward on cpu in float64 and on webgpu in float32, and
// the outputs and the gradients of sum(output * weight) w.r.t. every input are compared with PyTorch's.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type AvgPoolOptions,
  type ConvOptions,
  type ConvTransposeOptions,
  type Fft2Options,
  type GridSampleOptions,
  type InterpolateOptions,
  type MaxPoolOptions,
  type AdaptiveOutputSize,
  Tensor,
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  avgPool1d,
  avgPool2d,
  avgPool3d,
  conv1d,
  conv2d,
  conv3d,
  convTranspose1d,
  convTranspose2d,
  convTranspose3d,
  fft2,
  gridSample,
  interpolate,
  maxPool1d,
  maxPool2d,
  maxPool3d,
  pixelShuffle,
  pixelUnshuffle,
  tensor,
  warp,
} from '../../src/index.js';
import { type FixtureCase, type FixtureFile, fixtureTensor, readFixtureDir } from '../support/safetensors-fixture.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/spatial/', import.meta.url));

type Call = (xs: readonly Tensor[], options: object) => Tensor[];

function maxPoolCall(pool: typeof maxPool2d): Call {
  return ([x], o) => {
    const options = o as MaxPoolOptions & { readonly returnIndices?: boolean };
    return options.returnIndices ? pool(x, { ...options, returnIndices: true }) : [pool(x, { ...options, returnIndices: false })];
  };
}

const CALLS: Record<string, Call> = {
  conv1d: ([x, w, b], o) => [conv1d(x, w, b, o as ConvOptions)],
  conv2d: ([x, w, b], o) => [conv2d(x, w, b, o as ConvOptions)],
  conv3d: ([x, w, b], o) => [conv3d(x, w, b, o as ConvOptions)],
  convTranspose1d: ([x, w, b], o) => [convTranspose1d(x, w, b, o as ConvTransposeOptions)],
  convTranspose2d: ([x, w, b], o) => [convTranspose2d(x, w, b, o as ConvTransposeOptions)],
  convTranspose3d: ([x, w, b], o) => [convTranspose3d(x, w, b, o as ConvTransposeOptions)],
  maxPool1d: maxPoolCall(maxPool1d),
  maxPool2d: maxPoolCall(maxPool2d),
  maxPool3d: maxPoolCall(maxPool3d),
  avgPool1d: ([x], o) => [avgPool1d(x, o as AvgPoolOptions)],
  avgPool2d: ([x], o) => [avgPool2d(x, o as AvgPoolOptions)],
  avgPool3d: ([x], o) => [avgPool3d(x, o as AvgPoolOptions)],
  adaptiveAvgPool2d: ([x], o) => [adaptiveAvgPool2d(x, (o as { outputSize: AdaptiveOutputSize }).outputSize)],
  adaptiveMaxPool2d: ([x], o) => [adaptiveMaxPool2d(x, (o as { outputSize: AdaptiveOutputSize }).outputSize)],
  interpolate: ([x], o) => [interpolate(x, o as InterpolateOptions)],
  pixelShuffle: ([x], o) => [pixelShuffle(x, (o as { factor: number }).factor)],
  pixelUnshuffle: ([x], o) => [pixelUnshuffle(x, (o as { factor: number }).factor)],
  gridSample: ([x, grid], o) => [gridSample(x, grid, o as GridSampleOptions)],
  warp: ([image, flow]) => [warp(image, flow)],
  fft2: ([x], o) => {
    const { real, imag } = fft2(x, o as Fft2Options);
    return [real, imag];
  },
};

async function runCase(file: FixtureFile, c: FixtureCase, backend: 'cpu' | 'webgpu'): Promise<void> {
  const dtype = backend === 'cpu' ? 'float64' : 'float32';
  const tol = backend === 'cpu' ? TOL.torchFixture64 : TOL.webgpuVsFloat64;
  const call = CALLS[c.op];
  assert.ok(call, `no framegrad call for fixture op '${c.op}'`);
  const xs = c.inputs.map((name) => {
    const t = fixtureTensor(file, `${c.id}/input/${name}`);
    return tensor(t.values, { shape: t.shape, dtype, backend, requiresGrad: true });
  });
  const outputs = call(xs, c.options);
  let loss: Tensor | null = null;
  for (const [i, name] of c.outputs.entries()) {
    const expected = fixtureTensor(file, `${c.id}/output/${name}`);
    const out = outputs[i];
    assert.deepEqual(out.shape, expected.shape, `${c.id} ${name}: shape`);
    const exact = expected.dtype === 'I64';
    assertClose(await out.data(), expected.values, exact ? TOL.exact : tol, `${c.id} ${name} (${backend})`);
    if (exact) continue;
    const w = fixtureTensor(file, `${c.id}/weight/${name}`);
    const term = out.mul(tensor(w.values, { shape: w.shape, dtype, backend })).sum();
    loss = loss ? loss.add(term) : term;
  }
  assert.ok(loss, `${c.id}: no float output to differentiate`);
  loss.backward();
  for (const [i, name] of c.inputs.entries()) {
    const expected = fixtureTensor(file, `${c.id}/grad/${name}`);
    const grad = xs[i].grad;
    // An input the output does not depend on differentiably (the grid in nearest mode) gets no gradient: zeros.
    const actual = grad ? await grad.data() : new Float64Array(expected.values.length);
    assertClose(actual, expected.values, tol, `${c.id} gradient of ${name} (${backend})`);
  }
}

for (const { name, file } of readFixtureDir(DIR)) {
  describe(`spatial ops vs PyTorch: ${name}`, () => {
    for (const c of file.cases) {
      test(`${c.id} ${JSON.stringify(c.options)} on cpu (float64)`, () => runCase(file, c, 'cpu'));
      test(`${c.id} ${JSON.stringify(c.options)} on webgpu (float32)`, async (t) => {
        if (!(await webgpuOrSkip(t))) return;
        await runCase(file, c, 'webgpu');
      });
    }
  });
}
