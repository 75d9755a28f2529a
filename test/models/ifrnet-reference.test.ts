// The IFRNet family against the reference PyTorch code (FykAikawa/IFRVP at 3614420, PyTorch 1.13, float64), from
// the fixtures of fixtures/make_ifrnet_fixtures.py: IFRNet_T's seeded weights load with strict keys and reproduce
// Model.forward (the raw-warp quirk) and Model.inference(scale 0.5) with their gradients; the side and ELAN residual
// blocks, the census, geometry and robust Charbonnier losses and the VGG perceptual loss are reproduced alone.
// Each runs on cpu in float64 and on webgpu in float32.

import { type TestContext, describe, test } from 'node:test';
import { type SafetensorsFile, type Tensor, type nn, tensor } from '../../src/index.js';
import {
  IFRNet, ResBlock, ResBlockElan, VggPerceptualLoss, censusLoss, geometryLoss, ifrnetLoss, robustCharbonnierLoss, robustWeight,
} from '../../src/models/ifrnet/index.js';
import type { Module } from '../../src/nn/module.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { entry, loadFixture } from './ifrnet-helpers.js';

type Device = 'cpu' | 'webgpu';

const fixtures = Promise.all([loadFixture('ifrnet_t.safetensors'), loadFixture('ifrnet_parts.safetensors')]);

/** A fixture tensor on the device (float64 on cpu, float32 on webgpu). */
function on(file: SafetensorsFile, name: string, device: Device, requiresGrad = false): Tensor {
  const t = entry(file, name);
  return tensor(t.dataSync(), { shape: t.shape, dtype: device === 'cpu' ? 'float64' : 'float32', backend: device, requiresGrad });
}

/** The entries under `prefix`, keys stripped, as a state dict. */
function stateUnder(file: SafetensorsFile, prefix: string): nn.StateDict {
  const state: nn.StateDict = {};
  for (const key of Object.keys(file.tensors)) if (key.startsWith(prefix)) state[key.slice(prefix.length)] = entry(file, key);
  return state;
}

/** Loads the weights strictly, in float64 on cpu or float32 on webgpu. */
function placed<M extends Module>(module: M, state: nn.StateDict, device: Device): M {
  if (device === 'cpu') module.to('float64');
  module.loadStateDict(state, true);
  return module.to(device);
}

async function expectClose(actual: Tensor | null, file: SafetensorsFile, name: string, device: Device): Promise<void> {
  if (!actual) throw new Error(`${name}: no gradient on ${device}`);
  assertClose(await actual.data(), entry(file, name).dataSync(), device === 'cpu' ? TOL.torchFixture64 : TOL.torchModelWebgpu, `${name} (${device} vs PyTorch)`);
}

async function reproduceModel(device: Device): Promise<void> {
  const [file] = await fixtures;
  const params = JSON.parse(file.metadata?.params ?? '[]') as string[];
  // forward(): IFRNet_T's training path warps the raw frames (rawWarpQuirk) and returns MSE as loss_rec.
  const quirk = placed(new IFRNet({ variant: 'IFRNet_T', rawWarpQuirk: true }), stateUnder(file, 'state/'), device);
  const img0 = on(file, 'img0', device, true);
  const img1 = on(file, 'img1', device, true);
  const { output, total } = ifrnetLoss(quirk, { img0, img1, target: on(file, 'imgt', device) });
  total.backward();
  await expectClose(output.prediction, file, 'forward/prediction', device);
  await expectClose(img0.grad, file, 'forward/grad/img0', device);
  await expectClose(img1.grad, file, 'forward/grad/img1', device);
  const named = new Map(quirk.namedParameters());
  for (const p of params) await expectClose(named.get(p)?.grad ?? null, file, `forward/grad/${p}`, device);

  // inference(scale_factor=0.5): the centred frames are warped.
  const model = placed(new IFRNet({ variant: 'IFRNet_T', inferenceScale: 0.5 }), stateUnder(file, 'state/'), device);
  const a = on(file, 'img0', device, true);
  const b = on(file, 'img1', device, true);
  const prediction = model.forward(a, b).prediction;
  prediction.mul(on(file, 'inference/weight', device)).sum().backward();
  await expectClose(prediction, file, 'inference/prediction', device);
  await expectClose(a.grad, file, 'inference/grad/img0', device);
  await expectClose(b.grad, file, 'inference/grad/img1', device);
}

async function reproduceBlock(device: Device, name: 'side' | 'elan'): Promise<void> {
  const [, file] = await fixtures;
  const block = placed(name === 'side' ? new ResBlock(12, 4) : new ResBlockElan(9), stateUnder(file, `${name}/state/`), device);
  const x = on(file, `${name}/input`, device, true);
  const y = block.forward(x);
  y.mul(on(file, `${name}/weight`, device)).sum().backward();
  await expectClose(y, file, `${name}/output`, device);
  await expectClose(x.grad, file, `${name}/grad/input`, device);
  for (const [key, p] of block.namedParameters()) await expectClose(p.grad, file, `${name}/grad/${key}`, device);
}

async function reproduceLosses(device: Device): Promise<void> {
  const [, file] = await fixtures;
  const pred = on(file, 'census/prediction', device, true);
  const census = censusLoss(pred, on(file, 'census/target', device));
  census.backward();
  await expectClose(census.reshape([1]), file, 'census/value', device);
  await expectClose(pred.grad, file, 'census/grad/prediction', device);

  const a = on(file, 'geometry/prediction', device, true);
  const b = on(file, 'geometry/target', device, true);
  const geometry = geometryLoss(a, b);
  geometry.backward();
  await expectClose(geometry.reshape([1]), file, 'geometry/value', device);
  await expectClose(a.grad, file, 'geometry/grad/prediction', device);
  await expectClose(b.grad, file, 'geometry/grad/target', device);

  const weight = robustWeight(on(file, 'robust/flow', device), on(file, 'robust/teacher', device));
  await expectClose(weight, file, 'robust/weight', device);
  const diff = on(file, 'robust/diff', device, true);
  const robust = robustCharbonnierLoss(diff, weight);
  robust.backward();
  await expectClose(robust.reshape([1]), file, 'robust/value', device);
  await expectClose(diff.grad, file, 'robust/grad/diff', device);
}

async function reproduceVgg(device: Device): Promise<void> {
  const [, file] = await fixtures;
  // fromStateDict holds float32 weights; the fixture's F16 values survive float32 exactly.
  const vgg = VggPerceptualLoss.fromStateDict(stateUnder(file, 'vgg/state/')).to(device === 'cpu' ? 'float64' : 'float32').to(device);
  const pred = on(file, 'vgg/prediction', device, true);
  const value = vgg.forward(pred, on(file, 'vgg/target', device));
  value.backward();
  await expectClose(value.reshape([1]), file, 'vgg/value', device);
  await expectClose(pred.grad, file, 'vgg/grad/prediction', device);
}

/** Runs `check` on the device; on webgpu only when an adapter exists (otherwise the test is skipped). */
async function onDevice(t: TestContext, device: Device, check: (device: Device) => Promise<void>): Promise<void> {
  if (device === 'webgpu' && !(await webgpuOrSkip(t))) return;
  await check(device);
}

for (const device of ['cpu', 'webgpu'] as const) {
  describe(`IFRNet family vs the PyTorch reference (FykAikawa/IFRVP 3614420), ${device === 'cpu' ? 'cpu float64' : 'webgpu float32'}`, () => {
    test('IFRNet_T: strict load; forward (raw-warp quirk) and inference(0.5): outputs and gradients', (t) => onDevice(t, device, reproduceModel));
    test('side ResBlock(12, 4) and ResBlock_ELAN(9): outputs and gradients', (t) =>
      onDevice(t, device, async (d) => {
        await reproduceBlock(d, 'side');
        await reproduceBlock(d, 'elan');
      }));
    test('census, geometry, robust weight and robust Charbonnier', (t) => onDevice(t, device, reproduceLosses));
    test('VGG perceptual loss over a narrow VGG19-layout stack', (t) => onDevice(t, device, reproduceVgg));
  });
}
