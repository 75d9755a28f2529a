// Learning-rate schedulers (torch.optim.lr_scheduler), exported as `lrScheduler`.

export { LRScheduler } from './lr-scheduler.js';
export type { LRSchedulerState } from './lr-scheduler.js';
export { StepLR } from './step-lr.js';
export type { StepLROptions } from './step-lr.js';
export { MultiStepLR } from './multi-step-lr.js';
export type { MultiStepLROptions } from './multi-step-lr.js';
export { ExponentialLR } from './exponential-lr.js';
export type { ExponentialLROptions } from './exponential-lr.js';
export { CosineAnnealingLR } from './cosine-annealing-lr.js';
export type { CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export { LinearLR } from './linear-lr.js';
export type { LinearLROptions } from './linear-lr.js';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
export type { ReduceLROnPlateauOptions, ReduceLROnPlateauState } from './reduce-lr-on-plateau.js';
