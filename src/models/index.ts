// The model zoo: each model's folder, and the registry that names them.

export * as iam4vp from './iam4vp/index.js';
export { IAM4VP, type Iam4vpConfig } from './iam4vp/index.js';
export * as ifrnet from './ifrnet/index.js';
export { IFRNet, type IfrnetConfig, type IfrnetVariant } from './ifrnet/index.js';
export { modelRegistry, type ModelEntry, type ModelName } from './registry.js';
