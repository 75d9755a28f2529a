// The copy-last-frame baseline every video-prediction result should beat: predict that nothing moves, i.e. repeat
// the last observed frame over the whole horizon. Score it with the metrics like any model's prediction.

import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** input [B, T, C, H, W] -> [B, futureFrames, C, H, W], every frame a copy of input frame T - 1. */
export function copyLastFrame(input: Tensor, futureFrames: number): Tensor {
  if (input.rank !== 5) throw new Error(`copyLastFrame: input must be [B, T, C, H, W], got ${formatShape(input.shape)}`);
  if (!Number.isInteger(futureFrames) || futureFrames < 1) throw new Error(`copyLastFrame: futureFrames must be a positive integer, got ${futureFrames}`);
  const [b, t, c, h, w] = input.shape;
  return input.narrow(1, t - 1, 1).expand([b, futureFrames, c, h, w]).contiguous();
}
