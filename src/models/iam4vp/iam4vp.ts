// IAM4VP, the implicit stacked autoregressive video predictor as adapted for cloudcasting (ocf-iam4vp at
// b9d61dc): one call predicts the frame k steps ahead from T history frames, the k frames already predicted
// (encoded by the learned prior into the first k future slots; the rest hold a learned mask token) and
// t = 100 k. `forecast` runs the calls one after another, feeding each prediction back.

import type { Tensor } from '../../tensor/tensor.js';
import { full, zeros } from '../../tensor/creation.js';
import { cat, stack } from '../../ops/cat.js';
import { formatShape } from '../../tensor/shape.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { Module } from '../../nn/module.js';
import { Parameter } from '../../nn/parameter.js';
import { type Iam4vpConfig, latentSize, resolveIam4vpConfig } from './config.js';
import { TimeMLP } from './time-embedding.js';
import { Encoder } from './encoder.js';
import { Predictor } from './predictor.js';
import { Decoder } from './decoder.js';
import { SpatioTemporalRefinement } from './refinement.js';

/** The time index of forecast step k (0-based), as the reference's training and inference loops pass it. */
export const timeIndex = (k: number): number => 100 * k;

/** IAM4VP(shape_in, C_latent, N_S, N_T), registered in the reference's order so state-dict keys match. */
export class IAM4VP extends Module {
  readonly config: Iam4vpConfig;
  readonly timeMlp: TimeMLP;
  readonly enc: Encoder;
  readonly hid: Predictor;
  readonly dec: Decoder;
  /** [T, S, H', W'], zeros: the latent of a future slot with no prediction yet. */
  readonly maskToken: Parameter;
  /** The learned prior: an Encoder of its own, applied to each earlier prediction. */
  readonly lp: Encoder;
  readonly str: SpatioTemporalRefinement;

  constructor(config: Partial<Iam4vpConfig> = {}) {
    super();
    this.config = resolveIam4vpConfig(config);
    const { shapeIn: [steps, channels], cLatent, nS, nT } = this.config;
    this.timeMlp = this.registerModule('time_mlp', new TimeMLP(cLatent));
    this.enc = this.registerModule('enc', new Encoder(channels, cLatent, nS));
    this.hid = this.registerModule('hid', new Predictor(steps, cLatent, nT));
    this.dec = this.registerModule('dec', new Decoder(cLatent, channels, nS));
    this.maskToken = this.registerParameter('mask_token', new Parameter(zeros([steps, cLatent, ...latentSize(this.config)])));
    this.lp = this.registerModule('lp', new Encoder(channels, cLatent, nS));
    this.str = this.registerModule('str', new SpatioTemporalRefinement(channels, steps));
  }

  /**
   * One step: xRaw [B, T, C, H, W] (history, time-major within each sample), yRaw the k earlier predictions, each
   * [B, C, H, W] (k <= T; pass them detached, as the reference's loops do), t [B] holding 100 k (float or int32).
   * Returns the frame for step k, [B, C, H, W]; there is no output activation.
   */
  forward(xRaw: Tensor, yRaw: readonly Tensor[], t: Tensor): Tensor {
    const [steps, channels] = this.config.shapeIn;
    if (xRaw.rank !== 5 || xRaw.shape[1] !== steps || xRaw.shape[2] !== channels) {
      throw new Error(`IAM4VP: xRaw must be [B, ${steps}, ${channels}, H, W], got ${formatShape(xRaw.shape)}`);
    }
    const [b, , , h, w] = xRaw.shape;
    if (yRaw.length > steps) throw new Error(`IAM4VP: at most ${steps} earlier predictions fit the future slots, got ${yRaw.length}`);
    yRaw.forEach((y, i) => {
      if (y.rank !== 4 || y.shape[0] !== b || y.shape[1] !== channels || y.shape[2] !== h || y.shape[3] !== w) {
        throw new Error(`IAM4VP: yRaw[${i}] must be [${b}, ${channels}, ${h}, ${w}], got ${formatShape(y.shape)}`);
      }
    });
    if (t.rank !== 1 || t.shape[0] !== b) throw new Error(`IAM4VP: t must be [${b}], got ${formatShape(t.shape)}`);

    const [embed, skip] = this.enc.forward(xRaw.reshape([b * steps, channels, h, w]));
    const [, latent, hl, wl] = embed.shape;
    if (hl !== this.maskToken.shape[2] || wl !== this.maskToken.shape[3]) {
      throw new Error(`IAM4VP: frames ${h}x${w} give latents ${hl}x${wl}, but the mask token was built for ${formatShape(this.maskToken.shape)}`);
    }
    // Future slots: the learned prior's latent of each earlier prediction, then the mask token for the rest.
    const priors = yRaw.map((y) => this.lp.forward(y)[0].unsqueeze(1));
    const open = steps - yRaw.length;
    const masks = open > 0 ? [this.maskToken.narrow(0, yRaw.length, open).unsqueeze(0).expand([b, open, latent, hl, wl])] : [];
    const combined = cat([embed.reshape([b, steps, latent, hl, wl]), ...priors, ...masks], 1);

    const hid = this.hid.forward(combined, this.timeMlp.forward(t)).reshape([b * steps, latent, hl, wl]);
    return this.str.forward(this.dec.forward(hid, skip));
  }

  /**
   * The implicit stacked autoregression at inference: `steps` calls (steps <= T) without gradients, call k seeing
   * the k predictions before it and t = 100 k. Returns [B, steps, C, H, W].
   */
  forecast(x: Tensor, steps: number): Tensor {
    const slots = this.config.shapeIn[0];
    if (!Number.isInteger(steps) || steps < 1 || steps > slots) {
      throw new Error(`IAM4VP.forecast: steps must be an integer in [1, ${slots}], got ${steps}`);
    }
    return noGrad(() => {
      const preds: Tensor[] = [];
      for (let k = 0; k < steps; k++) {
        const t = full([x.shape[0]], timeIndex(k), { dtype: this.maskToken.dtype, backend: x.backend });
        preds.push(this.forward(x, preds, t));
      }
      return stack(preds, 1);
    });
  }
}
