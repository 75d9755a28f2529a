// The typed configuration of the ConvGRU U-Net mean predictor (crnn-diffusion.md §4): the student's
// AutoregressiveUNET(channels) from KaiTyrusNelson/VideoPrediction, whose only argument is its width list.

/** AutoregressiveUNET's constructor argument, camel-cased. */
export interface CrnnConfig {
  /**
   * Widths c_0..c_L: c_0 is the frame's channel count and each further entry adds one U-Net level with a ConvGRU
   * (default [1, 2, 4, 8, 16], the seed's widths: 28,045 parameters). The student's final notebook uses
   * CRNN_ARM_CHANNELS = [1, 3, 6, 12, 48] (180,465 parameters). Frames need sides divisible by 2^L for the output to
   * have the input's size.
   */
  readonly channels: readonly number[];
}

/** The seed's widths (1, 2, 4, 8, 16): 28,045 parameters. */
export const CRNN_DEFAULT_CONFIG: CrnnConfig = { channels: [1, 2, 4, 8, 16] };

/** The widths of the student's final notebook (NotebookMain.ipynb @2c32b42): 180,465 parameters. */
export const CRNN_ARM_CHANNELS: readonly number[] = [1, 3, 6, 12, 48];

/** Fills in defaults and checks the widths; throws naming the field. */
export function resolveCrnnConfig(config: Partial<CrnnConfig> = {}): CrnnConfig {
  const c: CrnnConfig = { ...CRNN_DEFAULT_CONFIG, ...config };
  if (c.channels.length < 2) throw new Error(`CrnnConfig: channels needs at least 2 widths (frame channels and one level), got [${c.channels.join(', ')}]`);
  c.channels.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`CrnnConfig: channels[${i}] must be a positive integer, got ${v}`);
  });
  return c;
}
