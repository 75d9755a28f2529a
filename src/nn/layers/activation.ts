// Module forms of the activation functions (torch.nn.ReLU etc.); PReLU owns its learnable slopes.

import * as act from '../../ops/activations.js';
import { full } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module, type TensorModule } from '../module.js';
import { Parameter } from '../parameter.js';

export class ReLU extends Module implements TensorModule {
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}

export class ReLU6 extends Module implements TensorModule {
  forward(x: Tensor): Tensor {
    return act.relu6(x);
  }
}

export class LeakyReLU extends Module implements TensorModule {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  forward(x: Tensor): Tensor {
    return act.leakyRelu(x, this.negativeSlope);
  }
}

/** Learnable slope: one shared (numParameters = 1) or one per channel, initialised to `init` (0.25). */
export class PReLU extends Module implements TensorModule {
  readonly weight: Parameter;

  constructor(readonly numParameters = 1, init = 0.25) {
    super();
    this.weight = this.registerParameter('weight', new Parameter(full([numParameters], init)));
  }

  forward(x: Tensor): Tensor {
    return act.prelu(x, this.weight);
  }
}

export class ELU extends Module implements TensorModule {
  constructor(readonly alpha = 1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return act.elu(x, this.alpha);
  }
}

export class GELU extends Module implements TensorModule {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
  }

  forward(x: Tensor): Tensor {
    return act.gelu(x, { approximate: this.approximate });
  }
}

export class Sigmoid extends Module implements TensorModule {
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

/** PyTorch's Hardsigmoid: relu6(x + 3) / 6. */
export class Hardsigmoid extends Module implements TensorModule {
  forward(x: Tensor): Tensor {
    return act.hardSigmoid(x);
  }
}

/** Keras's hard_sigmoid: clip(0.2 x + 0.5, 0, 1). */
export class HardsigmoidKeras extends Module implements TensorModule {
  forward(x: Tensor): Tensor {
    return act.hardSigmoidKeras(x);
  }
}

export class Tanh extends Module implements TensorModule {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

export class SiLU extends Module implements TensorModule {
  forward(x: Tensor): Tensor {
    return act.silu(x);
  }
}

export class Softplus extends Module implements TensorModule {
  constructor(
    readonly beta = 1,
    readonly threshold = 20,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return act.softplus(x, { beta: this.beta, threshold: this.threshold });
  }
}

export class Softmax extends Module implements TensorModule {
  constructor(readonly dim: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x.softmax(this.dim);
  }
}

export class LogSoftmax extends Module implements TensorModule {
  constructor(readonly dim: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.dim);
  }
}
