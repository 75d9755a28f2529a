// IFRVP's VGG19 perceptual loss (spec §10.6), off unless the user supplies VGG19 weights: ImageNet-pretrained
// weights cannot be downloaded here, so `VggPerceptualLoss.fromStateDict` takes them from a state dict, e.g.
// `(await loadSafetensors('vgg19.safetensors')).tensors` for a file saved in Python from torchvision's
// `vgg19(weights='IMAGENET1K_V1').features.state_dict()`, or an IFRVP checkpoint's `vggloss.vgg_pretrained_features.*`.
// Layers 0..29 run; the loss taps relu1_1, relu2_1, relu3_1, relu4_1, relu5_1.

import { noGrad } from '../../../autograd/grad-mode.js';
import { tensor } from '../../../tensor/creation.js';
import { formatShape } from '../../../tensor/shape.js';
import { Tensor } from '../../../tensor/tensor.js';
import type { SafetensorsEntry } from '../../../serialization/safetensors.js';
import { Sequential } from '../../../nn/containers.js';
import { ReLU } from '../../../nn/layers/activation.js';
import { Conv2d } from '../../../nn/layers/conv.js';
import { MaxPool2d } from '../../../nn/layers/resample.js';
import { Module, type StateDict, type TensorModule } from '../../../nn/module.js';

/** Output widths of the 13 convs among VGG19 `features` layers 0..29 (torchvision's configuration 'E'). */
export const VGG19_WIDTHS: readonly number[] = [64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512];
/** Where max-pools sit in that conv sequence: after convs 2, 4, 8 and 12. */
const POOL_AFTER = new Set([2, 4, 8, 12]);
/** Layers whose outputs are compared (the reference's indices [2, 7, 12, 21, 30] minus 1) and their weights. */
const TAPS: ReadonlyMap<number, number> = new Map([[1, 1 / 2.6], [6, 1 / 4.8], [11, 1 / 3.7], [20, 1 / 5.6], [29, 10 / 1.5]]);
const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];
/** Layer index of each conv in `features` (0, 2, 5, 7, ..., 28): a ReLU follows each conv, a pool the marked ones. */
const CONV_LAYERS: readonly number[] = VGG19_WIDTHS.map((_, i) => 2 * i + [...POOL_AFTER].filter((p) => p <= i).length);
const KEY = /^(?:vggloss\.)?(?:vgg_pretrained_features\.|features\.)?(\d+)\.(weight|bias)$/;

/** 0.1 * sum_k w_k mean|phi_k(pred) - phi_k(target)| over VGG19 features, inputs ImageNet-normalised, weights frozen. */
export class VggPerceptualLoss extends Module {
  readonly features: Sequential;

  /** Builds the 30 layers with the given conv widths (default VGG19's) and untrained, frozen weights; load them next. */
  constructor(readonly widths: readonly number[] = VGG19_WIDTHS) {
    super();
    if (widths.length !== VGG19_WIDTHS.length) throw new Error(`VggPerceptualLoss: need ${VGG19_WIDTHS.length} conv widths, got ${widths.length}`);
    const layers: TensorModule[] = [];
    widths.forEach((width, i) => {
      layers.push(new Conv2d(i === 0 ? 3 : widths[i - 1], width, 3, { padding: 1 }), new ReLU());
      if (POOL_AFTER.has(i + 1)) layers.push(new MaxPool2d(2, { stride: 2 }));
    });
    this.features = this.registerModule('vgg_pretrained_features', new Sequential(...layers));
    for (const p of this.parameters()) p.requiresGrad = false;
  }

  /**
   * A loss with weights from `state`, whose keys are `<i>.weight|bias`, optionally prefixed `features.`,
   * `vgg_pretrained_features.` or `vggloss.vgg_pretrained_features.`; layers past 29 and the reference's
   * constant `vggloss.normalize.*` are ignored. Conv widths are read from the weights' shapes.
   */
  static fromStateDict(state: Readonly<Record<string, SafetensorsEntry>>): VggPerceptualLoss {
    const weights: StateDict = {};
    for (const [key, value] of Object.entries(state)) {
      if (key.startsWith('vggloss.normalize.') || key.startsWith('normalize.')) continue;
      const m = KEY.exec(key);
      if (!m || !(value instanceof Tensor)) throw new Error(`VggPerceptualLoss.fromStateDict: unexpected entry '${key}' (expected floating-point VGG19 features keys such as 'features.0.weight')`);
      if (Number(m[1]) < 30) weights[`vgg_pretrained_features.${m[1]}.${m[2]}`] = value;
    }
    const widths = CONV_LAYERS.map((i) => {
      const w = weights[`vgg_pretrained_features.${i}.weight`];
      if (!w) throw new Error(`VggPerceptualLoss.fromStateDict: missing the weight of conv layer ${i}`);
      return w.shape[0];
    });
    const loss = new VggPerceptualLoss(widths);
    loss.loadStateDict(weights, true);
    return loss;
  }

  forward(prediction: Tensor, target: Tensor): Tensor {
    if (prediction.rank !== 4 || prediction.shape[1] !== 3 || prediction.shape.some((d, i) => d !== target.shape[i])) {
      throw new Error(`VggPerceptualLoss: inputs must be two RGB [N, 3, H, W] tensors of one shape, got ${formatShape(prediction.shape)} and ${formatShape(target.shape)}`);
    }
    const normalise = (x: Tensor): Tensor => {
      const like = { dtype: x.dtype, backend: x.backend };
      return x.sub(tensor(IMAGENET_MEAN, { ...like, shape: [1, 3, 1, 1] })).div(tensor(IMAGENET_STD, { ...like, shape: [1, 3, 1, 1] }));
    };
    let x = normalise(prediction);
    let y = noGrad(() => normalise(target));
    let total: Tensor | null = null;
    for (let i = 0; i < 30; i++) {
      const layer = this.features.at(i);
      x = layer.forward(x);
      const input = y;
      y = noGrad(() => layer.forward(input));
      const weight = TAPS.get(i);
      if (weight === undefined) continue;
      const term = x.sub(y).abs().mean().mul(0.1 * weight);
      total = total ? total.add(term) : term;
    }
    if (!total) throw new Error('VggPerceptualLoss: no tapped layer ran');
    return total;
  }
}
