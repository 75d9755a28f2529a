// Video-prediction metrics (browser-ready). Each metric comes twice: `<name>Frames(pred, target)` returns a
// differentiable tensor of per-frame scores on the inputs' backend ([B, T, C, H, W] -> [B, T]; generally the
// leading dims of [..., C, H, W]), and `<name>(pred, target)` resolves to their mean over every frame as a number.
// `meanPerStep` turns [B, T] scores into the per-horizon-step curve.

export { mse, mseFrames, mae, maeFrames } from './errors.js';
export { psnr, psnrFrames } from './psnr.js';
export type { PsnrOptions } from './psnr.js';
export { ssim, ssimFrames, gaussianWindow } from './ssim.js';
export type { SsimOptions } from './ssim.js';
export { meanPerStep } from './frames.js';
export type { FrameErrorOptions, PixelReduction } from './frames.js';
export { copyLastFrame } from './baseline.js';
