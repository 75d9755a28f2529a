// Loads Keras weights into the ConvLSTM zoo models: converts a record of Keras weights (name -> { shape, values }
// in Keras's channels_last layouts, as model.weights / get_weights() or a tfjs model's weights list them) into a
// framegrad state dict for loadStateDict. Weights are grouped by layer (the name up to the last '/', a ':0'
// suffix ignored) and each layer is recognised by its Keras default name: conv_lst_m2d, batch_normalization,
// conv3d, conv2d, optionally with a numeric suffix and any outer scope ('sequential/', 'encoder/', ...). Layers of
// one kind are taken in the order of their suffix (none = 0), which is Keras's creation order for both tf.keras
// (conv_lst_m2d, conv_lst_m2d_1, ...) and standalone Keras (conv_lst_m2d_1, conv_lst_m2d_2, ...).
//   ConvLSTM2D  kernel [kh, kw, Cin, 4F] / recurrent_kernel [kh, kw, F, 4F] / bias [4F]
//               -> input_conv.weight [4F, Cin, kh, kw] / recurrent_conv.weight [4F, F, kh, kw] / input_conv.bias
//               (gate blocks i, f, c, o in both; see nn/recurrent/keras-conv-lstm.ts)
//   BatchNormalization  gamma / beta / moving_mean / moving_variance [C]
//               -> weight / bias / running_mean / running_var (+ num_batches_tracked = 0, which Keras lacks)
//   Conv3D      kernel [kt, kh, kw, Cin, Cout] / bias -> weight [Cout, Cin, kt, kh, kw] / bias
//   Conv2D      kernel [kh, kw, Cin, Cout] / bias -> weight [Cout, Cin, kh, kw] / bias

import { tensor, zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { StateDict } from '../../nn/module.js';
import { convLSTMStateDictFromKeras } from '../../nn/recurrent/keras-conv-lstm.js';

/** One Keras weight: its shape and its values in row-major (C) order, Keras's layout. */
export interface KerasWeight {
  readonly shape: readonly number[];
  readonly values: ArrayLike<number>;
}

/** Keras weight name (e.g. 'conv_lst_m2d/kernel:0') -> weight. */
export type KerasWeights = Readonly<Record<string, KerasWeight>>;

const LAYER_KINDS = ['conv_lst_m2d', 'batch_normalization', 'conv3d', 'conv2d'] as const;
type LayerKind = (typeof LAYER_KINDS)[number];
const LAYER_NAME = /^(conv_lst_m2d|batch_normalization|conv3d|conv2d)(?:_(\d+))?$/;
const isLayerKind = (name: string): name is LayerKind => (LAYER_KINDS as readonly string[]).includes(name);

interface KerasLayer {
  readonly path: string;
  readonly order: number;
  readonly weights: Record<string, Tensor>;
}

/** The record's layers by kind, each kind in creation order; throws on an unrecognised name or an ambiguous order. */
function groupLayers(weights: KerasWeights): Record<LayerKind, KerasLayer[]> {
  const byPath = new Map<string, KerasLayer>();
  const kinds: Record<LayerKind, KerasLayer[]> = { conv_lst_m2d: [], batch_normalization: [], conv3d: [], conv2d: [] };
  for (const [name, w] of Object.entries(weights)) {
    const parts = name.replace(/:0$/, '').split('/');
    if (parts.length < 2) throw new Error(`Keras weights: '${name}' has no layer name (expected <layer>/<weight>)`);
    const weight = parts.pop()!;
    const path = parts.join('/');
    let layer = byPath.get(path);
    if (!layer) {
      const match = LAYER_NAME.exec(parts[parts.length - 1]);
      const kind = match?.[1];
      if (!match || !kind || !isLayerKind(kind)) throw new Error(`Keras weights: layer '${path}' is not a conv_lst_m2d, batch_normalization, conv3d or conv2d layer`);
      layer = { path, order: match[2] === undefined ? 0 : Number(match[2]), weights: {} };
      byPath.set(path, layer);
      kinds[kind].push(layer);
    }
    layer.weights[weight] = tensor(Float32Array.from(w.values), { shape: w.shape, dtype: 'float32' });
  }
  for (const list of Object.values(kinds)) {
    list.sort((a, b) => a.order - b.order);
    list.forEach((l, i) => {
      if (i > 0 && list[i - 1].order === l.order) throw new Error(`Keras weights: layers '${list[i - 1].path}' and '${l.path}' have the same number; their order is ambiguous`);
    });
  }
  return kinds;
}

function need(layer: KerasLayer, name: string): Tensor {
  const t = layer.weights[name];
  if (!t) throw new Error(`Keras weights: layer '${layer.path}' has no '${name}' (has ${Object.keys(layer.weights).join(', ')})`);
  return t;
}

function batchNorm(layer: KerasLayer, prefix: string): StateDict {
  return {
    [`${prefix}weight`]: need(layer, 'gamma'),
    [`${prefix}bias`]: need(layer, 'beta'),
    [`${prefix}running_mean`]: need(layer, 'moving_mean'),
    [`${prefix}running_var`]: need(layer, 'moving_variance'),
    [`${prefix}num_batches_tracked`]: zeros([], { dtype: 'int32' }),
  };
}

/** Conv2D / Conv3D kernel [..spatial, Cin, Cout] -> [Cout, Cin, ..spatial], plus the bias. */
function conv(layer: KerasLayer, prefix: string): StateDict {
  const kernel = need(layer, 'kernel');
  const d = kernel.rank - 2;
  const spatial = Array.from({ length: d }, (_, i) => i);
  return { [`${prefix}weight`]: kernel.permute(d + 1, d, ...spatial).contiguous(), [`${prefix}bias`]: need(layer, 'bias') };
}

function checkCounts(model: string, kinds: Record<LayerKind, KerasLayer[]>, expected: Record<LayerKind, number>): void {
  for (const kind of LAYER_KINDS) {
    if (kinds[kind].length !== expected[kind]) {
      const found = LAYER_KINDS.map((k) => `${kinds[k].length} ${k}`).join(', ');
      throw new Error(`${model} from Keras: expected ${expected[kind]} ${kind} layers, found ${found}`);
    }
  }
}

/** Keras Sequential [ConvLSTM2D, BatchNormalization] x L + Conv3D -> a ConvLSTMNextFrame state dict (L from the record). */
export function convLSTMNextFrameStateDictFromKeras(weights: KerasWeights): StateDict {
  const kinds = groupLayers(weights);
  const layers = kinds.conv_lst_m2d.length;
  checkCounts('ConvLSTMNextFrame', kinds, { conv_lst_m2d: layers, batch_normalization: layers, conv3d: 1, conv2d: 0 });
  const out: StateDict = {};
  for (let l = 0; l < layers; l++) {
    Object.assign(out, convLSTMStateDictFromKeras(kinds.conv_lst_m2d[l].weights, `convlstm.${l}.`));
    Object.assign(out, batchNorm(kinds.batch_normalization[l], `norm.${l}.`));
  }
  return { ...out, ...conv(kinds.conv3d[0], 'head.') };
}

/**
 * encoder-decoder.py's Encoder + Decoder weights -> a ConvLSTMEncoderDecoder state dict. Keras creates the encoder's
 * L ConvLSTM2D and L - 1 BatchNormalization layers before the decoder's L and L, so the first L of each kind are
 * the encoder's; the single Conv2D is the decoder's head.
 */
export function convLSTMEncoderDecoderStateDictFromKeras(weights: KerasWeights): StateDict {
  const kinds = groupLayers(weights);
  const layers = kinds.conv_lst_m2d.length / 2;
  if (!Number.isInteger(layers) || layers < 1) throw new Error(`ConvLSTMEncoderDecoder from Keras: expected an even number of conv_lst_m2d layers, found ${kinds.conv_lst_m2d.length}`);
  checkCounts('ConvLSTMEncoderDecoder', kinds, { conv_lst_m2d: 2 * layers, batch_normalization: 2 * layers - 1, conv3d: 0, conv2d: 1 });
  const out: StateDict = {};
  for (let l = 0; l < layers; l++) {
    Object.assign(out, convLSTMStateDictFromKeras(kinds.conv_lst_m2d[l].weights, `encoder.cells.${l}.`));
    Object.assign(out, convLSTMStateDictFromKeras(kinds.conv_lst_m2d[layers + l].weights, `decoder.cells.${l}.`));
    if (l < layers - 1) Object.assign(out, batchNorm(kinds.batch_normalization[l], `encoder.norm.${l}.`));
    Object.assign(out, batchNorm(kinds.batch_normalization[layers - 1 + l], `decoder.norm.${l}.`));
  }
  return { ...out, ...conv(kinds.conv2d[0], 'decoder.head.') };
}
