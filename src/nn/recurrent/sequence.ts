// Runs stacked convolutional recurrent layers (ConvLSTM, ConvGRU) over a [batch, time, channels, height, width]
// sequence, Keras-style: each layer consumes the previous layer's outputs at every step, starting from the given
// per-layer state or zeros; the result is every step's last-layer output or only the last step's.

import { stack } from '../../ops/cat.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkInput } from './checks.js';
import type { RecurrentOutput } from './rnn-cells.js';

/** One layer's step: the next output and state from an input frame and the previous state (undefined: zeros). */
export type LayerStep<S> = (x: Tensor, state: S | undefined) => RecurrentOutput<S>;

export function runConvSequence<S>(
  layer: string,
  x: Tensor,
  inChannels: number,
  steps: readonly LayerStep<S>[],
  state: readonly S[] | undefined,
  returnSequences: boolean,
): RecurrentOutput<S[]> {
  checkInput(layer, x, [5], 2, inChannels, '[batch, time, inChannels, height, width]');
  if (x.shape[1] < 1) throw new Error(`${layer}: input ${formatShape(x.shape)} has no time steps`);
  if (state && state.length !== steps.length) throw new Error(`${layer}: got a state for ${state.length} layers, expected ${steps.length}`);
  let frames = x.split(1, 1).map((f) => f.squeeze(1));
  const finals: S[] = [];
  steps.forEach((step, l) => {
    let out = step(frames[0], state?.[l]);
    const outputs = [out.output];
    for (let t = 1; t < frames.length; t++) {
      out = step(frames[t], out.state);
      outputs.push(out.output);
    }
    frames = outputs;
    finals.push(out.state);
  });
  return { output: returnSequences ? stack(frames, 1) : frames[frames.length - 1], state: finals };
}
