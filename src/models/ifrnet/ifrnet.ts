// The IFRNet model (spec §5), every variant: a shared pyramid encoder on both centred inputs, a top decoder and
// coarse-to-fine decoders that refine two backward flows and an intermediate feature, and at full resolution an
// occlusion mask and RGB residual that merge the two warped inputs. IFRVP's extrapolation is the same network fed
// (I_{t-1}, I_t) and trained on I_{t+1}: `predictNext` and `rollout` name that use.

import { cat } from '../../ops/cat.js';
import { interpolate } from '../../ops/spatial/interpolate.js';
import { warp } from '../../ops/spatial/grid-sample.js';
import { full } from '../../tensor/creation.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../../nn/module.js';
import { type IfrnetConfig, decoderWidth, resolveIfrnetConfig } from './config.js';
import { IfrnetDecoder, IfrnetTopDecoder } from './decoder.js';
import { IfrnetEncoder } from './encoder.js';

export interface IfrnetForwardOptions {
  /** The time input: one value for every sample, or a [B, 1, 1, 1] tensor (default config.embt). */
  readonly embt?: number | Tensor;
  /** Run the network on the inputs resized by this factor (default config.inferenceScale). */
  readonly scale?: number;
}

/** Backward flows in pixels: channel 0 is x (right), channel 1 is y (down). */
export interface IfrnetFlows {
  /** [B, 2, h, w]: where each pixel of the predicted frame is found in img0. */
  readonly flow0: Tensor;
  /** [B, 2, h, w]: where each pixel of the predicted frame is found in img1. */
  readonly flow1: Tensor;
}

export interface IfrnetOutput extends IfrnetFlows {
  /** [B, C, H, W] in [0, 1]: the synthesised (or, for extrapolation, next) frame. flow0/flow1 are its full-size flows. */
  readonly prediction: Tensor;
  /** [B, 1, H, W] in (0, 1): the weight of warped img0 (1 - mask weighs warped img1). */
  readonly mask: Tensor;
  /** [B, C, H, W]: the residual added after the merge (not squashed). */
  readonly residual: Tensor;
  /** [B, 1, 1, 1]: the joint mean of both inputs that the network works around. */
  readonly mean: Tensor;
  /**
   * The flows after each decoder at the network's working size, finest first: entry j is at 1 / 2^j of it (entry 0
   * before any inferenceScale resize). The distillation loss upsamples entries 1..L-1.
   */
  readonly flowPyramid: readonly IfrnetFlows[];
  /** The predicted intermediate features phi_1..phi_{L-1}, finest first (the geometry loss's inputs). */
  readonly features: readonly Tensor[];
}

/** F.interpolate(x, scale_factor=s, mode='bilinear', align_corners=False), the reference's `resize`. */
export const resize = (x: Tensor, scaleFactor: number): Tensor => interpolate(x, { scaleFactor, mode: 'bilinear', alignCorners: false });

/** IFRNet, IFRNet_L, IFRNet_S, IFRNet_T or IFRNet_ELAN, registered in the reference's order so state-dict keys match. */
export class IFRNet extends Module {
  readonly config: IfrnetConfig;
  readonly encoder: IfrnetEncoder;
  /** decoder{L}: the coarsest decoder. */
  readonly top: IfrnetTopDecoder;
  /** decoder1 .. decoder{L-1}, finest first (index k - 1 reads level k). */
  readonly decoders: IfrnetDecoder[];

  constructor(config: Partial<IfrnetConfig> = {}) {
    super();
    this.config = resolveIfrnetConfig(config);
    const { inChannels, encoderChannels: c, firstKernelSize, block } = this.config;
    const levels = c.length;
    this.encoder = this.registerModule('encoder', new IfrnetEncoder(inChannels, c, firstKernelSize));
    // Each decoder emits 2 + 2 flow channels and the next finer feature; the finest one a mask and a residual.
    const outChannels = (level: number): number => 4 + (level === 1 ? 1 + inChannels : c[level - 2]);
    this.top = this.registerModule(`decoder${levels}`, new IfrnetTopDecoder(c[levels - 1], decoderWidth(this.config, levels), outChannels(levels), block));
    const decoders: IfrnetDecoder[] = [];
    for (let level = levels - 1; level >= 1; level--) {
      decoders[level - 1] = this.registerModule(`decoder${level}`, new IfrnetDecoder(c[level - 1], decoderWidth(this.config, level), outChannels(level), block));
    }
    this.decoders = decoders;
  }

  /** Pyramid levels L (4 for IFRNet/_L/_S, 3 for _T/_ELAN); H and W at the working scale must be divisible by 2^L. */
  get levels(): number {
    return this.config.encoderChannels.length;
  }

  /** Synthesises the frame between img0 and img1 at time embt, each [B, C, H, W] in [0, 1]. */
  forward(img0: Tensor, img1: Tensor, options: IfrnetForwardOptions = {}): IfrnetOutput {
    const scale = options.scale ?? this.config.inferenceScale;
    this.checkInputs(img0, img1, scale);
    const mean = cat([img0, img1], 2).mean({ dim: [1, 2, 3], keepdim: true });
    const centred0 = img0.sub(mean);
    const centred1 = img1.sub(mean);
    const f0 = this.encoder.forward(scale === 1 ? centred0 : resize(centred0, scale));
    const f1 = this.encoder.forward(scale === 1 ? centred1 : resize(centred1, scale));
    const levels = this.levels;
    let out = this.top.forward(f0[levels - 1], f1[levels - 1], this.embtTensor(img0, options.embt));
    let flows: IfrnetFlows = { flow0: out.narrow(1, 0, 2), flow1: out.narrow(1, 2, 2) };
    const flowPyramid: IfrnetFlows[] = [flows];
    const features: Tensor[] = [];
    for (let level = levels - 1; level >= 1; level--) {
      const feature = out.narrow(1, 4, out.shape[1] - 4);
      features.unshift(feature);
      out = this.decoders[level - 1].forward(feature, f0[level - 1], f1[level - 1], flows.flow0, flows.flow1);
      flows = {
        flow0: out.narrow(1, 0, 2).add(resize(flows.flow0, 2).mul(2)),
        flow1: out.narrow(1, 2, 2).add(resize(flows.flow1, 2).mul(2)),
      };
      flowPyramid.unshift(flows);
    }
    let mask = out.narrow(1, 4, 1).sigmoid();
    let residual = out.narrow(1, 5, this.config.inChannels);
    let { flow0, flow1 } = flows;
    if (scale !== 1) {
      flow0 = resize(flow0, 1 / scale).mul(1 / scale);
      flow1 = resize(flow1, 1 / scale).mul(1 / scale);
      mask = resize(mask, 1 / scale);
      residual = resize(residual, 1 / scale);
    }
    const [source0, source1] = this.config.rawWarpQuirk ? [img0, img1] : [centred0, centred1];
    const merged = mask.mul(warp(source0, flow0)).add(mask.neg().add(1).mul(warp(source1, flow1))).add(mean);
    const prediction = merged.add(residual).clamp(0, 1);
    return { prediction, flow0, flow1, mask, residual, mean, flowPyramid, features };
  }

  /** IFRVP's extrapolation: frame t+1 from frames t-1 and t (the interpolation network on relabelled inputs). */
  predictNext(previous: Tensor, current: Tensor, options: IfrnetForwardOptions = {}): IfrnetOutput {
    return this.forward(previous, current, options);
  }

  /** IFRVP's recurrent multi-step prediction: feeds (I_t, I^_{t+1}) back to get I^_{t+2}, and so on; returns `steps` frames. */
  rollout(previous: Tensor, current: Tensor, steps: number, options: IfrnetForwardOptions = {}): Tensor[] {
    if (!Number.isInteger(steps) || steps < 1) throw new Error(`IFRNet.rollout: steps must be a positive integer, got ${steps}`);
    const frames: Tensor[] = [];
    let [a, b] = [previous, current];
    for (let i = 0; i < steps; i++) {
      const next = this.predictNext(a, b, options).prediction;
      frames.push(next);
      [a, b] = [b, next];
    }
    return frames;
  }

  private embtTensor(like: Tensor, embt: number | Tensor | undefined): Tensor {
    const b = like.shape[0];
    if (embt === undefined || typeof embt === 'number') return full([b, 1, 1, 1], embt ?? this.config.embt, { dtype: like.dtype, backend: like.backend });
    if (embt.rank !== 4 || embt.shape[0] !== b || embt.size !== b) throw new Error(`IFRNet: embt must be [${b}, 1, 1, 1], got ${formatShape(embt.shape)}`);
    return embt;
  }

  private checkInputs(img0: Tensor, img1: Tensor, scale: number): void {
    const c = this.config.inChannels;
    for (const [name, x] of [['img0', img0], ['img1', img1]] as const) {
      if (x.rank !== 4 || x.shape[1] !== c) throw new Error(`IFRNet: ${name} must be [B, ${c}, H, W], got ${formatShape(x.shape)}`);
    }
    if (img0.shape.some((d, i) => d !== img1.shape[i])) throw new Error(`IFRNet: img0 ${formatShape(img0.shape)} and img1 ${formatShape(img1.shape)} differ in shape`);
    if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`IFRNet: scale must be a positive number, got ${scale}`);
    const unit = 2 ** this.levels;
    const [h, w] = img0.shape.slice(2).map((s) => Math.floor(s * scale));
    if (h % unit !== 0 || w % unit !== 0 || h === 0 || w === 0) {
      throw new Error(`IFRNet: the ${this.levels}-level network needs H and W divisible by ${unit} at scale ${scale}; got ${h}x${w} from ${formatShape(img0.shape)}`);
    }
    if (Math.floor(h / scale) !== img0.shape[2] || Math.floor(w / scale) !== img0.shape[3]) {
      throw new Error(`IFRNet: scale ${scale} does not resize ${formatShape(img0.shape)} back to its own size (${h}x${w} -> ${Math.floor(h / scale)}x${Math.floor(w / scale)})`);
    }
  }
}
