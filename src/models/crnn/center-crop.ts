// torchvision.transforms.functional.center_crop for a crop no larger than the input, as the student's up block
// applies it to its skip: the offset is Python's round((size - crop) / 2), which rounds halves to even.

import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Python 3's round() of a multiple of 1/2: halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The central height x width window of x [..., H, W]; throws if the window is larger than the input. */
export function centerCrop(x: Tensor, height: number, width: number): Tensor {
  const h = x.shape[x.rank - 2];
  const w = x.shape[x.rank - 1];
  if (height > h || width > w) throw new Error(`centerCrop: a ${height}x${width} crop does not fit input ${formatShape(x.shape)}`);
  const top = roundHalfEven((h - height) / 2);
  const left = roundHalfEven((w - width) / 2);
  return x.narrow(x.rank - 2, top, height).narrow(x.rank - 1, left, width);
}
