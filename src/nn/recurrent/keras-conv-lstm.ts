// Converts a Keras ConvLSTM2D layer's weights into a framegrad ConvLSTMCell state dict, so a Keras model's
// weights load with loadStateDict. Keras names and layouts (channels_last), one layer of F filters:
//   <layer>/kernel            [kh, kw, Cin, 4F]  ->  input_conv.weight      [4F, Cin, kh, kw]
//   <layer>/recurrent_kernel  [kh, kw, F, 4F]    ->  recurrent_conv.weight  [4F, F, kh, kw]
//   <layer>/bias              [4F]               ->  input_conv.bias        [4F]
// The 4F axis holds the gates i, f, c, o in Keras's order, which is ConvLSTMCell's gateOrder 'ifgo', so no
// reordering is needed. A ':0' suffix (tf.Variable names) is ignored. For a stacked ConvLSTM pass the prefix
// 'cells.<l>.', e.g. Keras 'conv_lstm2d' -> 'cells.0.', 'conv_lstm2d_1' -> 'cells.1.'.

import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { StateDict } from '../module.js';

const targets = { kernel: 'input_conv.weight', recurrent_kernel: 'recurrent_conv.weight', bias: 'input_conv.bias' } as const;
type KerasWeight = keyof typeof targets;

function isKerasWeight(name: string): name is KerasWeight {
  return name in targets;
}

/** One Keras ConvLSTM2D layer's weights (any names ending in kernel, recurrent_kernel, bias) as a state dict. */
export function convLSTMStateDictFromKeras(weights: Readonly<Record<string, Tensor>>, prefix = ''): StateDict {
  const found: Partial<Record<KerasWeight, Tensor>> = {};
  for (const [name, value] of Object.entries(weights)) {
    const last = name.split('/').pop()!.replace(/:0$/, '');
    if (!isKerasWeight(last)) throw new Error(`convLSTMStateDictFromKeras: unexpected weight '${name}' (expected kernel, recurrent_kernel or bias)`);
    if (found[last]) throw new Error(`convLSTMStateDictFromKeras: more than one '${last}' weight (at '${name}'); convert one layer at a time`);
    found[last] = value;
  }
  const { kernel, recurrent_kernel: recurrent, bias } = found;
  if (!kernel || !recurrent) throw new Error('convLSTMStateDictFromKeras: kernel and recurrent_kernel are required');
  const gates = kernel.shape[3];
  const filters = gates / 4;
  if (kernel.rank !== 4 || !Number.isInteger(filters)) throw new Error(`convLSTMStateDictFromKeras: kernel must be [kh, kw, Cin, 4F], got ${formatShape(kernel.shape)}`);
  const [kh, kw] = kernel.shape;
  if (recurrent.rank !== 4 || recurrent.shape[0] !== kh || recurrent.shape[1] !== kw || recurrent.shape[2] !== filters || recurrent.shape[3] !== gates) {
    throw new Error(`convLSTMStateDictFromKeras: recurrent_kernel ${formatShape(recurrent.shape)} must be [${kh}, ${kw}, ${filters}, ${gates}] for kernel ${formatShape(kernel.shape)}`);
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== gates)) throw new Error(`convLSTMStateDictFromKeras: bias ${formatShape(bias.shape)} must be [${gates}]`);
  const out: StateDict = {
    [prefix + targets.kernel]: kernel.permute(3, 2, 0, 1).contiguous(),
    [prefix + targets.recurrent_kernel]: recurrent.permute(3, 2, 0, 1).contiguous(),
  };
  if (bias) out[prefix + targets.bias] = bias;
  return out;
}
