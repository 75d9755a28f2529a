// The optimizers and gradient clipping (torch.optim and torch.nn.utils.clip_grad_*), exported as `optim`.

export { Optimizer } from './optimizer.js';
export type { BaseOptions, ParamGroup, ParamGroupSpec, ParamsArg, OptimizerStateDict, ParamUpdate } from './optimizer.js';
export { SGD } from './sgd.js';
export type { SGDOptions, SGDState } from './sgd.js';
export { Adam } from './adam.js';
export type { AdamOptions, AdamState } from './adam.js';
export { AdamW } from './adamw.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropOptions, RMSpropState } from './rmsprop.js';
export { Adadelta } from './adadelta.js';
export type { AdadeltaOptions, AdadeltaState } from './adadelta.js';
export { Adagrad } from './adagrad.js';
export type { AdagradOptions, AdagradState } from './adagrad.js';
export { clipGradNorm, clipGradValue } from './clip-grad.js';
