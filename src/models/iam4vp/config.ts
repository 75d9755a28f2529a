// The typed configuration of IAM4VP (ocf-iam4vp at b9d61dc, `IAM4VP(shape_in, C_latent, N_S, N_T)`), its seed
// defaults, validation, and the shape arithmetic the model needs at construction (strides, latent size).

/** IAM4VP's constructor arguments under PyTorch's names, camel-cased. */
export interface Iam4vpConfig {
  /**
   * shape_in = [T, C, H, W]: history frames (also the number of future slots), channels per frame, frame height and
   * width (default [12, 11, 372, 614], the cloudcasting seed). H and W fix the mask token's size.
   */
  readonly shapeIn: readonly [number, number, number, number];
  /** C_latent: channels of the spatial latent, also the sinusoidal time-embedding width (default 64; even, >= 4). */
  readonly cLatent: number;
  /** N_S: ConvSC layers in the encoder, the learned prior and the decoder (default 4). */
  readonly nS: number;
  /** N_T: ConvNeXt blocks in the predictor, one bottleneck then N_T - 1 LKA blocks (default 6). */
  readonly nT: number;
}

/** The seed configuration: 44,888,494 parameters. */
export const IAM4VP_DEFAULT_CONFIG: Iam4vpConfig = { shapeIn: [12, 11, 372, 614], cLatent: 64, nS: 4, nT: 6 };

/** Fills in defaults and checks every field; throws naming the field. */
export function resolveIam4vpConfig(config: Partial<Iam4vpConfig> = {}): Iam4vpConfig {
  const c: Iam4vpConfig = { ...IAM4VP_DEFAULT_CONFIG, ...config };
  const positive = (name: string, v: number): void => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`Iam4vpConfig: ${name} must be a positive integer, got ${v}`);
  };
  if (c.shapeIn.length !== 4) throw new Error(`Iam4vpConfig: shapeIn must be [T, C, H, W], got [${c.shapeIn.join(', ')}]`);
  c.shapeIn.forEach((v, i) => positive(`shapeIn[${i}]`, v));
  positive('nS', c.nS);
  positive('nT', c.nT);
  if (!Number.isInteger(c.cLatent) || c.cLatent < 4 || c.cLatent % 2 !== 0) {
    throw new Error(`Iam4vpConfig: cLatent must be an even integer >= 4 (it is the sinusoidal embedding width), got ${c.cLatent}`);
  }
  return c;
}

/** stride_generator(N): [1, 2, 1, 2, ...][:N] for the encoder; reversed for the decoder. */
export function encoderStrides(nS: number): (1 | 2)[] {
  return Array.from({ length: nS }, (_, i) => (i % 2 === 0 ? 1 : 2));
}

/**
 * [H', W'] of the latent: each stride-2 ConvSC (3x3, padding 1) maps n to ceil(n / 2). The reference finds this by
 * running its encoder on a random input; the arithmetic gives the same shape without that forward pass.
 */
export function latentSize(config: Iam4vpConfig): [number, number] {
  const [, , h, w] = config.shapeIn;
  const halve = (n: number, s: number): number => Math.floor((n - 1) / s) + 1;
  return encoderStrides(config.nS).reduce<[number, number]>(([a, b], s) => [halve(a, s), halve(b, s)], [h, w]);
}
