// The elementwise regression losses of torch.nn.functional (mse, l1, smooth L1, Huber) and IFRNet's
// Charbonnier loss, each the elementwise penalty of (input - target) followed by the reduction.

import { lt } from '../../ops/compare.js';
import { where } from '../../ops/where.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, reduceLoss, type ReductionOptions } from './reduction.js';

/** (input - target)^2 (F.mse_loss). */
export function mseLoss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  checkPair('mseLoss', input, target);
  return reduceLoss(input.sub(target).square(), options.reduction, 'mseLoss');
}

/** |input - target| (F.l1_loss). */
export function l1Loss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  checkPair('l1Loss', input, target);
  return reduceLoss(input.sub(target).abs(), options.reduction, 'l1Loss');
}

export interface SmoothL1Options extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (PyTorch's default 1); 0 gives the L1 loss. */
  readonly beta?: number;
}

/** 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta (F.smooth_l1_loss). */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1Options = {}): Tensor {
  const name = 'smoothL1Loss';
  checkPair(name, input, target);
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) throw new Error(`${name}: beta must be non-negative, got ${beta}`);
  const d = input.sub(target).abs();
  if (beta === 0) return reduceLoss(d, options.reduction, name);
  const loss = where(lt(d, beta), d.square().mul(0.5 / beta), d.sub(0.5 * beta));
  return reduceLoss(loss, options.reduction, name);
}

export interface HuberOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (PyTorch's default 1). */
  readonly delta?: number;
}

/** 0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta) (F.huber_loss; smoothL1Loss times delta). */
export function huberLoss(input: Tensor, target: Tensor, options: HuberOptions = {}): Tensor {
  const name = 'huberLoss';
  checkPair(name, input, target);
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new Error(`${name}: delta must be positive, got ${delta}`);
  const d = input.sub(target).abs();
  const loss = where(lt(d, delta), d.square().mul(0.5), d.sub(0.5 * delta).mul(delta));
  return reduceLoss(loss, options.reduction, name);
}

export interface CharbonnierOptions extends ReductionOptions {
  /** The smoothing constant: sqrt(d^2 + eps^2). IFRNet's default 1e-3 (it adds eps^2 = 1e-6). */
  readonly eps?: number;
}

/** sqrt((input - target)^2 + eps^2), the differentiable L1 of IFRNet's reconstruction loss. */
export function charbonnierLoss(input: Tensor, target: Tensor, options: CharbonnierOptions = {}): Tensor {
  const name = 'charbonnierLoss';
  checkPair(name, input, target);
  const eps = options.eps ?? 1e-3;
  if (!(eps > 0)) throw new Error(`${name}: eps must be positive, got ${eps}`);
  return reduceLoss(input.sub(target).square().add(eps * eps).sqrt(), options.reduction, name);
}
