// fft2 over the last two dims of a real tensor, for IFRVP's frequency loss (L1 of view_as_real(torch.fft.fft2)),
// written as products with host-built DFT matrices: X = F_H x F_W with F = C - iS, so
// real = C_H (x C_W) - S_H (x S_W) and imag = -(S_H (x C_W) + C_H (x S_W)). Six matmuls, O(HW(H + W)) work, any
// size (no power-of-two restriction) and gradients from matmul's rule. framegrad has no complex dtype, so the
// result is the (real, imag) pair; a radix-2 FFT kernel would be the speed-up.

import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { matmul } from '../matmul.js';
import { checkFloat, constantLike } from './params.js';

/** torch.fft normalisation: 'backward' (default) leaves the forward transform unscaled, 'ortho' scales by 1/sqrt(HW), 'forward' by 1/(HW). */
export type FftNorm = 'backward' | 'ortho' | 'forward';

export interface Fft2Options {
  readonly norm?: FftNorm;
}

/** Real and imaginary parts of a transform. */
export interface ComplexParts {
  readonly real: Tensor;
  readonly imag: Tensor;
}

/** cos and sin DFT matrices of size n (symmetric), scaled; angles reduced mod n for accuracy. */
function dftMatrices(like: Tensor, n: number, scale: number): [Tensor, Tensor] {
  const cos = new Float64Array(n * n);
  const sin = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const angle = (2 * Math.PI * ((j * k) % n)) / n;
      cos[j * n + k] = scale * Math.cos(angle);
      sin[j * n + k] = scale * Math.sin(angle);
    }
  }
  return [constantLike(like, cos, [n, n]), constantLike(like, sin, [n, n])];
}

/** torch.fft.fft2(x, norm) of a real tensor [..., H, W], as its real and imaginary parts. */
export function fft2(x: Tensor, options: Fft2Options = {}): ComplexParts {
  const op = 'fft2';
  checkFloat(op, 'input', x);
  if (x.rank < 2) throw new Error(`${op}: input must have at least 2 dims [..., H, W], got ${formatShape(x.shape)}`);
  const norm = options.norm ?? 'backward';
  const [h, w] = x.shape.slice(-2);
  const scale = norm === 'backward' ? 1 : norm === 'forward' ? 1 / (h * w) : norm === 'ortho' ? 1 / Math.sqrt(h * w) : NaN;
  if (Number.isNaN(scale)) throw new Error(`${op}: unknown norm '${String(norm)}'`);
  const [cosW, sinW] = dftMatrices(x, w, 1);
  const [cosH, sinH] = dftMatrices(x, h, scale);
  const a = matmul(x, cosW);
  const b = matmul(x, sinW);
  return { real: matmul(cosH, a).sub(matmul(sinH, b)), imag: matmul(sinH, a).add(matmul(cosH, b)).neg() };
}
