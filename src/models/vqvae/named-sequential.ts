// PyTorch's nn.Sequential(OrderedDict(...)): children registered under given names (the reference's `conv_1`,
// `relu`, `block_1`, `pool`, ...) and applied in order, so state-dict keys read `blocks.input.conv_1.weight`
// rather than framegrad Sequential's `blocks.0.0.weight`.

import type { Tensor } from '../../tensor/tensor.js';
import { Module, type TensorModule } from '../../nn/module.js';

export class NamedSequential extends Module implements TensorModule {
  private readonly layers: TensorModule[];

  constructor(layers: readonly (readonly [string, TensorModule])[]) {
    super();
    this.layers = layers.map(([name, m]) => this.registerModule(name, m));
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.forward(y);
    return y;
  }
}
