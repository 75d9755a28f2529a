// pixelShuffle / pixelUnshuffle (torch.nn.functional.pixel_shuffle / pixel_unshuffle): sub-pixel rearrangement
// between channels and space, out[n, c, h r + i, w r + j] = in[n, c r^2 + i r + j, h, w]. A reshape, one permute and
// a reshape, so the gradient is the inverse rearrangement.

import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';

function checkFactor(op: string, x: Tensor, factor: number): void {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`${op}: factor must be a positive integer, got ${factor}`);
  if (x.rank < 3) throw new Error(`${op}: input must have at least 3 dims [..., C, H, W], got ${formatShape(x.shape)}`);
}

/** [..., C r^2, H, W] -> [..., C, H r, W r]. */
export function pixelShuffle(x: Tensor, upscaleFactor: number): Tensor {
  const op = 'pixelShuffle';
  checkFactor(op, x, upscaleFactor);
  const r = upscaleFactor;
  const [c, h, w] = x.shape.slice(-3);
  if (c % (r * r) !== 0) throw new Error(`${op}: channels ${c} of input ${formatShape(x.shape)} must be divisible by upscaleFactor^2 = ${r * r}`);
  const lead = x.shape.slice(0, -3);
  const b = lead.length;
  return x
    .reshape([...lead, c / (r * r), r, r, h, w])
    .permute([...lead.map((_, i) => i), b, b + 3, b + 1, b + 4, b + 2])
    .reshape([...lead, c / (r * r), h * r, w * r]);
}

/** [..., C, H r, W r] -> [..., C r^2, H, W]. */
export function pixelUnshuffle(x: Tensor, downscaleFactor: number): Tensor {
  const op = 'pixelUnshuffle';
  checkFactor(op, x, downscaleFactor);
  const r = downscaleFactor;
  const [c, h, w] = x.shape.slice(-3);
  if (h % r !== 0 || w % r !== 0) throw new Error(`${op}: height and width of input ${formatShape(x.shape)} must be divisible by downscaleFactor ${r}`);
  const lead = x.shape.slice(0, -3);
  const b = lead.length;
  return x
    .reshape([...lead, c, h / r, r, w / r, r])
    .permute([...lead.map((_, i) => i), b, b + 2, b + 4, b + 1, b + 3])
    .reshape([...lead, c * r * r, h / r, w / r]);
}
