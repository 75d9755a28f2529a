// Test-set metrics of a model's predictions next to the copy-last-frame baseline: MSE (mean per pixel and the
// literature's sum per frame), MAE, PSNR and SSIM, each averaged over every predicted frame of every clip.

import { noGrad } from '../autograd/grad-mode.js';
import type { ClipDataset } from '../data/clip-dataset.js';
import { copyLastFrame } from '../metrics/baseline.js';
import { maeFrames, mseFrames } from '../metrics/errors.js';
import { psnrFrames } from '../metrics/psnr.js';
import { ssimFrames } from '../metrics/ssim.js';
import type { Module } from '../nn/module.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import type { VideoTask } from './task.js';

export const METRICS = ['mse', 'mseSumPerFrame', 'mae', 'psnr', 'ssim'] as const;
export type MetricName = (typeof METRICS)[number];
export type MetricTable = Record<MetricName, number>;

export interface Evaluation {
  readonly model: MetricTable;
  readonly copyLastFrame: MetricTable;
  readonly clips: number;
}

/** Per-frame scores [B, T] of every metric for one batch. */
function frameScores(pred: Tensor, target: Tensor): Record<MetricName, Tensor> {
  return {
    mse: mseFrames(pred, target),
    mseSumPerFrame: mseFrames(pred, target, { reduction: 'sum' }),
    mae: maeFrames(pred, target),
    psnr: psnrFrames(pred.clamp(0, 1), target),
    ssim: ssimFrames(pred.clamp(0, 1), target),
  };
}

export async function evaluate(task: VideoTask, model: Module, dataset: ClipDataset): Promise<Evaluation> {
  model.eval();
  const sums = { model: zeroTable(), copyLastFrame: zeroTable() };
  let frames = 0;
  let clips = 0;
  for await (const batch of dataset.batches(0)) {
    const future = batch.target.shape[1];
    const scores = tidy(() =>
      noGrad(() => ({
        model: frameScores(task.predict(model, batch.input, future), batch.target),
        copyLastFrame: frameScores(copyLastFrame(batch.input, future), batch.target),
      })),
    );
    for (const which of ['model', 'copyLastFrame'] as const) {
      for (const name of METRICS) {
        const total = scores[which][name].sum();
        sums[which][name] += (await total.data())[0];
        total.dispose();
        scores[which][name].dispose();
      }
    }
    frames += batch.target.shape[0] * future;
    clips += batch.target.shape[0];
    batch.input.dispose();
    batch.target.dispose();
  }
  const mean = (t: MetricTable): MetricTable => Object.fromEntries(METRICS.map((m) => [m, t[m] / frames])) as MetricTable;
  return { model: mean(sums.model), copyLastFrame: mean(sums.copyLastFrame), clips };
}

function zeroTable(): MetricTable {
  return { mse: 0, mseSumPerFrame: 0, mae: 0, psnr: 0, ssim: 0 };
}

/** The metrics as an aligned text table. */
export function formatEvaluation(e: Evaluation): string {
  const rows = [['metric', 'model', 'copy last frame', 'better'], ...METRICS.map((m) => {
    const higherIsBetter = m === 'psnr' || m === 'ssim';
    const wins = higherIsBetter ? e.model[m] > e.copyLastFrame[m] : e.model[m] < e.copyLastFrame[m];
    return [m, e.model[m].toPrecision(5), e.copyLastFrame[m].toPrecision(5), wins ? 'model' : 'baseline'];
  })];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}
