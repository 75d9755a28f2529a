// The typed configuration of the stacked ConvLSTM next-frame model (convlstm.md Model A: the Keras conv_lstm
// example as coded in next-frame.py), its seed defaults and validation.

import type { AdadeltaOptions } from '../../optim/adadelta.js';
import type { RecurrentActivation } from '../../nn/recurrent/conv-lstm-cell.js';
import type { HeadPadding } from './conv3d-head.js';

export interface ConvLSTMNextFrameConfig {
  /** Channels per frame, in and out (default 1: the moving-squares frames). */
  readonly channels: number;
  /** ConvLSTM2D filters per layer (default 40). */
  readonly filters: number;
  /** ConvLSTM2D kernel size, square (default 3). */
  readonly kernelSize: number;
  /**
   * ConvLSTM2D + BatchNormalization pairs (default 4: next-frame.py and the Keras example; 3 is the seed README's
   * wording, 291,481 Keras params).
   */
  readonly numLayers: number;
  /** Conv3D head kernel, cubic over (T, H, W) (default 3). */
  readonly headKernelSize: number;
  /** Conv3D head time padding (default 'same', Keras's, with its t + 1 leak; 'causal' is a deviation). */
  readonly headPadding: HeadPadding;
  /** σ of the i, f, o gates (default 'hard_sigmoid', Keras 2's clip(0.2 x + 0.5, 0, 1); 'sigmoid' as Keras 3). */
  readonly recurrentActivation: RecurrentActivation;
  /** BatchNormalization momentum in Keras's meaning (default 0.99, i.e. PyTorch's 0.01). */
  readonly batchNormMomentum: number;
  /** BatchNormalization epsilon (default 1e-3, Keras's). */
  readonly batchNormEps: number;
  /** The seed's optimiser, standalone Keras 2 'adadelta': lr 1.0, rho 0.95, eps 1e-7 (tf.keras 2.x defaults lr to 1e-3). */
  readonly optimizer: Partial<AdadeltaOptions>;
}

/** The seed configuration (next-frame.py): 407,001 Keras params (406,681 trainable, 320 non-trainable). */
export const CONVLSTM_NEXT_FRAME_DEFAULT_CONFIG: ConvLSTMNextFrameConfig = {
  channels: 1,
  filters: 40,
  kernelSize: 3,
  numLayers: 4,
  headKernelSize: 3,
  headPadding: 'same',
  recurrentActivation: 'hard_sigmoid',
  batchNormMomentum: 0.99,
  batchNormEps: 1e-3,
  optimizer: { lr: 1.0, rho: 0.95, eps: 1e-7 },
};

/** Fills in defaults and checks every field; throws naming the field. */
export function resolveConvLSTMNextFrameConfig(config: Partial<ConvLSTMNextFrameConfig> = {}): ConvLSTMNextFrameConfig {
  const c: ConvLSTMNextFrameConfig = { ...CONVLSTM_NEXT_FRAME_DEFAULT_CONFIG, ...config };
  for (const name of ['channels', 'filters', 'kernelSize', 'numLayers', 'headKernelSize'] as const) {
    if (!Number.isInteger(c[name]) || c[name] < 1) throw new Error(`ConvLSTMNextFrameConfig: ${name} must be a positive integer, got ${c[name]}`);
  }
  for (const name of ['kernelSize', 'headKernelSize'] as const) {
    if (c[name] % 2 !== 1) throw new Error(`ConvLSTMNextFrameConfig: ${name} must be odd ('same' padding), got ${c[name]}`);
  }
  if (!(c.batchNormEps > 0)) throw new Error(`ConvLSTMNextFrameConfig: batchNormEps must be positive, got ${c.batchNormEps}`);
  return c;
}
