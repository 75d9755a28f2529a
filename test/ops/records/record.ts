// One record per op (PyTorch's OpInfo idea): its name, how to draw valid random cases, and its tolerances.
// The gradcheck and webgpu-parity suites iterate over every record, so adding an op adds its tests.

import type fc from 'fast-check';
import type { Tensor } from '../../../src/index.js';
import type { CaseInput } from '../../support/cross-backend.js';
import type { Tolerance } from '../../support/tolerances.js';

/** A drawn case: concrete inputs and the function applied to them (parameters already bound). */
export interface OpCase {
  readonly inputs: readonly CaseInput[];
  readonly fn: (...xs: Tensor[]) => Tensor;
}

export interface OpRecord {
  readonly name: string;
  readonly cases: fc.Arbitrary<OpCase>;
  /** Runs of the float64 gradcheck property (default 25). */
  readonly gradRuns?: number;
  /** Runs of the webgpu parity property (default 6; lavapipe is slow). */
  readonly webgpuRuns?: number;
  /** Overrides TOL.finiteDifference64 (e.g. ops with large second derivatives). */
  readonly gradTolerance?: Tolerance;
  /** Overrides TOL.webgpuVsFloat64 (e.g. long float32 reductions). */
  readonly webgpuTolerance?: Tolerance;
  /** Ops with integer outputs (argmax, comparisons) have no gradient to check. */
  readonly differentiable?: boolean;
}
