// IFRNet on webgpu (float32) against cpu (float64) with the same weights: one forward and backward of a miniature
// per block family under its training objective, comparing the prediction, the loss, the input gradients and every
// parameter's gradient.

import { type TestContext, test } from 'node:test';
import { type Tensor, tensor } from '../../src/index.js';
import { IFRNet, type IfrnetConfig, type IfrnetLossKind, ifrnetLoss } from '../../src/models/ifrnet/index.js';
import { TOL, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { MINIATURES, seeded } from './ifrnet-helpers.js';

interface Run {
  readonly values: Map<string, Float64Array>;
}

async function run(config: IfrnetConfig, state: Record<string, Tensor>, kind: IfrnetLossKind, size: number, device: 'cpu' | 'webgpu'): Promise<Run> {
  const dtype = device === 'cpu' ? 'float64' : 'float32';
  const model = new IFRNet(config).to(dtype);
  model.loadStateDict(state, true);
  model.to(device);
  const input = (seed: number, channels: number, lo = 0, hi = 1, requiresGrad = false): Tensor => {
    const t = seeded([2, channels, size, size], seed, 'float64', lo, hi);
    return tensor(t.dataSync(), { shape: t.shape, dtype, backend: device, requiresGrad });
  };
  const img0 = input(31, 3, 0, 1, true);
  const img1 = input(32, 3, 0, 1, true);
  const flow = kind === 'ifrnet' ? input(34, 4, -2, 2) : undefined;
  const { output, total } = ifrnetLoss(model, { img0, img1, target: input(33, 3), flow }, { kind });
  total.backward();
  const values = new Map<string, Float64Array>();
  const keep = async (name: string, t: Tensor | null): Promise<void> => {
    if (!t) throw new Error(`${name}: no gradient on ${device}`);
    values.set(name, Float64Array.from(await t.data()));
  };
  await keep('prediction', output.prediction);
  await keep('loss', total);
  await keep('grad img0', img0.grad);
  await keep('grad img1', img1.grad);
  for (const [name, p] of model.namedParameters()) await keep(`grad ${name}`, p.grad);
  return { values };
}

async function parity(t: TestContext, miniature: string, kind: IfrnetLossKind, size: number): Promise<void> {
  if (!(await webgpuOrSkip(t))) return;
  const config = MINIATURES[miniature];
  const state = new IFRNet(config).stateDict();
  const reference = await run(config, state, kind, size, 'cpu');
  const gpu = await run(config, state, kind, size, 'webgpu');
  for (const [name, expected] of reference.values) {
    assertClose(gpu.values.get(name) ?? [], expected, TOL.webgpuVsFloat64, `${miniature} '${kind}' ${name} (webgpu vs cpu float64)`);
  }
}

test("webgpu vs cpu: side-block miniature, 'ifrnet' objective with distillation, 16x16", (t) => parity(t, 'side', 'ifrnet', 16));
test("webgpu vs cpu: ELAN miniature, 'lap' objective, 64x64", (t) => parity(t, 'elan', 'lap', 64));
test("webgpu vs cpu: thirds miniature, 'l1fft' objective, 16x16", (t) => parity(t, 'thirds', 'l1fft', 16));
