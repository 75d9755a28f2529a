// The loss library: functional losses with PyTorch's names (camelCase) and reductions, IFRNet/IFRVP's image
// losses, and the module forms PyTorch has.

export type { Reduction, ReductionOptions } from './reduction.js';
export { mseLoss, l1Loss, smoothL1Loss, huberLoss, charbonnierLoss } from './regression.js';
export type { SmoothL1Options, HuberOptions, CharbonnierOptions } from './regression.js';
export { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './binary-cross-entropy.js';
export type { BinaryCrossEntropyOptions, BinaryCrossEntropyWithLogitsOptions } from './binary-cross-entropy.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { klDiv, type KlDivOptions } from './kl-div.js';
export { laplacianPyramid, laplacianPyramidLoss, type LaplacianPyramidOptions } from './laplacian-pyramid.js';
export { frequencyLoss, type FrequencyLossOptions } from './frequency.js';
export { ssim, ssimLoss, type SsimOptions } from './ssim.js';
export { MSELoss, L1Loss, SmoothL1Loss, HuberLoss, CrossEntropyLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss } from './modules.js';
