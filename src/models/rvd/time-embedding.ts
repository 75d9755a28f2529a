// The denoiser's diffusion-step conditioning (RVD unet.py / network_components.py at 309fbe0): SinusoidalPosEmb(dim)
// -> Linear(dim -> 4 dim) -> GELU (erf) -> Linear(4 dim -> dim), held as the reference's Sequential (keys
// time_mlp.1.* and time_mlp.3.*).

import type { Tensor } from '../../tensor/tensor.js';
import { tensor } from '../../tensor/creation.js';
import { cat } from '../../ops/cat.js';
import { formatShape } from '../../tensor/shape.js';
import { Sequential } from '../../nn/containers.js';
import { Module, type TensorModule } from '../../nn/module.js';
import { Linear } from '../../nn/layers/linear.js';
import { GELU } from '../../nn/layers/activation.js';

/**
 * [sin(n f_0..f_{h-1}), cos(n f_0..f_{h-1})], h = dim / 2, f_i = exp(-ln(10000) i / (h - 1)), for the steps n [B]
 * (int32 or float). The frequencies are computed in float64 and cast to `dtype`; the reference computes them in
 * torch's default dtype, so a float32 model may differ from it by an ulp of each frequency.
 */
export function sinusoidalPosEmb(n: Tensor, dim: number, dtype: Tensor['dtype']): Tensor {
  if (n.rank !== 1) throw new Error(`sinusoidalPosEmb: steps must be [B], got ${formatShape(n.shape)}`);
  const half = Math.floor(dim / 2);
  const scale = Math.log(10000) / (half - 1);
  const freqs = tensor(Float64Array.from({ length: half }, (_, i) => Math.exp(-scale * i)), { shape: [1, half], dtype, backend: n.backend });
  const args = n.to(dtype).reshape([n.shape[0], 1]).mul(freqs);
  return cat([args.sin(), args.cos()], 1);
}

/** SinusoidalPosEmb(dim) as a module: steps [B] -> [B, dim] in the dtype `dtypeOf` reports (the next Linear's). */
export class SinusoidalPosEmb extends Module implements TensorModule {
  constructor(readonly dim: number, private readonly dtypeOf: () => Tensor['dtype']) {
    super();
    if (!Number.isInteger(dim) || dim < 4 || dim % 2 !== 0) throw new Error(`SinusoidalPosEmb: dim must be an even integer >= 4, got ${dim}`);
  }

  forward(n: Tensor): Tensor {
    return sinusoidalPosEmb(n, this.dim, this.dtypeOf());
  }
}

/** time_mlp: steps [B] -> the time embedding [B, dim]. */
export function timeMlp(dim: number): Sequential {
  const first = new Linear(dim, dim * 4);
  return new Sequential(new SinusoidalPosEmb(dim, () => first.weight.dtype), first, new GELU(), new Linear(dim * 4, dim));
}
