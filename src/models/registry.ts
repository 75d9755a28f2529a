// The model registry: each model under its lower-case name, with a description, its default (paper/seed)
// configuration, a reduced configuration for tests and demos, and a typed constructor. Add one entry per model.

import type { Module } from '../nn/module.js';
import { IAM4VP, IAM4VP_DEFAULT_CONFIG, type Iam4vpConfig } from './iam4vp/index.js';
import { IFRNet, IFRNET_VARIANTS, type IfrnetConfig } from './ifrnet/index.js';
import { AutoregressiveUNet, CRNN_DEFAULT_CONFIG, PrintedCrnn, type CrnnConfig } from './crnn/index.js';
import { RVD, RVD_DEFAULT_CONFIG, type RvdConfig } from './rvd/index.js';
import { VqVae1, VQVAE_DEFAULT_CONFIG, VQVAE_SMALL_CONFIG, type VqVaeConfig } from './vqvae/index.js';
import {
  ConvLSTMEncoderDecoder, ConvLSTMNextFrame, CONVLSTM_ENCODER_DECODER_DEFAULT_CONFIG, CONVLSTM_NEXT_FRAME_DEFAULT_CONFIG,
  type ConvLSTMEncoderDecoderConfig, type ConvLSTMNextFrameConfig,
} from './convlstm/index.js';

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
    create: (config?: Partial<IfrnetConfig>) => new IFRNet({ variant: 'IFRNet', ...config }),
  } satisfies ModelEntry<IfrnetConfig, IFRNet>,
  'ifrnet-l': {
    description: 'IFRNet_L: the large IFRNet (7x7 first conv), 19,699,460 params (ltkong218/IFRNet b117bca)',
    defaultConfig: IFRNET_VARIANTS.IFRNet_L,
    smallConfig: { ...IFRNET_VARIANTS.IFRNet_L, encoderChannels: [3, 4, 4, 6], block: { kind: 'side', sideChannels: 2 } },
    create: (config?: Partial<IfrnetConfig>) => new IFRNet({ variant: 'IFRNet_L', ...config }),
  } satisfies ModelEntry<IfrnetConfig, IFRNet>,
  'ifrnet-s': {
    description: 'IFRNet_S: the small IFRNet, 2,803,610 params; IFRVP trains it with L1 + 0.1 FFT-L1 (FykAikawa/IFRVP 3614420)',
    defaultConfig: IFRNET_VARIANTS.IFRNet_S,
    smallConfig: { ...IFRNET_VARIANTS.IFRNet_S, encoderChannels: [3, 3, 6, 6], block: { kind: 'side', sideChannels: 3 } },
    create: (config?: Partial<IfrnetConfig>) => new IFRNet({ variant: 'IFRNet_S', ...config }),
  } satisfies ModelEntry<IfrnetConfig, IFRNet>,
  'ifrnet-t': {
    description: 'IFRNet_T: IFRVP\'s tiny 3-level IFRNet, 288,103 params, MSE training (FykAikawa/IFRVP 3614420)',
    defaultConfig: IFRNET_VARIANTS.IFRNet_T,
    smallConfig: { ...IFRNET_VARIANTS.IFRNet_T, encoderChannels: [3, 3, 3] },
    create: (config?: Partial<IfrnetConfig>) => new IFRNet({ variant: 'IFRNet_T', ...config }),
  } satisfies ModelEntry<IfrnetConfig, IFRNet>,
  'ifrnet-elan': {
    description: 'IFRNet_ELAN: IFRVP\'s 3-level IFRNet with ELAN blocks, 243,535 params, Laplacian (+ VGG) training (FykAikawa/IFRVP 3614420)',
    defaultConfig: IFRNET_VARIANTS.IFRNet_ELAN,
    smallConfig: { ...IFRNET_VARIANTS.IFRNet_ELAN, encoderChannels: [3, 3, 3] },
    create: (config?: Partial<IfrnetConfig>) => new IFRNet({ variant: 'IFRNet_ELAN', ...config }),
  } satisfies ModelEntry<IfrnetConfig, IFRNet>,
  convlstm: {
    description: 'Stacked ConvLSTM next-frame model (Keras conv_lstm example, seed 003): 4 x [ConvLSTM2D(40) + BatchNorm] + Conv3D, 407,001 Keras params (291,481 with numLayers 3)',
    defaultConfig: CONVLSTM_NEXT_FRAME_DEFAULT_CONFIG,
    smallConfig: { ...CONVLSTM_NEXT_FRAME_DEFAULT_CONFIG, filters: 4, numLayers: 2 },
    create: (config?: Partial<ConvLSTMNextFrameConfig>) => new ConvLSTMNextFrame(config),
  } satisfies ModelEntry<ConvLSTMNextFrameConfig, ConvLSTMNextFrame>,
  'convlstm-encdec': {
    description: 'ConvLSTM encoder-decoder (seed 003 encoder-decoder.py): ConvLSTM2D(128) encoder state initialises the decoder, 1x1 conv head, 1,190,529 Keras params; RMSprop lr 1e-3 rho 0.9',
    defaultConfig: CONVLSTM_ENCODER_DECODER_DEFAULT_CONFIG,
    smallConfig: { ...CONVLSTM_ENCODER_DECODER_DEFAULT_CONFIG, units: [6] },
    create: (config?: Partial<ConvLSTMEncoderDecoderConfig>) => new ConvLSTMEncoderDecoder(config),
  } satisfies ModelEntry<ConvLSTMEncoderDecoderConfig, ConvLSTMEncoderDecoder>,
  vqvae: {
    description: 'Video VQ-VAE: frames stacked on channels, 8192x512 EMA codebook, 13,513,242 params (zhangxuan1918/VqVaeVideo VqVae1, issue_#6 db2d417)',
    defaultConfig: VQVAE_DEFAULT_CONFIG,
    smallConfig: VQVAE_SMALL_CONFIG,
    create: (config?: Partial<VqVaeConfig>) => new VqVae1(config),
  } satisfies ModelEntry<VqVaeConfig, VqVae1>,
  crnn: {
    description: 'ConvGRU U-Net mean predictor: the student AutoregressiveUNET (KaiTyrusNelson/VideoPrediction ca12805), 28,045 params at the seed widths (1,2,4,8,16)',
    defaultConfig: CRNN_DEFAULT_CONFIG,
    smallConfig: { channels: [1, 2, 4] },
    create: (config?: Partial<CrnnConfig>) => new AutoregressiveUNet(config),
  } satisfies ModelEntry<CrnnConfig, AutoregressiveUNet>,
  'crnn-printed': {
    description: 'The seed CRNN rebuilt from its printed torchsummary (KaiTyrusNelson/VideoPrediction 6993300), 13,850 params; no recurrence, output 2x the input size',
    defaultConfig: CRNN_DEFAULT_CONFIG,
    smallConfig: { channels: [1, 2, 4] },
    create: (config?: Partial<CrnnConfig>) => new PrintedCrnn(config),
  } satisfies ModelEntry<CrnnConfig, PrintedCrnn>,
  rvd: {
    description: 'Residual video diffusion (buggyyang/RVD 309fbe0): HistoryNet mean + CondNet context + Unet denoiser, cosine schedule N=1600; 37,607,570 params at 64x64 gray',
    defaultConfig: RVD_DEFAULT_CONFIG,
    smallConfig: { ...RVD_DEFAULT_CONFIG, dim: 8, dimMults: [1, 2], historyMults: [1, 2], timesteps: 100 },
    create: (config?: Partial<RvdConfig>) => new RVD(config),
  } satisfies ModelEntry<RvdConfig, RVD>,
} as const;

/** The registered model names. */
export type ModelName = keyof typeof modelRegistry;
