// Keras BatchNormalization(axis=-1) for framegrad's channels-first layouts: the Keras layer normalises over every
// axis but the channel axis, which for channels_last [B, T, H, W, C] is B, T, H and W jointly. framegrad keeps
// sequences as [B, T, C, H, W], so this BatchNorm2d views them as [B*T, C, H, W] (a free reshape) and normalises
// over B*T, H and W: the same statistics. Keras's momentum m (weight of the old average, default 0.99) is
// PyTorch's 1 - m; eps defaults to Keras's 1e-3.
//
// One deviation, in training-mode bookkeeping only: the moving variance is updated with the unbiased batch
// variance (PyTorch's; standalone Keras 2.2 uses n / (n - 1 - eps), the same to ~1e-3 / n), while tfjs-layers
// and tf.keras's non-fused path use the biased one. The normalisation itself always uses the biased variance.

import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { BatchNorm2d } from '../../nn/layers/batch-norm.js';

/** Keras's BatchNormalization defaults. */
export const KERAS_BATCH_NORM = { momentum: 0.99, eps: 1e-3 } as const;

export class KerasBatchNorm extends BatchNorm2d {
  /** `kerasMomentum` in Keras's meaning (default 0.99); stored as PyTorch's momentum 1 - kerasMomentum. */
  constructor(numFeatures: number, kerasMomentum: number = KERAS_BATCH_NORM.momentum, eps: number = KERAS_BATCH_NORM.eps) {
    if (!(kerasMomentum >= 0 && kerasMomentum <= 1)) throw new Error(`KerasBatchNorm: momentum must be in [0, 1], got ${kerasMomentum}`);
    super(numFeatures, { momentum: 1 - kerasMomentum, eps });
  }

  /** x [B, T, C, H, W] (normalised over B, T, H, W) or [B, C, H, W]; returns the same shape. */
  override forward(x: Tensor): Tensor {
    if (x.rank === 4) return super.forward(x);
    if (x.rank !== 5) throw new Error(`KerasBatchNorm: expected [B, T, C, H, W] or [B, C, H, W], got ${formatShape(x.shape)}`);
    const [b, t, c, h, w] = x.shape;
    return super.forward(x.reshape([b * t, c, h, w])).reshape([b, t, c, h, w]);
  }
}
