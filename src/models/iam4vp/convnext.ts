// The ConvNeXt blocks of IAM4VP's spatio-temporal predictor. Both share one residual branch: a spatial mixer
// (`dwconv`) plus this block's own projection of the time embedding, then a channels-last LayerNorm (eps 1e-6),
// Linear D -> 4D, GELU, Linear 4D -> D and a layer scale `gamma` (init 1e-6). ConvNeXt_bottle mixes with a grouped
// 7x7 conv from 2D to D channels and has a 1x1 projection shortcut; ConvNeXt_block mixes with LKA(D) and has an
// identity shortcut. Stochastic depth is off (rate 0) in the reference, so it is omitted.

import type { Tensor } from '../../tensor/tensor.js';
import { full } from '../../tensor/creation.js';
import { formatShape } from '../../tensor/shape.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { Parameter } from '../../nn/parameter.js';
import { Sequential } from '../../nn/containers.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { Linear } from '../../nn/layers/linear.js';
import { LayerNorm } from '../../nn/layers/norm.js';
import { GELU } from '../../nn/layers/activation.js';
import { LKA } from './lka.js';

/** The layer-scale init of the reference (ConvNeXt's layer_scale_init_value). */
const LAYER_SCALE_INIT = 1e-6;

/** The parts both ConvNeXt variants share, registered in the reference's order (mlp, dwconv, norm, ...). */
abstract class ConvNeXtBase extends Module {
  readonly gamma: Parameter;
  readonly mlp: Sequential;
  readonly dwconv: TensorModule;
  readonly norm: LayerNorm;
  readonly pwconv1: Linear;
  readonly act: GELU;
  readonly pwconv2: Linear;

  protected constructor(
    readonly dim: number,
    channelsHid: number,
    dwconv: TensorModule,
  ) {
    super();
    this.gamma = this.registerParameter('gamma', new Parameter(full([dim], LAYER_SCALE_INIT)));
    this.mlp = this.registerModule('mlp', new Sequential(new GELU(), new Linear(channelsHid, dim)));
    this.dwconv = this.registerModule('dwconv', dwconv);
    this.norm = this.registerModule('norm', new LayerNorm(dim, { eps: 1e-6 }));
    this.pwconv1 = this.registerModule('pwconv1', new Linear(dim, 4 * dim));
    this.act = this.registerModule('act', new GELU());
    this.pwconv2 = this.registerModule('pwconv2', new Linear(4 * dim, dim));
  }

  /** gamma * MLP(LN(dwconv(x) + mlp(timeEmb))), computed channels-last and returned as [B, D, H, W]. */
  protected branch(x: Tensor, timeEmb: Tensor): Tensor {
    if (x.rank !== 4) throw new Error(`${this.typeName}: input must be [B, C, H, W], got ${formatShape(x.shape)}`);
    const e = this.mlp.forward(timeEmb);
    const h = this.dwconv.forward(x).add(e.reshape([e.shape[0], this.dim, 1, 1])).permute([0, 2, 3, 1]);
    const y = this.pwconv2.forward(this.act.forward(this.pwconv1.forward(this.norm.forward(h)))).mul(this.gamma);
    return y.permute([0, 3, 1, 2]);
  }

  abstract forward(x: Tensor, timeEmb: Tensor): Tensor;
}

/** ConvNeXt_bottle(dim, channels_hid): [B, 2D, H, W] -> [B, D, H, W], shortcut res_conv (1x1, 2D -> D). */
export class ConvNeXtBottle extends ConvNeXtBase {
  readonly resConv: Conv2d;

  constructor(dim: number, channelsHid: number) {
    super(dim, channelsHid, new Conv2d(2 * dim, dim, 7, { padding: 3, groups: dim }));
    this.resConv = this.registerModule('res_conv', new Conv2d(2 * dim, dim, 1));
  }

  forward(x: Tensor, timeEmb: Tensor): Tensor {
    return this.resConv.forward(x).add(this.branch(x, timeEmb));
  }
}

/** ConvNeXt_block(dim, channels_hid): [B, D, H, W] -> [B, D, H, W] with an identity shortcut; `dwconv` is LKA(D). */
export class ConvNeXtBlock extends ConvNeXtBase {
  constructor(dim: number, channelsHid: number) {
    super(dim, channelsHid, new LKA(dim));
  }

  forward(x: Tensor, timeEmb: Tensor): Tensor {
    return x.add(this.branch(x, timeEmb));
  }
}
