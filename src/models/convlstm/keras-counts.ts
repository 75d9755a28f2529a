// Parameter counts as Keras's model.summary() reports them. Keras keeps BatchNormalization's moving mean and
// variance as non-trainable weights and counts them; framegrad keeps them as buffers (running_mean,
// running_var), outside parameterCount(). num_batches_tracked has no Keras counterpart and is not counted.

import type { Module } from '../../nn/module.js';

/** Keras's "Total params", "Trainable params" and "Non-trainable params". */
export interface KerasParameterCounts {
  readonly total: number;
  readonly trainable: number;
  readonly nonTrainable: number;
}

/** Parameters (trainable ones as trainable) plus every batch norm's running_mean and running_var (non-trainable). */
export function kerasParameterCounts(model: Module): KerasParameterCounts {
  const trainable = model.parameterCount({ trainableOnly: true });
  let nonTrainable = model.parameterCount() - trainable;
  for (const [name, b] of model.namedBuffers()) {
    if (name.endsWith('running_mean') || name.endsWith('running_var')) nonTrainable += b.size;
  }
  return { total: trainable + nonTrainable, trainable, nonTrainable };
}
