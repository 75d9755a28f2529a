// The typed configuration of the video VQ-VAE (`VqVae1` of zhangxuan1918/VqVaeVideo, branch issue_#6 at db2d417),
// its seed defaults (the video training script's values: 13,513,242 parameters), validation, and the channel
// schedule of the encoder and decoder groups that the spec (vqvae-video.md §3) derives from the reference's loops.

/** VqVae1's constructor arguments under the reference's names, camel-cased. */
export interface VqVaeConfig {
  /** group_count G: resolution groups in the encoder and in the decoder (default 4: three 2x poolings). */
  readonly groupCount: number;
  /** n_hid N: base width; encoder group g is g·N wide (default 64; a multiple of 4, each block's bottleneck is width / 4). */
  readonly nHid: number;
  /** n_blk_per_group: residual blocks per group; post_gain = 1 / (G · this)² (default 1). */
  readonly nBlkPerGroup: number;
  /** input_channels: channels per input frame (default 3, RGB). */
  readonly inputChannels: number;
  /** output_channels: channels per reconstructed frame (default 3). */
  readonly outputChannels: number;
  /** n_init D: latent and codebook dimension (default 512). */
  readonly nInit: number;
  /** vocab_size K: codebook entries (default 8192). */
  readonly vocabSize: number;
  /** commitment_cost β: weight of the commitment loss (default 0.25). */
  readonly commitmentCost: number;
  /** decay γ: EMA decay of the codebook (default 0.99); 0 selects the gradient-learned VectorQuantizer, as in the reference. */
  readonly decay: number;
  /** ε: Laplace smoothing of the EMA cluster sizes (default 1e-5, the quantizer's default). */
  readonly epsilon: number;
  /** sequence_length d: frames per clip, stacked on channels (default 30). */
  readonly sequenceLength: number;
  /** downsample: 2x2 max-pool after every encoder group but the last (default true). */
  readonly downsample: boolean;
  /** upsample: nearest 2x upsampling after every decoder group but the last (default true). */
  readonly upsample: boolean;
}

/** The seed configuration (train/videos/train_custom_videos.py): 13,513,242 parameters. */
export const VQVAE_DEFAULT_CONFIG: VqVaeConfig = {
  groupCount: 4,
  nHid: 64,
  nBlkPerGroup: 1,
  inputChannels: 3,
  outputChannels: 3,
  nInit: 512,
  vocabSize: 8192,
  commitmentCost: 0.25,
  decay: 0.99,
  epsilon: 1e-5,
  sequenceLength: 30,
  downsample: true,
  upsample: true,
};

/** The seed's structure (four groups, EMA quantizer) at widths that run quickly on cpu: 2 RGB frames, 16x16 -> 2x2 codes. */
export const VQVAE_SMALL_CONFIG: VqVaeConfig = { ...VQVAE_DEFAULT_CONFIG, nHid: 8, nInit: 16, vocabSize: 32, sequenceLength: 2 };

/** Fills in defaults and checks every field; throws naming the field. */
export function resolveVqVaeConfig(config: Partial<VqVaeConfig> = {}): VqVaeConfig {
  const c: VqVaeConfig = { ...VQVAE_DEFAULT_CONFIG, ...config };
  const positive = (name: keyof VqVaeConfig, v: number): void => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`VqVaeConfig: ${name} must be a positive integer, got ${v}`);
  };
  for (const name of ['groupCount', 'nHid', 'nBlkPerGroup', 'inputChannels', 'outputChannels', 'nInit', 'vocabSize', 'sequenceLength'] as const) {
    positive(name, c[name]);
  }
  if (c.nHid % 4 !== 0) throw new Error(`VqVaeConfig: nHid must be a multiple of 4 (block bottlenecks are width / 4), got ${c.nHid}`);
  if (!(c.commitmentCost >= 0)) throw new Error(`VqVaeConfig: commitmentCost must be >= 0, got ${c.commitmentCost}`);
  if (!(c.decay >= 0 && c.decay < 1)) throw new Error(`VqVaeConfig: decay must be in [0, 1), got ${c.decay}`);
  if (!(c.epsilon > 0)) throw new Error(`VqVaeConfig: epsilon must be positive, got ${c.epsilon}`);
  return c;
}

/** One group's block widths: its first block maps `in` to `out`, the others `out` to `out`. */
export interface GroupWidths {
  readonly in: number;
  readonly out: number;
}

/** Encoder groups 1..G: N -> N, then (g-1)·N -> g·N. */
export function encoderGroups(c: VqVaeConfig): GroupWidths[] {
  return Array.from({ length: c.groupCount }, (_, i) => ({ in: Math.max(i, 1) * c.nHid, out: (i + 1) * c.nHid }));
}

/** Decoder groups 1..G: D -> G·N, then (G-g+1)·N -> (G-g)·N for 2 <= g < G, and the last group ends at N. */
export function decoderGroups(c: VqVaeConfig): GroupWidths[] {
  const g = c.groupCount;
  return Array.from({ length: g }, (_, i) => ({
    in: i === 0 ? c.nInit : (g - i + 1) * c.nHid,
    out: i === g - 1 ? c.nHid : (g - i) * c.nHid,
  }));
}

/** How many times the encoder halves the frame (2^(G-1) with downsampling, else 1). */
export function spatialFactor(c: VqVaeConfig): number {
  return c.downsample ? 2 ** (c.groupCount - 1) : 1;
}
