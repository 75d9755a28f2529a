// VqVae1, the video VQ-VAE of zhangxuan1918/VqVaeVideo (branch issue_#6, db2d417): the d frames of a clip are
// stacked frame-major on channels, encoded by 2-D convs to a grid of D-dim latents, each replaced by its nearest
// code of an EMA-learned codebook (straight-through gradients), and decoded back to d frames.
//
// Layout: framegrad clips are [B, T, C, H, W]; stacking them to [B, T·C, H, W] is a reshape and gives the same
// channel order (frame·C + c) as the reference's `b d h w c -> b (d c) h w` on its channels-last input. So forward
// takes [B, T, C, H, W] (permute a channels-last [B, T, H, W, C] with `.permute([0, 1, 4, 2, 3])`) and returns
// the reconstruction as [B, T, C, H, W]. encode and decode, inference helpers run without gradients as in the
// reference, take and give clips in the same layout (the reference's take and give stacked channels); encode never
// updates the codebook (the reference's would in training mode, since it calls the quantizer's forward).

import { noGrad } from '../../autograd/grad-mode.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../../nn/module.js';
import { VectorQuantizer } from '../../nn/quantization/vector-quantizer.js';
import { VectorQuantizerEMA } from '../../nn/quantization/vector-quantizer-ema.js';
import { nearestCodes, toRows } from '../../nn/quantization/nearest-code.js';
import { type VqVaeConfig, resolveVqVaeConfig, spatialFactor } from './config.js';
import { Encoder1 } from './encoder.js';
import { Decoder1 } from './decoder.js';

/** What forward returns (the reference's tuple (vq_loss, x_recon, perplexity), plus the codes it chose). */
export interface VqVaeOutput {
  /** β · mean((sg[q] − z)²), the commitment loss (0-d); the EMA quantizer has no codebook term. */
  readonly vqLoss: Tensor;
  /** The decoded clip [B, T, outputChannels, H, W]; linear (no output activation). */
  readonly reconstruction: Tensor;
  /** exp of the entropy of this batch's code usage (0-d, no gradient). */
  readonly perplexity: Tensor;
  /** The code per latent position, int32 [B, H / 2^(G-1), W / 2^(G-1)]. */
  readonly indices: Tensor;
}

/** What encode returns. */
export interface VqVaeCodes {
  /** The encoder's latent z [B, nInit, h, w] before quantization. */
  readonly latent: Tensor;
  /** The nearest code per latent position, int32 [B, h, w]. */
  readonly indices: Tensor;
}

/** VqVae1 = Encoder1 + VectorQuantizerEMA (or VectorQuantizer when decay is 0) + Decoder1, keys as the reference's. */
export class VqVae1 extends Module {
  readonly config: VqVaeConfig;
  readonly encoder: Encoder1;
  readonly quantizer: VectorQuantizerEMA | VectorQuantizer;
  readonly decoder: Decoder1;

  constructor(config: Partial<VqVaeConfig> = {}) {
    super();
    this.config = resolveVqVaeConfig(config);
    const c = this.config;
    this.encoder = this.registerModule('encoder', new Encoder1(c));
    this.quantizer = this.registerModule(
      'vq_vae',
      c.decay > 0
        ? new VectorQuantizerEMA(c.vocabSize, c.nInit, { commitmentCost: c.commitmentCost, decay: c.decay, epsilon: c.epsilon })
        : new VectorQuantizer(c.vocabSize, c.nInit, { commitmentCost: c.commitmentCost }),
    );
    this.decoder = this.registerModule('decoder', new Decoder1(c));
  }

  /** Clips [B, T, C, H, W] -> VQ loss, reconstruction, perplexity and codes; updates the EMA codebook in training mode. */
  forward(x: Tensor): VqVaeOutput {
    const stacked = this.stack('forward', x);
    const { quantized, loss, indices, perplexity } = this.quantizer.forward(this.encoder.forward(stacked));
    return { vqLoss: loss, reconstruction: this.unstack(this.decoder.forward(quantized)), perplexity, indices };
  }

  /** Clips [B, T, C, H, W] -> the latent and its nearest codes, without gradients and without touching the codebook. */
  encode(x: Tensor): VqVaeCodes {
    return noGrad(() => {
      const latent = this.encoder.forward(this.stack('encode', x));
      const { rows } = toRows('VqVae1.encode', latent, this.config.nInit);
      const indices = nearestCodes(rows, this.quantizer.embedding.weight.detach());
      return { latent, indices: indices.reshape([latent.shape[0], latent.shape[2], latent.shape[3]]) };
    });
  }

  /** Codes int32 [B, h, w] -> the decoded clip [B, T, outputChannels, H, W], without gradients. */
  decode(indices: Tensor): Tensor {
    if (indices.rank !== 3) throw new Error(`VqVae1.decode: indices must be [B, h, w], got ${formatShape(indices.shape)}`);
    return noGrad(() => this.unstack(this.decoder.forward(this.quantizer.lookup(indices))));
  }

  /** [B, T, C, H, W] -> [B, T·C, H, W] (frame-major), after checking T, C and the spatial divisibility. */
  private stack(op: string, x: Tensor): Tensor {
    const { sequenceLength: t, inputChannels: ch } = this.config;
    const f = spatialFactor(this.config);
    if (x.rank !== 5 || x.shape[1] !== t || x.shape[2] !== ch || x.shape[3] % f !== 0 || x.shape[4] % f !== 0) {
      throw new Error(`VqVae1.${op}: input must be [B, ${t}, ${ch}, H, W] with H and W multiples of ${f}, got ${formatShape(x.shape)}`);
    }
    const [b, , , h, w] = x.shape;
    return x.reshape([b, t * ch, h, w]);
  }

  /** [B, T·C, H, W] -> [B, T, C, H, W]. */
  private unstack(y: Tensor): Tensor {
    const [b, , h, w] = y.shape;
    return y.reshape([b, this.config.sequenceLength, this.config.outputChannels, h, w]);
  }
}
