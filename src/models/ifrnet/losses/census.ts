// IFRNet's local-structure losses (spec §10.2-10.3): the census ("Ternary", 7x7 on the channel-mean image) term of
// the reconstruction loss and the geometry (3x3, every feature channel) term that ties the decoders' predicted
// intermediate features to the encoder features of the ground truth. Both compare soft neighbour signs
// d / sqrt(0.81 + d^2) with the robust distance D^2 / (0.1 + D^2), masked off in a border frame.

import { conv2d } from '../../../ops/spatial/conv.js';
import { tensor } from '../../../tensor/creation.js';
import { formatShape } from '../../../tensor/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';

/** [p^2, 1, p, p] one-hot kernels: output channel k picks neighbour k (row-major) of each pixel, zero padded. */
function neighbourKernels(like: Tensor, patch: number): Tensor {
  const n = patch * patch;
  const values = new Float64Array(n * n);
  for (let k = 0; k < n; k++) values[k * n + k] = 1;
  return tensor(values, { shape: [n, 1, patch, patch], dtype: like.dtype, backend: like.backend });
}

/** Soft signs of (neighbour - centre) of every single-channel plane x [M, 1, H, W] -> [M, p^2, H, W]. */
function softNeighbourSigns(x: Tensor, patch: number): Tensor {
  const d = conv2d(x, neighbourKernels(x, patch), undefined, { padding: (patch - 1) / 2 }).sub(x);
  return d.div(d.square().add(0.81).sqrt());
}

/** [1, 1, H, W]: 1 inside, 0 in the outer `border`-pixel frame. */
function innerMask(like: Tensor, h: number, w: number, border: number): Tensor {
  const values = new Float64Array(h * w);
  for (let y = border; y < h - border; y++) for (let x = border; x < w - border; x++) values[y * w + x] = 1;
  return tensor(values, { shape: [1, 1, h, w], dtype: like.dtype, backend: like.backend });
}

/** Mean over channels of D^2 / (0.1 + D^2), masked, then mean over every pixel (the mask's zeros included). */
function robustMaskedDistance(a: Tensor, b: Tensor, border: number): Tensor {
  const diff = a.sub(b);
  const sq = diff.square();
  const dist = sq.div(sq.add(0.1)).mean({ dim: 1, keepdim: true });
  const [, , h, w] = dist.shape;
  return dist.mul(innerMask(dist, h, w, border)).mean();
}

function checkImages(name: string, a: Tensor, b: Tensor): void {
  if (a.rank !== 4 || a.shape.some((d, i) => d !== b.shape[i])) throw new Error(`${name}: inputs must be two [N, C, H, W] tensors of one shape, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
}

/** IFRNet's Ternary(7): census loss of a prediction against its target (no gradient flows into the target's transform). */
export function censusLoss(prediction: Tensor, target: Tensor, patch = 7): Tensor {
  checkImages('censusLoss', prediction, target);
  const t = (x: Tensor): Tensor => softNeighbourSigns(x.mean({ dim: 1, keepdim: true }), patch);
  return robustMaskedDistance(t(prediction), t(target).detach(), (patch - 1) / 2);
}

/** IFRNet's Geometry(3): the census transform of every channel separately; gradients flow into both sides. */
export function geometryLoss(prediction: Tensor, target: Tensor, patch = 3): Tensor {
  checkImages('geometryLoss', prediction, target);
  const t = (x: Tensor): Tensor => {
    const [n, c, h, w] = x.shape;
    return softNeighbourSigns(x.reshape([n * c, 1, h, w]), patch).reshape([n, c * patch * patch, h, w]);
  };
  return robustMaskedDistance(t(prediction), t(target), (patch - 1) / 2);
}
