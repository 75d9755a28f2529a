// The typed configuration of the ConvLSTM encoder-decoder (convlstm.md Model B, encoder-decoder.py's
// EncoderDecoder(num_layers, unit_list, filter_sz, ...)), its seed defaults and validation.

import type { RMSpropOptions } from '../../optim/rmsprop.js';
import type { RecurrentActivation } from '../../nn/recurrent/conv-lstm-cell.js';

export interface ConvLSTMEncoderDecoderConfig {
  /** Channels per frame, in and out: predictions are fed back as decoder inputs (default 1). */
  readonly channels: number;
  /** unit_list: ConvLSTM2D filters per layer, shared by encoder and decoder (default [128]). */
  readonly units: readonly number[];
  /** filter_sz: square kernel size per layer (default [3]). */
  readonly kernelSizes: readonly number[];
  /** σ of the i, f, o gates (default 'hard_sigmoid': tf.keras 2.x's ConvLSTM2D default; 'sigmoid' as Keras 3). */
  readonly recurrentActivation: RecurrentActivation;
  /** BatchNormalization momentum in Keras's meaning (default 0.99, i.e. PyTorch's 0.01). */
  readonly batchNormMomentum: number;
  /** BatchNormalization epsilon (default 1e-3, Keras's). */
  readonly batchNormEps: number;
  /**
   * The seed's optimiser, tf.keras RMSprop(learning_rate=0.001, rho=0.9) with Keras's eps 1e-7 and sqrt(v) + eps
   * (PyTorch's alpha is Keras's rho; PyTorch's defaults alpha 0.99, eps 1e-8 differ).
   */
  readonly optimizer: Partial<RMSpropOptions>;
}

/** The seed configuration EncoderDecoder(1, [128], [(3, 3)], ...): 1,190,529 Keras params (256 non-trainable). */
export const CONVLSTM_ENCODER_DECODER_DEFAULT_CONFIG: ConvLSTMEncoderDecoderConfig = {
  channels: 1,
  units: [128],
  kernelSizes: [3],
  recurrentActivation: 'hard_sigmoid',
  batchNormMomentum: 0.99,
  batchNormEps: 1e-3,
  optimizer: { lr: 1e-3, alpha: 0.9, eps: 1e-7 },
};

/** Fills in defaults and checks every field; throws naming the field. */
export function resolveConvLSTMEncoderDecoderConfig(config: Partial<ConvLSTMEncoderDecoderConfig> = {}): ConvLSTMEncoderDecoderConfig {
  const c: ConvLSTMEncoderDecoderConfig = { ...CONVLSTM_ENCODER_DECODER_DEFAULT_CONFIG, ...config };
  const positive = (name: string, v: number): void => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`ConvLSTMEncoderDecoderConfig: ${name} must be a positive integer, got ${v}`);
  };
  positive('channels', c.channels);
  if (c.units.length < 1) throw new Error('ConvLSTMEncoderDecoderConfig: units must list at least one layer');
  if (c.kernelSizes.length !== c.units.length) {
    throw new Error(`ConvLSTMEncoderDecoderConfig: kernelSizes has ${c.kernelSizes.length} entries, units ${c.units.length}; give one per layer`);
  }
  c.units.forEach((u, i) => positive(`units[${i}]`, u));
  c.kernelSizes.forEach((k, i) => {
    positive(`kernelSizes[${i}]`, k);
    if (k % 2 !== 1) throw new Error(`ConvLSTMEncoderDecoderConfig: kernelSizes[${i}] must be odd ('same' padding), got ${k}`);
  });
  if (!(c.batchNormEps > 0)) throw new Error(`ConvLSTMEncoderDecoderConfig: batchNormEps must be positive, got ${c.batchNormEps}`);
  return c;
}
