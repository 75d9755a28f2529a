// IFRVP's frequency loss (spec ifrnet.md §9.2): the L1 distance between the 2-d DFTs of input and target over
// their last two dims, real and imaginary parts compared separately, as
// mean|view_as_real(fft2(target)) - view_as_real(fft2(input))|. IFRVP's IFRNet_S trains on
// l1Loss(pred, gt) + 0.1 * frequencyLoss(pred, gt). The DFT is linear, so the difference is transformed once.

import { stack } from '../../ops/cat.js';
import { fft2, type FftNorm } from '../../ops/spatial/dft.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, reduceLoss, type ReductionOptions } from './reduction.js';

export interface FrequencyLossOptions extends ReductionOptions {
  /**
   * torch.fft's normalisation (default 'backward': the forward transform unscaled, as IFRVP uses it, so each
   * coefficient sums H*W pixels and the term is about sqrt(HW) times the pixel L1 for white error).
   */
  readonly norm?: FftNorm;
}

/** |DFT(input - target)| per real and imaginary part; 'none' gives shape [..., H, W, 2] like view_as_real. */
export function frequencyLoss(input: Tensor, target: Tensor, options: FrequencyLossOptions = {}): Tensor {
  const name = 'frequencyLoss';
  checkPair(name, input, target);
  if (input.rank < 2) throw new Error(`${name}: input ${formatShape(input.shape)} must have at least 2 dims [..., H, W]`);
  const { real, imag } = fft2(input.sub(target), { norm: options.norm ?? 'backward' });
  return reduceLoss(stack([real, imag], real.rank).abs(), options.reduction, name);
}
