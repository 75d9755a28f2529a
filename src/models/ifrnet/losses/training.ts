// The training objectives of the IFRNet family (spec §9), as the reference Model.forward computes them: the
// prediction plus loss_rec, loss_geo and loss_dis, selected by config.loss. For extrapolation (IFRVP) the batch is
// relabelled: img0 = I_{t-1}, img1 = I_t, target = I_{t+1}.

import { charbonnierLoss, l1Loss, mseLoss } from '../../../nn/losses/regression.js';
import { frequencyLoss } from '../../../nn/losses/frequency.js';
import { laplacianPyramidLoss } from '../../../nn/losses/laplacian-pyramid.js';
import { zeros } from '../../../tensor/creation.js';
import type { Tensor } from '../../../tensor/tensor.js';
import type { IfrnetLossKind } from '../config.js';
import type { IFRNet, IfrnetOutput } from '../ifrnet.js';
import { censusLoss, geometryLoss } from './census.js';
import { distillationLoss } from './distillation.js';
import type { VggPerceptualLoss } from './perceptual.js';

export interface IfrnetBatch {
  /** [B, C, H, W] first input (I0, or I_{t-1} for extrapolation). */
  readonly img0: Tensor;
  /** [B, C, H, W] second input (I1, or I_t). */
  readonly img1: Tensor;
  /** [B, C, H, W] ground truth (It, or I_{t+1}). */
  readonly target: Tensor;
  /** Time input (default the model's config.embt). */
  readonly embt?: number | Tensor;
  /** [B, 4, H, W] teacher flows [F_t->0, F_t->1] for the distillation term; without it the term is 0. */
  readonly flow?: Tensor;
}

export interface IfrnetLossOptions {
  /** Overrides the model's config.loss. */
  readonly kind?: IfrnetLossKind;
  /** The VGG19 perceptual loss for 'lap' (IFRVP's IFRNet_ELAN adds 0.5 x it as loss_geo); without it that term is 0. */
  readonly perceptual?: VggPerceptualLoss;
}

export interface IfrnetLosses {
  readonly output: IfrnetOutput;
  /** Reconstruction: per kind, Charbonnier + census, L1 + 0.1 FFT-L1, MSE, or Laplacian-pyramid L1. */
  readonly rec: Tensor;
  /** 'ifrnet': 0.01 x geometry of the predicted features; 'lap' with a perceptual loss: 0.5 x perceptual; else 0. */
  readonly geo: Tensor;
  /** 0.01 x flow distillation when batch.flow is given, else 0. */
  readonly dis: Tensor;
  /** rec + geo + dis, what the reference training scripts backpropagate. */
  readonly total: Tensor;
}

/** Runs the model (at scale 1) on a batch and computes the losses of the chosen kind. */
export function ifrnetLoss(model: IFRNet, batch: IfrnetBatch, options: IfrnetLossOptions = {}): IfrnetLosses {
  const kind = options.kind ?? model.config.loss;
  const output = model.forward(batch.img0, batch.img1, { embt: batch.embt, scale: 1 });
  const pred = output.prediction;
  const zero = zeros([], { dtype: pred.dtype, backend: pred.backend });
  let rec: Tensor;
  let geo = zero;
  if (kind === 'ifrnet') {
    rec = charbonnierLoss(pred, batch.target).add(censusLoss(pred, batch.target));
    const truth = model.encoder.forward(batch.target.sub(output.mean));
    geo = output.features.map((f, k) => geometryLoss(f, truth[k])).reduce((a, b) => a.add(b)).mul(0.01);
  } else if (kind === 'l1fft') {
    rec = l1Loss(pred, batch.target).add(frequencyLoss(pred, batch.target).mul(0.1));
  } else if (kind === 'mse') {
    rec = mseLoss(pred, batch.target);
  } else if (kind === 'lap') {
    rec = laplacianPyramidLoss(pred, batch.target);
    if (options.perceptual) geo = options.perceptual.forward(pred, batch.target).mul(0.5);
  } else {
    throw new Error(`ifrnetLoss: unknown loss kind '${String(kind)}'`);
  }
  const dis = batch.flow ? distillationLoss(output.flowPyramid, batch.flow) : zero;
  return { output, rec, geo, dis, total: rec.add(geo).add(dis) };
}
