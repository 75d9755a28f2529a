// The typed configuration of the IFRNet family (ltkong218/IFRNet at b117bca; IFRNet_T and IFRNet_ELAN from
// FykAikawa/IFRVP at 3614420): the five published variants as presets, validation, and the decoder widths the
// spec's width rule derives from the encoder widths.

/** The published architectures. */
export type IfrnetVariant = 'IFRNet' | 'IFRNet_L' | 'IFRNet_S' | 'IFRNet_T' | 'IFRNet_ELAN';

/**
 * The residual block inside each decoder:
 * - 'side': IFRNet's ResBlock, whose last `sideChannels` channels get two extra 3x3 convs (IFRNet, _L, _S);
 * - 'thirds': IFRNet_T's ResBlock, which re-convolves the first third, then the first two thirds;
 * - 'elan': IFRNet_ELAN's ResBlock_ELAN (ELAN aggregation of 3x3 chains over thirds), `count` of them in a row.
 */
export type IfrnetBlockConfig =
  | { readonly kind: 'side'; readonly sideChannels: number }
  | { readonly kind: 'thirds' }
  | { readonly kind: 'elan'; readonly count: number };

/**
 * Which training objective `ifrnetLoss` computes (spec §9):
 * - 'ifrnet': Charbonnier + census, 0.01 x geometry of the predicted features, 0.01 x flow distillation when teacher flows are given;
 * - 'l1fft': L1 + 0.1 x L1 of the unnormalised FFT2 (IFRVP's IFRNet_S);
 * - 'mse': mean squared error (IFRVP's IFRNet_T);
 * - 'lap': the 5-level Laplacian-pyramid L1 (H, W multiples of 32, at least 64), plus 0.5 x VGG perceptual when one
 *   is supplied (IFRVP's IFRNet_ELAN).
 */
export type IfrnetLossKind = 'ifrnet' | 'l1fft' | 'mse' | 'lap';

export interface IfrnetConfig {
  /** The published architecture this configuration starts from (default 'IFRNet'); only a label once resolved. */
  readonly variant: IfrnetVariant;
  /** Channels of the input and output frames (default 3, RGB; 1 for gray data such as Moving MNIST). */
  readonly inChannels: number;
  /**
   * Encoder widths c1..cL, finest first; L = their count is the number of pyramid levels (4 for IFRNet/_L/_S:
   * [32, 48, 72, 96], [64, 96, 144, 192], [24, 36, 54, 72]; 3 for _T/_ELAN: [12, 18, 27]). H and W must be
   * divisible by 2^L. Decoder widths follow: 2 cL for the top decoder, 3 ck for the others.
   */
  readonly encoderChannels: readonly number[];
  /** Kernel of the first (stride-2) encoder conv: 3 (padding 1), or 7 (padding 3) for IFRNet_L. */
  readonly firstKernelSize: 3 | 7;
  /** The residual block of each decoder (see IfrnetBlockConfig). */
  readonly block: IfrnetBlockConfig;
  /** The time input embt fed to the top decoder when a call gives none (default 0.5, IFRVP's constant). */
  readonly embt: number;
  /**
   * Run the encoder and decoders on the centred inputs resized by this factor, then resize the flows, mask and
   * residual back (the reference's `inference(scale_factor)`; default 1, no resizing).
   */
  readonly inferenceScale: number;
  /**
   * Reproduce IFRNet_T / IFRNet_ELAN `forward()`, which warps the un-centred frames and still adds the mean
   * (spec §9.4); needed for parity with checkpoints trained that way. Default false: warp the centred frames (§5).
   */
  readonly rawWarpQuirk: boolean;
  /** The training objective of `ifrnetLoss` (default per variant, see IfrnetLossKind). */
  readonly loss: IfrnetLossKind;
}

const COMMON = { inChannels: 3, firstKernelSize: 3, embt: 0.5, inferenceScale: 1, rawWarpQuirk: false } as const;

/** The five published configurations (parameter counts in the comments, spec §6). */
export const IFRNET_VARIANTS: Readonly<Record<IfrnetVariant, IfrnetConfig>> = {
  /** 4,959,692 parameters. */
  IFRNet: { ...COMMON, variant: 'IFRNet', encoderChannels: [32, 48, 72, 96], block: { kind: 'side', sideChannels: 32 }, loss: 'ifrnet' },
  /** 19,699,460 parameters. */
  IFRNet_L: { ...COMMON, variant: 'IFRNet_L', encoderChannels: [64, 96, 144, 192], firstKernelSize: 7, block: { kind: 'side', sideChannels: 64 }, loss: 'ifrnet' },
  /** 2,803,610 parameters. */
  IFRNet_S: { ...COMMON, variant: 'IFRNet_S', encoderChannels: [24, 36, 54, 72], block: { kind: 'side', sideChannels: 24 }, loss: 'l1fft' },
  /** 288,103 parameters. */
  IFRNet_T: { ...COMMON, variant: 'IFRNet_T', encoderChannels: [12, 18, 27], block: { kind: 'thirds' }, loss: 'mse' },
  /** 243,535 parameters. */
  IFRNet_ELAN: { ...COMMON, variant: 'IFRNet_ELAN', encoderChannels: [12, 18, 27], block: { kind: 'elan', count: 2 }, loss: 'lap' },
};

/** The default configuration: IFRNet (base). */
export const IFRNET_DEFAULT_CONFIG: IfrnetConfig = IFRNET_VARIANTS.IFRNet;

/** Width of the decoder that reads level k (1 = finest): 2 cL at the top, 3 ck below. */
export function decoderWidth(config: IfrnetConfig, level: number): number {
  const c = config.encoderChannels;
  return level === c.length ? 2 * c[level - 1] : 3 * c[level - 1];
}

/** Takes the chosen variant's preset, overrides it with the given fields and checks every field; throws naming the field. */
export function resolveIfrnetConfig(config: Partial<IfrnetConfig> = {}): IfrnetConfig {
  const variant = config.variant ?? IFRNET_DEFAULT_CONFIG.variant;
  const preset = IFRNET_VARIANTS[variant];
  if (!preset) throw new Error(`IfrnetConfig: unknown variant '${String(variant)}' (expected one of ${Object.keys(IFRNET_VARIANTS).join(', ')})`);
  const c: IfrnetConfig = { ...preset, ...config };
  const positive = (name: string, v: number): void => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`IfrnetConfig: ${name} must be a positive integer, got ${v}`);
  };
  positive('inChannels', c.inChannels);
  if (c.encoderChannels.length < 2) throw new Error(`IfrnetConfig: encoderChannels needs at least 2 levels, got [${c.encoderChannels.join(', ')}]`);
  c.encoderChannels.forEach((v, i) => positive(`encoderChannels[${i}]`, v));
  if (c.firstKernelSize !== 3 && c.firstKernelSize !== 7) throw new Error(`IfrnetConfig: firstKernelSize must be 3 or 7, got ${String(c.firstKernelSize)}`);
  if (!(c.inferenceScale > 0) || !Number.isFinite(c.inferenceScale)) throw new Error(`IfrnetConfig: inferenceScale must be a positive number, got ${c.inferenceScale}`);
  if (!Number.isFinite(c.embt)) throw new Error(`IfrnetConfig: embt must be a finite number, got ${c.embt}`);
  if (!['ifrnet', 'l1fft', 'mse', 'lap'].includes(c.loss)) throw new Error(`IfrnetConfig: unknown loss '${String(c.loss)}'`);
  const widths = c.encoderChannels.map((_, i) => decoderWidth(c, i + 1));
  const block = c.block;
  if (block.kind === 'side') {
    positive('block.sideChannels', block.sideChannels);
    const narrowest = Math.min(...widths);
    if (block.sideChannels > narrowest) throw new Error(`IfrnetConfig: block.sideChannels ${block.sideChannels} exceeds the narrowest decoder width ${narrowest}`);
  } else if (block.kind === 'thirds' || block.kind === 'elan') {
    if (block.kind === 'elan') positive('block.count', block.count);
    const bad = widths.find((w) => w % 3 !== 0);
    if (bad !== undefined) throw new Error(`IfrnetConfig: '${block.kind}' blocks split channels in thirds, but a decoder width is ${bad} (widths [${widths.join(', ')}]; make the top encoder width a multiple of 3)`);
  } else {
    throw new Error(`IfrnetConfig: unknown block kind '${String((block as { kind: unknown }).kind)}'`);
  }
  return c;
}
