// Pooling, upsampling, pixel shuffling and flattening as modules over the functional spatial ops.

import { adaptiveAvgPool2d, adaptiveMaxPool2d, type AdaptiveOutputSize } from '../../ops/spatial/adaptive-pool.js';
import { avgPool1d, avgPool2d, avgPool3d, type AvgPoolOptions } from '../../ops/spatial/avg-pool.js';
import { interpolate, type InterpolateOptions } from '../../ops/spatial/interpolate.js';
import { maxPool1d, maxPool2d, maxPool3d } from '../../ops/spatial/max-pool.js';
import type { PoolOptions } from '../../ops/spatial/pool-windows.js';
import { pixelShuffle, pixelUnshuffle } from '../../ops/spatial/pixel-shuffle.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module, type TensorModule } from '../module.js';

export interface MaxPoolLayerOptions extends Omit<PoolOptions, 'kernelSize'> {
  readonly dilation?: PoolOptions['kernelSize'];
}

abstract class MaxPoolNd extends Module implements TensorModule {
  constructor(
    private readonly fn: typeof maxPool2d,
    readonly kernelSize: PoolOptions['kernelSize'],
    readonly options: MaxPoolLayerOptions,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.fn(x, { ...this.options, kernelSize: this.kernelSize, returnIndices: false });
  }
}

export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: PoolOptions['kernelSize'], options: MaxPoolLayerOptions = {}) {
    super(maxPool1d, kernelSize, options);
  }
}

export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: PoolOptions['kernelSize'], options: MaxPoolLayerOptions = {}) {
    super(maxPool2d, kernelSize, options);
  }
}

export class MaxPool3d extends MaxPoolNd {
  constructor(kernelSize: PoolOptions['kernelSize'], options: MaxPoolLayerOptions = {}) {
    super(maxPool3d, kernelSize, options);
  }
}

abstract class AvgPoolNd extends Module implements TensorModule {
  constructor(
    private readonly fn: typeof avgPool2d,
    readonly kernelSize: PoolOptions['kernelSize'],
    readonly options: Omit<AvgPoolOptions, 'kernelSize'>,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.fn(x, { ...this.options, kernelSize: this.kernelSize });
  }
}

export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: PoolOptions['kernelSize'], options: Omit<AvgPoolOptions, 'kernelSize'> = {}) {
    super(avgPool1d, kernelSize, options);
  }
}

export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: PoolOptions['kernelSize'], options: Omit<AvgPoolOptions, 'kernelSize'> = {}) {
    super(avgPool2d, kernelSize, options);
  }
}

export class AvgPool3d extends AvgPoolNd {
  constructor(kernelSize: PoolOptions['kernelSize'], options: Omit<AvgPoolOptions, 'kernelSize'> = {}) {
    super(avgPool3d, kernelSize, options);
  }
}

export class AdaptiveAvgPool2d extends Module implements TensorModule {
  constructor(readonly outputSize: AdaptiveOutputSize) {
    super();
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
}

export class AdaptiveMaxPool2d extends Module implements TensorModule {
  constructor(readonly outputSize: AdaptiveOutputSize) {
    super();
  }

  forward(x: Tensor): Tensor {
    return adaptiveMaxPool2d(x, this.outputSize);
  }
}

/** nn.Upsample: interpolate with fixed options (default mode 'nearest'). */
export class Upsample extends Module implements TensorModule {
  constructor(readonly options: InterpolateOptions) {
    super();
  }

  forward(x: Tensor): Tensor {
    return interpolate(x, this.options);
  }
}

export class PixelShuffle extends Module implements TensorModule {
  constructor(readonly upscaleFactor: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    return pixelShuffle(x, this.upscaleFactor);
  }
}

export class PixelUnshuffle extends Module implements TensorModule {
  constructor(readonly downscaleFactor: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    return pixelUnshuffle(x, this.downscaleFactor);
  }
}

export class Flatten extends Module implements TensorModule {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
}
