// The losses against PyTorch 1.13 (and, for IFRNet's Charbonnier, Laplacian-pyramid, frequency and SSIM losses,
// their reference PyTorch code): every case in test/fixtures/nn/losses.json runs on cpu in float64, and a subset
// on webgpu in float32; the loss and the gradients of sum(loss * w) w.r.t. input (and target where PyTorch
// differentiates it) are compared with PyTorch's.

import { describe, test } from 'node:test';
import { type BackendName, type Tensor, nn } from '../../src/index.js';
import { TOL, type Tolerance, assertClose } from '../support/tolerances.js';
import { webgpuOrSkip } from '../support/webgpu.js';
import { type LossCase, lossCases, toTensor } from './nn-fixtures.js';

type Inputs = Readonly<Record<string, Tensor>>;

/** Each loss by its fixture name; weight and posWeight come in as named inputs. */
const LOSSES: Record<string, (xs: Inputs, options: object) => Tensor> = {
  mseLoss: ({ input, target }, o) => nn.mseLoss(input, target, o as nn.ReductionOptions),
  l1Loss: ({ input, target }, o) => nn.l1Loss(input, target, o as nn.ReductionOptions),
  smoothL1Loss: ({ input, target }, o) => nn.smoothL1Loss(input, target, o as nn.SmoothL1Options),
  huberLoss: ({ input, target }, o) => nn.huberLoss(input, target, o as nn.HuberOptions),
  charbonnierLoss: ({ input, target }, o) => nn.charbonnierLoss(input, target, o as nn.CharbonnierOptions),
  binaryCrossEntropy: ({ input, target, weight }, o) => nn.binaryCrossEntropy(input, target, { ...(o as nn.BinaryCrossEntropyOptions), weight }),
  binaryCrossEntropyWithLogits: ({ input, target, weight, posWeight }, o) =>
    nn.binaryCrossEntropyWithLogits(input, target, { ...(o as nn.BinaryCrossEntropyWithLogitsOptions), weight, posWeight }),
  crossEntropy: ({ input, target, weight }, o) => nn.crossEntropy(input, target, { ...(o as nn.CrossEntropyOptions), weight }),
  klDiv: ({ input, target }, o) => nn.klDiv(input, target, o as nn.KlDivOptions),
  laplacianPyramidLoss: ({ input, target }, o) => nn.laplacianPyramidLoss(input, target, o as nn.LaplacianPyramidOptions),
  frequencyLoss: ({ input, target }, o) => nn.frequencyLoss(input, target, o as nn.FrequencyLossOptions),
  ssim: ({ input, target }, o) => nn.ssim(input, target, o as nn.SsimOptions),
};

// Cases whose float32 values stay well conditioned (no clamped logs: their gradients reach 1e11).
const WEBGPU_SUBSET = [
  'mse-mean', 'l1-none', 'smoothl1-sum', 'huber-delta0.7', 'charbonnier-mean', 'bcelogits-posweight-weight', 'ce-weight-smoothing-mean',
  'ce-spatial-smoothing', 'ce-probs-weight-smoothing', 'kl-batchmean', 'kl-log-target-batchmean', 'laplacian-3-levels', 'frequency-mean',
  'ssim-valid', 'ssim-replicate-range2',
];

async function runCase(c: LossCase, backend: BackendName, dtype: 'float32' | 'float64', tol: Tolerance): Promise<void> {
  const fn = LOSSES[c.loss];
  if (!fn) throw new Error(`no loss named ${c.loss}`);
  const what = `${c.id} (${backend} ${dtype})`;
  const xs: Inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, t]) => [k, toTensor(t, dtype, backend, k in c.grads)]));
  const y = fn(xs, c.options);
  assertClose(await y.data(), c.output.values, tol, `${what} loss`);
  y.mul(toTensor(c.weight, dtype, backend)).sum().backward();
  for (const [name, expected] of Object.entries(c.grads)) {
    const grad = xs[name]?.grad;
    if (!grad) throw new Error(`${what}: no gradient for ${name}`);
    assertClose(await grad.data(), expected.values, tol, `${what} gradient of ${name}`);
  }
}

describe('losses vs PyTorch', () => {
  for (const c of lossCases()) {
    test(`${c.id} [cpu float64]`, () => runCase(c, 'cpu', 'float64', TOL.torchFixture64));
  }
  for (const c of lossCases().filter((k) => WEBGPU_SUBSET.includes(k.id))) {
    test(`${c.id} [webgpu float32]`, async (t) => {
      if (!(await webgpuOrSkip(t))) return;
      await runCase(c, 'webgpu', 'float32', TOL.webgpuVsFloat64);
    });
  }
});
