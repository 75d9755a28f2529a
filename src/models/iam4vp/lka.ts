// Large kernel attention (VAN's LKA) and the Attention block built on it: the spatial mixing of IAM4VP's
// predictor blocks and of its spatio-temporal refinement. LKA gates its input by a 5x5 depthwise conv, a 7x7
// depthwise conv with dilation 3 (a 19x19 field) and a 1x1 conv; there is no activation inside.

import type { Tensor } from '../../tensor/tensor.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { GELU } from '../../nn/layers/activation.js';

/** LKA(dim): x * conv1(conv_spatial(conv0(x))), every conv with bias and the size kept. */
export class LKA extends Module implements TensorModule {
  readonly conv0: Conv2d;
  readonly convSpatial: Conv2d;
  readonly conv1: Conv2d;

  constructor(readonly dim: number) {
    super();
    this.conv0 = this.registerModule('conv0', new Conv2d(dim, dim, 5, { padding: 2, groups: dim }));
    this.convSpatial = this.registerModule('conv_spatial', new Conv2d(dim, dim, 7, { padding: 9, dilation: 3, groups: dim }));
    this.conv1 = this.registerModule('conv1', new Conv2d(dim, dim, 1));
  }

  forward(x: Tensor): Tensor {
    return x.mul(this.conv1.forward(this.convSpatial.forward(this.conv0.forward(x))));
  }
}

/** Attention(d): x + proj_2(LKA(GELU(proj_1(x)))), with 1x1 projections. */
export class Attention extends Module implements TensorModule {
  readonly proj1: Conv2d;
  readonly activation: GELU;
  readonly spatialGatingUnit: LKA;
  readonly proj2: Conv2d;

  constructor(readonly dModel: number) {
    super();
    this.proj1 = this.registerModule('proj_1', new Conv2d(dModel, dModel, 1));
    this.activation = this.registerModule('activation', new GELU());
    this.spatialGatingUnit = this.registerModule('spatial_gating_unit', new LKA(dModel));
    this.proj2 = this.registerModule('proj_2', new Conv2d(dModel, dModel, 1));
  }

  forward(x: Tensor): Tensor {
    return x.add(this.proj2.forward(this.spatialGatingUnit.forward(this.activation.forward(this.proj1.forward(x)))));
  }
}
