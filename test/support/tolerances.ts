// Named tolerances, defined once and cited by every comparison in the suite.

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export const TOL = {
  /** Analytic float64 gradients vs central finite differences (eps 1e-6) on cpu. */
  finiteDifference64: { rtol: 1e-5, atol: 1e-7 },
  /** A float32 computation vs the float64 reference, elementwise ops and small reductions. */
  float32VsFloat64: { rtol: 1e-4, atol: 1e-5 },
  /** The webgpu backend (float32) vs the cpu float64 reference, forward and backward. */
  webgpuVsFloat64: { rtol: 2e-4, atol: 2e-5 },
  /** One webgpu kernel (float32) vs a float64 JS reference: elementwise ops and reductions. */
  webgpuKernel: { rtol: 1e-5, atol: 1e-6 },
  /**
   * webgpu scatterAdd / indexAdd (float32 atomic adds, in any order) vs the cpu float64 kernel: hundreds of
   * float32 terms accumulate into each repeated target.
   */
  webgpuAtomicSum: { rtol: 1e-4, atol: 1e-4 },
  /** The cpu SIMD GEMM (float32) vs a float64 reference: K float32 products accumulate. */
  float32Gemm: { rtol: 1e-4, atol: 1e-4 },
  /** One webgpu matmul vs a float64 reference: K float32 products accumulate. */
  webgpuMatmul: { rtol: 1e-4, atol: 1e-4 },
  /** A float64 kernel vs a float64 composite of other kernels summing the same products in another order. */
  reorderedSum64: { rtol: 1e-10, atol: 1e-12 },
  /**
   * A webgpu convolution kernel (float32) vs a float64 reference: each depthwise filter-gradient element sums up to
   * a few thousand float32 products (batch x output positions).
   */
  webgpuConvReduction: { rtol: 1e-4, atol: 1e-4 },
  /** Exact results (integer ops, copies, hand-worked values representable in binary). */
  exact: { rtol: 0, atol: 0 },
  /** Hand-worked decimal values printed to 4 significant digits, as pinned cases are written. */
  handWorked: { rtol: 1e-4, atol: 1e-6 },
  /** cpu float64 vs PyTorch float64 fixtures: the same maths summed in a different order. */
  torchFixture64: { rtol: 1e-9, atol: 1e-11 },
  /** An optimizer's 20-step trajectory on webgpu (float32) vs PyTorch's float64 one: rounding compounds over steps. */
  optimWebgpuFloat32: { rtol: 1e-4, atol: 1e-5 },
  /** float64 optimizer steps vs the same update rule worked by hand in JS numbers (other operation order). */
  handComputed64: { rtol: 1e-12, atol: 1e-15 },
  /**
   * A whole model on cpu in float64 vs its PyTorch float64 fixture, values and gradients of size 1-20. Models that
   * compute some constants in float32 as PyTorch does (IAM4VP's sinusoid frequencies) differ from torch by an ulp
   * there (torch's float32 exp is not correctly rounded), which moves results by ~1e-6 of each tensor's scale.
   */
  torchModel64: { rtol: 1e-4, atol: 5e-5 },
  /** A whole model on webgpu in float32 vs its PyTorch float64 fixture (as torchModel64, plus float32 rounding). */
  torchModelWebgpu: { rtol: 1e-4, atol: 2e-4 },
  /** float64 results pinned to 16-digit published values (erf, gelu, expm1/log1p near 0): a few ulps. */
  float64Published: { rtol: 1e-13, atol: 0 },
  /** A straight-through value x + (q - x) vs q in float64: the rounding of one subtraction and one addition. */
  straightThrough64: { rtol: 1e-12, atol: 1e-15 },
  /** Mean and std of 200k seeded random draws vs the distribution's (at least ~3 standard errors). */
  sampleMoments: { rtol: 1e-2, atol: 1e-2 },
  /** A float64 metric (SSIM through separable convolutions) vs its definition looped directly in JS (other summation order). */
  metricFloat64: { rtol: 1e-10, atol: 1e-12 },
  /** A metric averaged on webgpu (float32) vs cpu float64: SSIM's E[x^2] - mean^2 cancels a few float32 digits. */
  webgpuMetric: { rtol: 1e-4, atol: 1e-5 },
  /** A float64 result that is exactly 0 in exact arithmetic (1 - ssim(x, x), the bands of a constant): rounding residue only. */
  float64ZeroResidue: { rtol: 0, atol: 1e-13 },
  /**
   * A whole Keras model in tfjs-layers (float32) vs the same weights in framegrad on cpu (float32): recurrences over a
   * few steps and 40-128-channel convolutions summed in other orders; outputs are sigmoid probabilities.
   */
  kerasTfjsModel: { rtol: 1e-4, atol: 1e-5 },
  /**
   * A diffusion sampler in float64 fed the true noise of a target, over a schedule stored in float32 (RVD's buffers):
   * the last step rebuilds x0 from buffers rounded one by one, which agree to ~1e-9 there (observed 4e-10).
   */
  diffusionOracle64: { rtol: 1e-8, atol: 1e-8 },
  /**
   * Two samplers equal in exact arithmetic but reading different float32 buffers (posterior coefficients and log
   * variance vs abar), float64 over 20 steps: the buffers' roundings differ by ~1e-7 (observed 5e-7 at scale 2).
   */
  samplerEquivalence64: { rtol: 1e-5, atol: 5e-6 },
} as const satisfies Record<string, Tolerance>;

/** Index and values of the first element where |a - b| > atol + rtol |b|, or null when all agree. */
export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): { index: number; actual: number; expected: number } | null {
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    if (!(Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e))) return { index: i, actual: a, expected: e };
  }
  return null;
}

/** Throws an AssertionError-style message naming what was compared. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} != expected ${expected.length}`);
  const bad = firstMismatch(actual, expected, tol);
  if (bad) {
    throw new Error(`${what}: element ${bad.index} is ${bad.actual}, expected ${bad.expected} (rtol ${tol.rtol}, atol ${tol.atol})`);
  }
}
