// The model registry: each model under its lower-case name, with a description, its default (paper/seed)
// configuration, a reduced configuration for tests and demos, and a typed constructor. Add one entry per model.

import type { Module } from '../nn/module.js';
import { IAM4VP, IAM4VP_DEFAULT_CONFIG, type Iam4vpConfig } from './iam4vp/index.js';
import { IFRNet, IFRNET_VARIANTS, type IfrnetConfig } from './ifrnet/index.js';

/** One registered model: what it is, how to build it, and at which sizes. */
export interface ModelEntry<Config, M extends Module = Module> {
  readonly description: string;
  /** The configuration the model was published (or seeded) with. */
  readonly defaultConfig: Config;
  /** A reduced configuration that builds and runs quickly on cpu (tests, demos). */
  readonly smallConfig: Config;
  /** Builds the model; fields left out take defaultConfig's values. */
  create(config?: Partial<Config>): M;
}

export const modelRegistry = {
  iam4vp: {
    description: 'IAM4VP: implicit stacked autoregressive video prediction (ocf-iam4vp cloudcasting seed, b9d61dc)',
    defaultConfig: IAM4VP_DEFAULT_CONFIG,
    smallConfig: { shapeIn: [4, 3, 64, 96], cLatent: 16, nS: 4, nT: 3 },
    create: (config?: Partial<Iam4vpConfig>) => new IAM4VP(config),
  } satisfies ModelEntry<Iam4vpConfig, IAM4VP>,
  ifrnet: {
    description: 'IFRNet: intermediate feature refine network, 4,959,692 params (ltkong218/IFRNet b117bca; IFRVP predicts frame t+1 from t-1, t)',
    defaultConfig: IFRNET_VARIANTS.IFRNet,
    smallConfig: { ...IFRNET_VARIANTS.IFRNet, encoderChannels: [3, 4, 4, 6], block: { kind: 'side', sideChannels: 2 } },
    create: (config?: Partial<IfrnetConfig>) => new IFRNet({ ...IFRNET_VARIANTS.IFRNet, ...config }),
  } satisfies ModelEntry<IfrnetConfig, IFRNet>,
  'ifrnet-l': {
    description: 'IFRNet_L: the large IFRNet (7x7 first conv), 19,699,460 params (ltkong218/IFRNet b117bca)',
    defaultConfig: IFRNET_VARIANTS.IFRNet_L,
    smallConfig: { ...IFRNET_VARIANTS.IFRNet_L, encoderChannels: [3, 4, 4, 6], block: { kind: 'side', sideChannels: 2 } },
    create: (config?: Partial<IfrnetConfig>) => new IFRNet({ ...IFRNET_VARIANTS.IFRNet_L, ...config }),
  } satisfies ModelEntry<IfrnetConfig, IFRNet>,
  'ifrnet-s': {
    description: 'IFRNet_S: the small IFRNet, 2,803,610 params; IFRVP trains it with L1 + 0.1 FFT-L1 (FykAikawa/IFRVP 3614420)',
    defaultConfig: IFRNET_VARIANTS.IFRNet_S,
    smallConfig: { ...IFRNET_VARIANTS.IFRNet_S, encoderChannels: [3, 3, 6, 6], block: { kind: 'side', sideChannels: 3 } },
    create: (config?: Partial<IfrnetConfig>) => new IFRNet({ ...IFRNET_VARIANTS.IFRNet_S, ...config }),
  } satisfies ModelEntry<IfrnetConfig, IFRNet>,
  'ifrnet-t': {
    description: 'IFRNet_T: IFRVP\'s tiny 3-level IFRNet, 288,103 params, MSE training (FykAikawa/IFRVP 3614420)',
    defaultConfig: IFRNET_VARIANTS.IFRNet_T,
    smallConfig: { ...IFRNET_VARIANTS.IFRNet_T, encoderChannels: [3, 3, 3] },
    create: (config?: Partial<IfrnetConfig>) => new IFRNet({ ...IFRNET_VARIANTS.IFRNet_T, ...config }),
  } satisfies ModelEntry<IfrnetConfig, IFRNet>,
  'ifrnet-elan': {
    description: 'IFRNet_ELAN: IFRVP\'s 3-level IFRNet with ELAN blocks, 243,535 params, Laplacian (+ VGG) training (FykAikawa/IFRVP 3614420)',
    defaultConfig: IFRNET_VARIANTS.IFRNet_ELAN,
    smallConfig: { ...IFRNET_VARIANTS.IFRNet_ELAN, encoderChannels: [3, 3, 3] },
    create: (config?: Partial<IfrnetConfig>) => new IFRNet({ ...IFRNET_VARIANTS.IFRNet_ELAN, ...config }),
  } satisfies ModelEntry<IfrnetConfig, IFRNet>,
} as const;

/** The registered model names. */
export type ModelName = keyof typeof modelRegistry;
