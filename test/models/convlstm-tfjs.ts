// The Keras reference for the ConvLSTM model tests, built in tfjs-layers 4.22 (test-only dependency), whose
// ConvLSTM2D (gates i, f, c, o; default recurrent activation hardSigmoid = clip(0.2 x + 0.5, 0, 1)),
// BatchNormalization and Conv3D/Conv2D follow Keras 2's semantics, channels_last. Weights are drawn by seeded tfjs
// initialisers at scales where every path matters, BatchNorm's gamma, beta and moving statistics included.
// tfjs 4.22's orthogonal initialiser fails in Node (tf-core.node.js has no chained ops: "rMat.flatten is not a
// function"), so the recurrent kernels are drawn glorot-normal; their values are copied across either way.
// Layers carry Keras's default names so the weights' originalName are Keras's ('conv_lst_m2d_1/kernel').

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { type Tensor, tensor } from '../../src/index.js';
import type { KerasWeights } from '../../src/models/convlstm/index.js';

type LstmArgs = Parameters<typeof tfl.layers.convLstm2d>[0];

let ready: Promise<boolean> | undefined;

/** Selects tfjs's cpu backend once. */
export function tfjsReady(): Promise<boolean> {
  ready ??= tf.setBackend('cpu');
  return ready;
}

const name = (kind: string, n: number): string => (n === 0 ? kind : `${kind}_${n}`);

function lstmLayer(n: number, filters: number, kernelSize: number, seed: number, extra: Partial<LstmArgs>): tfl.layers.Layer {
  return tfl.layers.convLstm2d({
    name: name('conv_lst_m2d', n), filters, kernelSize, padding: 'same', ...extra,
    kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    recurrentInitializer: tfl.initializers.glorotNormal({ seed: seed + 1 }),
    biasInitializer: tfl.initializers.randomNormal({ stddev: 0.3, seed: seed + 2 }),
  });
}

function batchNormLayer(n: number, seed: number): tfl.layers.Layer {
  return tfl.layers.batchNormalization({
    name: name('batch_normalization', n),
    gammaInitializer: tfl.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed }),
    betaInitializer: tfl.initializers.randomNormal({ stddev: 0.3, seed: seed + 1 }),
    movingMeanInitializer: tfl.initializers.randomNormal({ stddev: 0.3, seed: seed + 2 }),
    movingVarianceInitializer: tfl.initializers.randomUniform({ minval: 0.3, maxval: 2, seed: seed + 3 }),
  });
}

/**
 * tfjs's BatchNormalization has no rank-5 kernel ("not implemented for array of rank 5"), so sequences go through
 * it as [B*T, H, W, C]: the same per-channel statistics over B, T, H and W.
 */
function applyBatchNorm(layer: tfl.layers.Layer, x: tf.Tensor, training: boolean): tf.Tensor {
  const [b, t, h, w, c] = x.shape;
  return tf.reshape(applyLayer(layer, tf.reshape(x, [b * t, h, w, c]), { training })[0], x.shape);
}

/** layer.apply on concrete tensors, as a list of tensors. */
function applyLayer(layer: tfl.layers.Layer, x: tf.Tensor, kwargs: Record<string, unknown> = {}): tf.Tensor[] {
  const out = layer.apply(x, kwargs);
  const list = Array.isArray(out) ? out : [out];
  return list.map((t) => {
    if (!(t instanceof tf.Tensor)) throw new Error(`${layer.name}: apply returned a symbolic tensor`);
    return t;
  });
}

/** Every weight of the given layers under its Keras name (':0' left off, as tfjs names them). */
export function kerasWeightsOf(layers: readonly tfl.layers.Layer[]): KerasWeights {
  const out: Record<string, { shape: number[]; values: Float32Array }> = {};
  for (const layer of layers) {
    for (const w of layer.weights) out[w.originalName] = { shape: w.shape.map((d) => d ?? 0), values: w.read().dataSync() as Float32Array };
  }
  return out;
}

/** [B, T, C, H, W] framegrad values (any backend) -> a channels_last [B, T, H, W, C] tfjs tensor. */
export function toKerasLayout(x: Tensor): tf.Tensor {
  return tf.tensor(x.permute(0, 1, 3, 4, 2).contiguous().dataSync() as Float32Array, [x.shape[0], x.shape[1], x.shape[3], x.shape[4], x.shape[2]], 'float32');
}

/** A channels_last tfjs tensor [B, (T,) H, W, C] -> framegrad [B, (T,) C, H, W] float32 on cpu. */
export function fromKerasLayout(x: tf.Tensor): Tensor {
  const t = tensor(x.dataSync() as Float32Array, { shape: x.shape, dtype: 'float32' });
  return x.rank === 5 ? t.permute(0, 1, 4, 2, 3).contiguous() : t.permute(0, 3, 1, 2).contiguous();
}

/**
 * The Keras example's Sequential, L x [ConvLSTM2D(filters, 3x3, same, seq) + BatchNormalization] + Conv3D(1, 3x3x3,
 * same) sigmoid, as a list of layers (a tfl.Sequential would build its BatchNormalization for rank 5, which tfjs
 * cannot run; see applyBatchNorm). They are built by the first forward.
 */
export class KerasStackedConvLSTM {
  readonly layers: tfl.layers.Layer[] = [];

  constructor(numLayers: number, filters: number, recurrentActivation: 'hardSigmoid' | 'sigmoid', seed: number) {
    for (let l = 0; l < numLayers; l++) {
      this.layers.push(lstmLayer(l, filters, 3, seed + 10 * l, { returnSequences: true, recurrentActivation }));
      this.layers.push(batchNormLayer(l, seed + 10 * l + 5));
    }
    this.layers.push(tfl.layers.conv3d({
      name: 'conv3d', filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 999 }), biasInitializer: tfl.initializers.constant({ value: 0.1 }),
    }));
  }

  /** Layer by layer, BatchNormalization with `training` (batch statistics and moving-average updates) or without. */
  forward(x: tf.Tensor, training: boolean): tf.Tensor {
    return this.layers.reduce((h, layer) => (layer.name.startsWith('batch_normalization') ? applyBatchNorm(layer, h, training) : applyLayer(layer, h)[0]), x);
  }
}

/** Keras's count of the built layers (model.countParams()): every weight, trainable or not. */
export const countParams = (layers: readonly tfl.layers.Layer[]): number => layers.reduce((s, l) => s + l.countParams(), 0);

/**
 * encoder-decoder.py's Encoder and Decoder, written as its Keras code runs them: the encoder's ConvLSTM2D layers
 * (return_sequences, return_state) with BatchNormalization between them, then per step the decoder's ConvLSTM2D
 * layers (return_state, initial_state from the previous step) each followed by BatchNormalization, and the 1x1
 * Conv2D sigmoid on the last layer's output. Layers are created in the script's order (encoder, then decoder's
 * conv2d, then its layers), so Keras's numbering is the script's.
 */
export class KerasEncoderDecoder {
  readonly encoder: { lstm: tfl.layers.Layer; norm?: tfl.layers.Layer }[] = [];
  readonly decoder: { lstm: tfl.layers.Layer; norm: tfl.layers.Layer }[] = [];
  readonly head: tfl.layers.Layer;

  constructor(units: readonly number[], seed: number) {
    units.forEach((u, l) => {
      const norm = l < units.length - 1 ? batchNormLayer(l, seed + 10 * l + 5) : undefined;
      this.encoder.push({ lstm: lstmLayer(l, u, 3, seed + 10 * l, { returnSequences: true, returnState: true }), norm });
    });
    this.head = tfl.layers.conv2d({
      name: 'conv2d', filters: 1, kernelSize: 1, padding: 'same', activation: 'sigmoid',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 999 }), biasInitializer: tfl.initializers.constant({ value: -0.1 }),
    });
    units.forEach((u, l) => {
      const n = units.length + l;
      this.decoder.push({ lstm: lstmLayer(n, u, 3, seed + 10 * n, { returnState: true }), norm: batchNormLayer(units.length - 1 + l, seed + 10 * n + 5) });
    });
  }

  get layers(): tfl.layers.Layer[] {
    return [...this.encoder.flatMap((e) => (e.norm ? [e.lstm, e.norm] : [e.lstm])), ...this.decoder.flatMap((d) => [d.lstm, d.norm]), this.head];
  }

  /** x [B, T, H, W, 1]: encode frames 0 ... T - 2, then `steps` decoder steps from frame T - 1, feeding back predictions. */
  forward(x: tf.Tensor, steps: number, training: boolean): tf.Tensor {
    const t = x.shape[1]!;
    let input = tf.slice(x, [0, 0, 0, 0, 0], [-1, t - 1, -1, -1, -1]);
    let states: tf.Tensor[][] = this.encoder.map((e) => {
      const [outputs, h, c] = applyLayer(e.lstm, input);
      if (e.norm) input = applyBatchNorm(e.norm, outputs, training);
      return [h, c];
    });
    let frame = tf.slice(x, [0, t - 1, 0, 0, 0], [-1, 1, -1, -1, -1]);
    const frames: tf.Tensor[] = [];
    for (let s = 0; s < steps; s++) {
      let layerInput = frame;
      let output = frame;
      states = this.decoder.map((d, l) => {
        const [out, h, c] = applyLayer(d.lstm, layerInput, { initialState: states[l] });
        output = out;
        layerInput = tf.expandDims(applyLayer(d.norm, out, { training })[0], 1);
        return [h, c];
      });
      const pred = applyLayer(this.head, output)[0];
      frames.push(pred);
      frame = tf.expandDims(pred, 1);
    }
    return tf.stack(frames, 1);
  }
}
