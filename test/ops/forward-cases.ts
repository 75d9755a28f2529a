// Hand-worked forward values for every op family, as a table the cpu suite (forward-values.test.ts) runs in
// float64 and float32 and the webgpu suite (forward-values-webgpu.test.ts) runs, for the cases marked `webgpu`,
// in float32. Expected values are worked by hand or are PyTorch's published outputs (cited where used).

import assert from 'node:assert/strict';
import * as fg from '../../src/index.js';
import type { BackendName, NestedArray, Tensor } from '../../src/index.js';
import { TOL, type Tolerance, assertClose } from '../support/tolerances.js';

export type FloatType = 'float32' | 'float64';

/** Builds the inputs of a case on one backend, with floats in one dtype. */
export interface Make {
  readonly backend: BackendName;
  readonly dtype: FloatType;
  /** A float tensor (of this run's float dtype). */
  f(values: NestedArray): Tensor;
  /** An int32 tensor (indices, integer arithmetic). */
  i(values: NestedArray): Tensor;
}

export function maker(backend: BackendName, dtype: FloatType): Make {
  return {
    backend,
    dtype,
    f: (values) => fg.tensor(values, { dtype, backend }),
    i: (values) => fg.tensor(values, { dtype: 'int32', backend }),
  };
}

export interface Expected {
  readonly shape: readonly number[];
  readonly values: readonly number[];
  /** 'float' (default) is the run's float dtype. */
  readonly dtype: 'float' | 'int32';
}

export interface ForwardCase {
  readonly name: string;
  readonly run: (m: Make) => Tensor | readonly Tensor[];
  readonly expect: Expected | readonly Expected[];
  /** Values are exactly representable and the op is exact (copies, integer arithmetic): compared with TOL.exact. */
  readonly exact?: boolean;
  /** Pinned to 16-digit published values: float64 runs compare with TOL.float64Published. */
  readonly published?: boolean;
  /** Part of the representative subset that also runs on webgpu. */
  readonly webgpu?: boolean;
}

const e = (shape: readonly number[], values: readonly number[], dtype: 'float' | 'int32' = 'float'): Expected => ({ shape, values, dtype });

const { PI, E } = Math;
const LN2 = Math.LN2;

export const FAMILIES: Readonly<Record<string, readonly ForwardCase[]>> = {
  unary: [
    { name: 'neg', run: (m) => m.f([1, -2, 0.5]).neg(), expect: e([3], [-1, 2, -0.5]), exact: true, webgpu: true },
    { name: 'neg int32', run: (m) => m.i([1, -2, 0]).neg(), expect: e([3], [-1, 2, 0], 'int32'), exact: true },
    { name: 'abs', run: (m) => m.f([-1.5, 0, 2]).abs(), expect: e([3], [1.5, 0, 2]), exact: true, webgpu: true },
    { name: 'sign incl. sign(0) = 0', run: (m) => m.f([-3, 0, 2.5, -0.25]).sign(), expect: e([4], [-1, 0, 1, -1]), exact: true, webgpu: true },
    { name: 'exp', run: (m) => m.f([0, 1, -1, 2]).exp(), expect: e([4], [1, E, 1 / E, E * E]), webgpu: true },
    { name: 'expm1 (accurate near 0)', run: (m) => m.f([0, 1e-10, 1]).expm1(), expect: e([3], [0, 1.00000000005e-10, 1.718281828459045]), published: true },
    { name: 'log incl. log(0) = -inf', run: (m) => m.f([1, E, 0.5, 0]).log(), expect: e([4], [0, 1, -LN2, -Infinity]), webgpu: true },
    { name: 'log1p (accurate near 0)', run: (m) => m.f([0, 1e-10, E - 1]).log1p(), expect: e([3], [0, 9.9999999995e-11, 1]), published: true },
    { name: 'sqrt', run: (m) => m.f([0, 4, 2, 0.25]).sqrt(), expect: e([4], [0, 2, Math.SQRT2, 0.5]), webgpu: true },
    { name: 'rsqrt', run: (m) => m.f([4, 0.25, 2]).rsqrt(), expect: e([3], [0.5, 2, Math.SQRT1_2]), webgpu: true },
    { name: 'reciprocal', run: (m) => m.f([2, -4, 0.5]).reciprocal(), expect: e([3], [0.5, -0.25, 2]), webgpu: true },
    { name: 'sin', run: (m) => m.f([0, PI / 2, PI / 6, -PI / 2]).sin(), expect: e([4], [0, 1, 0.5, -1]), webgpu: true },
    { name: 'cos', run: (m) => m.f([0, PI, PI / 3]).cos(), expect: e([3], [1, -1, 0.5]), webgpu: true },
    { name: 'tanh', run: (m) => m.f([0, 1, -2, 30]).tanh(), expect: e([4], [0, 0.7615941559557649, -0.9640275800758169, 1]), webgpu: true },
    {
      name: 'sigmoid incl. large |x| without overflow',
      run: (m) => m.f([0, 2, -2, 100, -100, 1000, -1000]).sigmoid(),
      expect: e([7], [0.5, 0.8807970779778823, 0.11920292202211755, 1, 3.7200759760208356e-44, 1, 0]),
      webgpu: true,
    },
    { name: 'relu', run: (m) => m.f([-1, 0, 2.5]).relu(), expect: e([3], [0, 0, 2.5]), exact: true, webgpu: true },
    {
      name: 'erf at known points',
      run: (m) => m.f([0, 0.5, 1, 2, -1]).erf(),
      expect: e([5], [0, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, -0.8427007929497149]),
      published: true,
      webgpu: true,
    },
    { name: 'floor', run: (m) => m.f([-1.5, -0.5, 0, 0.5, 2.75]).floor(), expect: e([5], [-2, -1, 0, 0, 2]), exact: true, webgpu: true },
    {
      name: 'round half to even',
      run: (m) => m.f([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.25, 2.75]).round(),
      expect: e([8], [0, 2, 2, -0, -2, -2, 0, 3]),
      exact: true,
      webgpu: true,
    },
    { name: 'clamp min only', run: (m) => m.f([-2, 0, 3]).clamp(-1), expect: e([3], [-1, 0, 3]), exact: true, webgpu: true },
    { name: 'clamp max only', run: (m) => m.f([-2, 0, 3]).clamp(undefined, 1), expect: e([3], [-2, 0, 1]), exact: true, webgpu: true },
    { name: 'clamp both', run: (m) => m.f([-2, 0.5, 3]).clamp(-1, 1), expect: e([3], [-1, 0.5, 1]), exact: true, webgpu: true },
    { name: 'square', run: (m) => m.f([1, -2, 0.5]).square(), expect: e([3], [1, 4, 0.25]), exact: true },
    { name: 'pow scalar exponents', run: (m) => fg.stack([m.f([4, 9]).pow(0.5), m.f([-2, 3]).pow(3), m.f([-2, 4]).pow(-2)]), expect: e([3, 2], [2, 3, -8, 27, 0.25, 0.0625]), webgpu: true },
  ],

  binary: [
    {
      name: 'add [2,3] + [3]',
      run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).add(m.f([10, 20, 30])),
      expect: e([2, 3], [11, 22, 33, 14, 25, 36]),
      exact: true,
      webgpu: true,
    },
    {
      name: 'mul [2,1] * [1,3]',
      run: (m) => m.f([[1], [2]]).mul(m.f([[3, 4, 5]])),
      expect: e([2, 3], [3, 4, 5, 6, 8, 10]),
      exact: true,
      webgpu: true,
    },
    { name: 'sub with a scalar on either side', run: (m) => fg.stack([m.f([1, 2]).sub(1), fg.sub(10, m.f([1, 2]))]), expect: e([2, 2], [0, 1, 9, 8]), exact: true, webgpu: true },
    { name: 'sub broadcast to rank 3', run: (m) => m.f([[[1, 2]], [[3, 4]]]).sub(m.f([[1], [2]])), expect: e([2, 2, 2], [0, 1, -1, 0, 2, 3, 1, 2]), exact: true },
    { name: 'div with broadcasting and a scalar numerator', run: (m) => fg.stack([m.f([1, 2, 3]).div(m.f([2])), fg.div(3, m.f([2, 4, -6]))]), expect: e([2, 3], [0.5, 1, 1.5, 1.5, 0.75, -0.5]), webgpu: true },
    { name: 'div 0-d by [2]', run: (m) => m.f(1).div(m.f([4, 8])), expect: e([2], [0.25, 0.125]), exact: true },
    {
      name: 'pow with negative base and integer exponent',
      run: (m) => m.f([-2, -3, 2, -2]).pow(m.f([3, 2, -1, -2])),
      expect: e([4], [-8, 9, 0.5, 0.25]),
      webgpu: true,
    },
    { name: 'pow [2,1] ** [2] broadcast', run: (m) => m.f([[2], [3]]).pow(m.f([1, 2])), expect: e([2, 2], [2, 4, 3, 9]) },
    { name: 'maximum broadcast', run: (m) => m.f([1, 5, 3]).maximum(m.f([[2], [4]])), expect: e([2, 3], [2, 5, 3, 4, 5, 4]), exact: true, webgpu: true },
    { name: 'minimum broadcast', run: (m) => m.f([1, 5, 3]).minimum(m.f([[2], [4]])), expect: e([2, 3], [1, 2, 2, 1, 4, 3]), exact: true, webgpu: true },
    { name: 'maximum with a scalar', run: (m) => m.f([-1, 0, 2]).maximum(0.5), expect: e([3], [0.5, 0.5, 2]), exact: true },
    { name: 'int32 add and mul', run: (m) => fg.stack([m.i([1, 2]).add(m.i([3, 4])), m.i([1, -2]).mul(3)]), expect: e([2, 2], [4, 6, 3, -6], 'int32'), exact: true, webgpu: true },
  ],

  compare: [
    {
      name: 'eq ne lt le gt ge give 1/0',
      run: (m) => {
        const a = m.f([1, 2, 3]);
        const b = m.f([3, 2, 1]);
        return fg.stack([a.eq(b), a.ne(b), a.lt(b), a.le(b), a.gt(b), a.ge(b)]);
      },
      expect: e([6, 3], [0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1]),
      exact: true,
      webgpu: true,
    },
    { name: 'gt with broadcasting', run: (m) => m.f([[1], [2]]).gt(m.f([1, 2, 3])), expect: e([2, 3], [0, 0, 0, 1, 0, 0]), exact: true, webgpu: true },
    { name: 'ge with a scalar', run: (m) => m.f([1, 2, 3]).ge(2), expect: e([3], [0, 1, 1]), exact: true },
    { name: 'int32 comparison stays int32', run: (m) => m.i([1, 5]).lt(m.i([2, 2])), expect: e([2], [1, 0], 'int32'), exact: true },
  ],

  where: [
    {
      name: 'where with condition [3], a [2,1], scalar b',
      run: (m) => fg.where(m.f([1, 0, 1]), m.f([[1], [2]]), -1),
      expect: e([2, 3], [1, -1, 1, 2, -1, 2]),
      exact: true,
      webgpu: true,
    },
    {
      name: 'where with condition [2,1], scalar a, b [3]',
      run: (m) => fg.where(m.f([[0], [1]]), 7, m.f([1, 2, 3])),
      expect: e([2, 3], [1, 2, 3, 7, 7, 7]),
      exact: true,
    },
    { name: 'where with an int32 condition', run: (m) => fg.where(m.i([0, 2, -1]), m.f([1, 2, 3]), m.f([4, 5, 6])), expect: e([3], [4, 2, 3]), exact: true },
  ],

  activations: [
    { name: 'leakyRelu default slope 0.01', run: (m) => fg.leakyRelu(m.f([-2, 0, 3])), expect: e([3], [-0.02, 0, 3]), webgpu: true },
    { name: 'leakyRelu slope 0.2', run: (m) => fg.leakyRelu(m.f([-2, 0, 3]), 0.2), expect: e([3], [-0.4, 0, 3]) },
    {
      name: 'prelu per channel',
      run: (m) => fg.prelu(m.f([[[-1, 2], [-3, 4]], [[-2, -2], [5, -6]]]), m.f([0.1, 0.5])),
      expect: e([2, 2, 2], [-0.1, 2, -1.5, 4, -0.2, -0.2, 5, -3]),
      webgpu: true,
    },
    { name: 'prelu one slope', run: (m) => fg.prelu(m.f([[-1, 2], [-4, 0]]), m.f([0.25])), expect: e([2, 2], [-0.25, 2, -1, 0]) },
    { name: 'elu alpha 1', run: (m) => fg.elu(m.f([-1, 0, 2, -1000])), expect: e([4], [-0.6321205588285577, 0, 2, -1]), webgpu: true },
    { name: 'elu alpha 2', run: (m) => fg.elu(m.f([-1, 3]), 2), expect: e([2], [-1.2642411176571153, 3]) },
    { name: 'relu6', run: (m) => fg.relu6(m.f([-1, 3, 7])), expect: e([3], [0, 3, 6]), exact: true },
    {
      // torch.nn.functional.gelu(torch.tensor([-1., 0., 1., 2.], dtype=torch.float64))
      name: 'gelu exact (PyTorch values)',
      run: (m) => fg.gelu(m.f([-1, 0, 1, 2])),
      expect: e([4], [-0.15865525393145707, 0, 0.8413447460685429, 1.9544997361036416]),
      published: true,
      webgpu: true,
    },
    {
      // torch.nn.functional.gelu(x, approximate='tanh')
      name: 'gelu tanh approximation (PyTorch values)',
      run: (m) => fg.gelu(m.f([-1, 0, 1, 2]), { approximate: 'tanh' }),
      expect: e([4], [-0.1588080093917233, 0, 0.8411919906082768, 1.954597694087775]),
      published: true,
      webgpu: true,
    },
    {
      name: 'hardSigmoid (PyTorch: relu6(x + 3) / 6)',
      run: (m) => fg.hardSigmoid(m.f([-4, -3, 0, 1, 3, 4])),
      expect: e([6], [0, 0, 0.5, 4 / 6, 1, 1]),
      webgpu: true,
    },
    {
      name: 'hardSigmoidKeras (clip(0.2 x + 0.5, 0, 1)) differs from PyTorch at x = 1',
      run: (m) => fg.hardSigmoidKeras(m.f([-3, -2.5, 0, 1, 2.5, 3])),
      expect: e([6], [0, 0, 0.5, 0.7, 1, 1]),
      webgpu: true,
    },
    { name: 'silu', run: (m) => fg.silu(m.f([0, 1, -1])), expect: e([3], [0, 0.7310585786300049, -0.2689414213699951]), webgpu: true },
    {
      name: 'softplus default (linear above 20)',
      run: (m) => fg.softplus(m.f([0, 1, -1, 25])),
      expect: e([4], [LN2, 1.3132616875182228, 0.31326168751822286, 25]),
      webgpu: true,
    },
    {
      // beta x = 2 > threshold 1 takes the linear branch (2, not the smooth 2.1269...); beta x = 2 with threshold 20 does not.
      name: 'softplus beta and threshold',
      run: (m) => fg.stack([fg.softplus(m.f([2, 0.5]), { threshold: 1 }), fg.softplus(m.f([1, 11]), { beta: 2 })]),
      expect: e([2, 2], [2, 0.9740769841801067, 1.0634640055214863, 11]),
    },
  ],

  reductions: [
    { name: 'sum all dims', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).sum(), expect: e([], [21]), exact: true, webgpu: true },
    { name: 'sum dim 0', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).sum({ dim: 0 }), expect: e([3], [5, 7, 9]), exact: true, webgpu: true },
    { name: 'sum dim -1 keepdim', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).sum({ dim: -1, keepdim: true }), expect: e([2, 1], [6, 15]), exact: true, webgpu: true },
    { name: 'sum dims [0, 1] keepdim', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).sum({ dim: [0, 1], keepdim: true }), expect: e([1, 1], [21]), exact: true },
    {
      name: 'sum dims [0, -1] of [2,2,2]',
      run: (m) => m.f([[[0, 1], [2, 3]], [[4, 5], [6, 7]]]).sum({ dim: [0, -1] }),
      expect: e([2], [10, 18]),
      exact: true,
      webgpu: true,
    },
    {
      name: 'sum dims [0, 2] keepdim of [2,2,2]',
      run: (m) => m.f([[[0, 1], [2, 3]], [[4, 5], [6, 7]]]).sum({ dim: [0, 2], keepdim: true }),
      expect: e([1, 2, 1], [10, 18]),
      exact: true,
    },
    { name: 'sum int32 stays int32', run: (m) => m.i([[1, 2], [3, 4]]).sum({ dim: 1 }), expect: e([2], [3, 7], 'int32'), exact: true },
    { name: 'mean all dims', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).mean(), expect: e([], [3.5]), webgpu: true },
    { name: 'mean dim 0', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).mean({ dim: 0 }), expect: e([3], [2.5, 3.5, 4.5]) },
    { name: 'mean dim -1 keepdim', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).mean({ dim: -1, keepdim: true }), expect: e([2, 1], [2, 5]), webgpu: true },
    { name: 'max dim 1', run: (m) => m.f([[1, 5, 3], [4, 2, 6]]).max({ dim: 1 }), expect: e([2], [5, 6]), exact: true, webgpu: true },
    { name: 'max dim 0', run: (m) => m.f([[1, 5, 3], [4, 2, 6]]).max({ dim: 0 }), expect: e([3], [4, 5, 6]), exact: true },
    { name: 'max all dims', run: (m) => m.f([[1, 5, 3], [4, 2, 6]]).max(), expect: e([], [6]), exact: true },
    { name: 'min all dims', run: (m) => m.f([[1, 5, 3], [4, 2, 6]]).min(), expect: e([], [1]), exact: true, webgpu: true },
    { name: 'min dim -1 keepdim', run: (m) => m.f([[1, 5, 3], [4, 2, 6]]).min({ dim: -1, keepdim: true }), expect: e([2, 1], [1, 2]), exact: true },
    { name: 'max of negative values', run: (m) => m.f([[-3, -1], [-2, -5]]).max({ dim: 1 }), expect: e([2], [-1, -2]), exact: true },
    { name: 'var correction 1 (default)', run: (m) => m.f([1, 2, 3, 4]).var(), expect: e([], [5 / 3]), webgpu: true },
    { name: 'var correction 0', run: (m) => m.f([1, 2, 3, 4]).var({ correction: 0 }), expect: e([], [1.25]), webgpu: true },
    { name: 'std correction 1', run: (m) => m.f([1, 2, 3, 4]).std({ correction: 1 }), expect: e([], [1.2909944487358056]) },
    { name: 'std correction 0', run: (m) => m.f([1, 2, 3, 4]).std({ correction: 0 }), expect: e([], [1.118033988749895]) },
    { name: 'var dim 1 correction 1', run: (m) => m.f([[1, 2, 3], [4, 6, 8]]).var({ dim: 1 }), expect: e([2], [1, 4]) },
    { name: 'var dim 1 keepdim correction 0', run: (m) => m.f([[1, 2, 3], [4, 6, 8]]).var({ dim: 1, correction: 0, keepdim: true }), expect: e([2, 1], [2 / 3, 8 / 3]) },
    {
      name: 'argmax ties give the first index',
      run: (m) => m.f([[1, 3, 3], [2, 2, 1]]).argmax({ dim: 1 }),
      expect: e([2], [1, 0], 'int32'),
      exact: true,
      webgpu: true,
    },
    {
      name: 'argmin ties give the first index',
      run: (m) => m.f([[1, 3, 3], [2, 2, 1], [0, 4, 0]]).argmin({ dim: 1 }),
      expect: e([3], [0, 2, 0], 'int32'),
      exact: true,
      webgpu: true,
    },
    { name: 'argmin dim 0 keepdim', run: (m) => m.f([[1, 3, 3], [2, 2, 1]]).argmin({ dim: 0, keepdim: true }), expect: e([1, 3], [0, 1, 1], 'int32'), exact: true },
    { name: 'argmax over all elements (flattened)', run: (m) => m.f([[3, 1], [3, 2]]).argmax(), expect: e([], [0], 'int32'), exact: true },
    { name: 'argmax of a column vector dim 0', run: (m) => m.f([[1], [4], [4]]).argmax({ dim: 0 }), expect: e([1], [1], 'int32'), exact: true },
    {
      name: 'logsumexp incl. an all -inf row and large values',
      run: (m) => m.f([[0, 0], [-Infinity, -Infinity], [1000, 1000], [1, 2]]).logsumexp(1),
      expect: e([4], [LN2, -Infinity, 1000 + LN2, 2.313261687518223]),
      webgpu: true,
    },
    { name: 'logsumexp dim 0 keepdim', run: (m) => m.f([[0, -1000], [0, 1]]).logsumexp(0, true), expect: e([1, 2], [LN2, 1]) },
    {
      name: 'softmax rows',
      run: (m) => m.f([[1, 2, 3], [0, 0, 0], [1000, 1001, -Infinity]]).softmax(1),
      expect: e([3, 3], [0.09003057317038046, 0.24472847105479764, 0.6652409557748218, 1 / 3, 1 / 3, 1 / 3, 0.2689414213699951, 0.7310585786300049, 0]),
      webgpu: true,
    },
    { name: 'softmax dim 0', run: (m) => m.f([[0, 5], [0, 5]]).softmax(0), expect: e([2, 2], [0.5, 0.5, 0.5, 0.5]) },
    {
      name: 'logSoftmax',
      run: (m) => m.f([[1, 2, 3], [1000, 1000, 1000]]).logSoftmax(-1),
      expect: e([2, 3], [-2.4076059644443806, -1.4076059644443804, -0.4076059644443804, -Math.log(3), -Math.log(3), -Math.log(3)]),
      webgpu: true,
    },
  ],

  matmul: [
    {
      name: '2x3 @ 3x2',
      run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).matmul(m.f([[7, 8], [9, 10], [11, 12]])),
      expect: e([2, 2], [58, 64, 139, 154]),
      exact: true,
      webgpu: true,
    },
    { name: '1-d @ 2-d', run: (m) => m.f([1, 2, 3]).matmul(m.f([[7, 8], [9, 10], [11, 12]])), expect: e([2], [58, 64]), exact: true, webgpu: true },
    { name: '2-d @ 1-d', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).matmul(m.f([1, 0, -1])), expect: e([2], [-2, -2]), exact: true, webgpu: true },
    { name: '1-d @ 1-d gives 0-d', run: (m) => m.f([1, 2, 3]).matmul(m.f([4, 5, 6])), expect: e([], [32]), exact: true, webgpu: true },
    {
      // a = arange(12).reshape(2,1,2,3), b = arange(18).reshape(3,3,2): out[i,j] = a[i,0] @ b[j].
      name: 'batched [2,1,2,3] @ [3,3,2] broadcasts batch dims',
      run: (m) => m.f(nest([2, 1, 2, 3], 0)).matmul(m.f(nest([3, 3, 2], 0))),
      expect: e([2, 3, 2, 2], [10, 13, 28, 40, 28, 31, 100, 112, 46, 49, 172, 184, 46, 67, 64, 94, 172, 193, 244, 274, 298, 319, 424, 454]),
      exact: true,
      webgpu: true,
    },
    {
      name: '2-d @ batched 3-d',
      run: (m) => m.f([[1, 0], [0, 2]]).matmul(m.f([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])),
      expect: e([2, 2, 2], [1, 2, 6, 8, 5, 6, 14, 16]),
      exact: true,
    },
    { name: 'bmm with transpose flags', run: (m) => fg.bmm(m.f([[[1, 2], [3, 4]]]), m.f([[[1, 0], [1, 1]]]), true, true), expect: e([1, 2, 2], [1, 4, 2, 6]), exact: true },
  ],

  shape: [
    { name: 'reshape with -1', run: (m) => m.f(nest([6], 0)).reshape(2, -1), expect: e([2, 3], [0, 1, 2, 3, 4, 5]), exact: true, webgpu: true },
    { name: 'reshape to 0-d', run: (m) => m.f([[5]]).reshape([]), expect: e([], [5]), exact: true },
    { name: 'view', run: (m) => m.f([[0, 1, 2], [3, 4, 5]]).view([3, 2]), expect: e([3, 2], [0, 1, 2, 3, 4, 5]), exact: true },
    { name: 'flatten(1)', run: (m) => m.f(nest([2, 3, 4], 0)).flatten(1), expect: e([2, 12], range(24)), exact: true },
    { name: 'flatten(0, 1)', run: (m) => m.f(nest([2, 3, 4], 0)).flatten(0, 1), expect: e([6, 4], range(24)), exact: true },
    { name: 'flatten() all', run: (m) => m.f(nest([2, 3, 4], 0)).flatten(), expect: e([24], range(24)), exact: true },
    { name: 'squeeze all', run: (m) => m.f([[[1], [2], [3]]]).squeeze(), expect: e([3], [1, 2, 3]), exact: true },
    { name: 'squeeze(0)', run: (m) => m.f([[[1], [2], [3]]]).squeeze(0), expect: e([3, 1], [1, 2, 3]), exact: true },
    { name: 'squeeze of a non-1 dim is a no-op', run: (m) => m.f([[[1], [2], [3]]]).squeeze(1), expect: e([1, 3, 1], [1, 2, 3]), exact: true },
    { name: 'squeeze(-1)', run: (m) => m.f([[[1], [2], [3]]]).squeeze(-1), expect: e([1, 3], [1, 2, 3]), exact: true },
    { name: 'unsqueeze(0) and (-1)', run: (m) => [m.f([1, 2, 3]).unsqueeze(0), m.f([1, 2, 3]).unsqueeze(-1)], expect: [e([1, 3], [1, 2, 3]), e([3, 1], [1, 2, 3])], exact: true },
    { name: 'permute(2, 0, 1)', run: (m) => m.f([[[0, 1, 2], [3, 4, 5]]]).permute(2, 0, 1), expect: e([3, 1, 2], [0, 3, 1, 4, 2, 5]), exact: true, webgpu: true },
    { name: 'permute with negative dims', run: (m) => m.f([[0, 1, 2], [3, 4, 5]]).permute([-1, 0]), expect: e([3, 2], [0, 3, 1, 4, 2, 5]), exact: true },
    { name: 'transpose(0, 1)', run: (m) => m.f([[0, 1, 2], [3, 4, 5]]).transpose(0, 1), expect: e([3, 2], [0, 3, 1, 4, 2, 5]), exact: true, webgpu: true },
    { name: 'transpose(-1, -3) of [2,3,4]', run: (m) => m.f(nest([2, 3, 4], 0)).transpose(-1, -3), expect: e([4, 3, 2], [0, 12, 4, 16, 8, 20, 1, 13, 5, 17, 9, 21, 2, 14, 6, 18, 10, 22, 3, 15, 7, 19, 11, 23]), exact: true },
    { name: 'T of 2-d', run: (m) => m.f([[0, 1, 2], [3, 4, 5]]).T, expect: e([3, 2], [0, 3, 1, 4, 2, 5]), exact: true },
    { name: 'T of 3-d reverses all dims', run: (m) => m.f(nest([2, 3, 4], 0)).T, expect: e([4, 3, 2], [0, 12, 4, 16, 8, 20, 1, 13, 5, 17, 9, 21, 2, 14, 6, 18, 10, 22, 3, 15, 7, 19, 11, 23]), exact: true },
    { name: 'expand [2,1] to [2,3]', run: (m) => m.f([[1], [2]]).expand(2, 3), expect: e([2, 3], [1, 1, 1, 2, 2, 2]), exact: true, webgpu: true },
    { name: 'expand [3] to [2,3] (new leading dim)', run: (m) => m.f([1, 2, 3]).expand([2, 3]), expect: e([2, 3], [1, 2, 3, 1, 2, 3]), exact: true },
    { name: 'expand with -1 keeps a dim', run: (m) => m.f([[1], [2]]).expand(2, -1, 2), expect: e([2, 2, 2], [1, 1, 2, 2, 1, 1, 2, 2]), exact: true },
    { name: 'broadcastTo', run: (m) => m.f(7).broadcastTo([2, 2]), expect: e([2, 2], [7, 7, 7, 7]), exact: true },
    { name: 'narrow(1, 1, 2)', run: (m) => m.f([[0, 1, 2], [3, 4, 5]]).narrow(1, 1, 2), expect: e([2, 2], [1, 2, 4, 5]), exact: true, webgpu: true },
    { name: 'narrow with a negative start', run: (m) => m.f([0, 1, 2, 3]).narrow(0, -2, 2), expect: e([2], [2, 3]), exact: true },
    { name: 'slice with step 3', run: (m) => m.f(range(10)).slice(0, 1, 8, 3), expect: e([3], [1, 4, 7]), exact: true, webgpu: true },
    { name: 'slice with a negative start', run: (m) => m.f(range(10)).slice(0, -3), expect: e([3], [7, 8, 9]), exact: true },
    { name: 'slice with negative start and end', run: (m) => m.f(range(10)).slice(0, -4, -1), expect: e([3], [6, 7, 8]), exact: true },
    { name: 'slice with out-of-range bounds clamps', run: (m) => m.f(range(4)).slice(0, -10, 10, 2), expect: e([2], [0, 2]), exact: true },
    { name: 'slice dim 1 with step 2', run: (m) => m.f([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]).slice(1, 0, undefined, 2), expect: e([2, 3], [0, 2, 4, 5, 7, 9]), exact: true },
    { name: 'slice to empty', run: (m) => m.f([1, 2, 3]).slice(0, 2, 1), expect: e([0], []), exact: true },
    { name: 'flip(1)', run: (m) => m.f([[0, 1, 2], [3, 4, 5]]).flip(1), expect: e([2, 3], [2, 1, 0, 5, 4, 3]), exact: true, webgpu: true },
    { name: 'flip([0, 1])', run: (m) => m.f([[0, 1, 2], [3, 4, 5]]).flip([0, -1]), expect: e([2, 3], [5, 4, 3, 2, 1, 0]), exact: true },
    { name: 'cat dim 0', run: (m) => fg.cat([m.f([[1, 2]]), m.f([[3, 4], [5, 6]])]), expect: e([3, 2], [1, 2, 3, 4, 5, 6]), exact: true, webgpu: true },
    { name: 'cat dim -1', run: (m) => fg.cat([m.f([[1], [2]]), m.f([[3, 4], [5, 6]]), m.f([[7], [8]])], -1), expect: e([2, 4], [1, 3, 4, 7, 2, 5, 6, 8]), exact: true, webgpu: true },
    { name: 'stack dim 0', run: (m) => fg.stack([m.f([1, 2]), m.f([3, 4])]), expect: e([2, 2], [1, 2, 3, 4]), exact: true },
    { name: 'stack dim 1', run: (m) => fg.stack([m.f([1, 2]), m.f([3, 4]), m.f([5, 6])], 1), expect: e([2, 3], [1, 3, 5, 2, 4, 6]), exact: true, webgpu: true },
    { name: 'stack dim -1 of 2-d', run: (m) => fg.stack([m.f([[1, 2]]), m.f([[3, 4]])], -1), expect: e([1, 2, 2], [1, 3, 2, 4]), exact: true },
    { name: 'split by size (last smaller)', run: (m) => m.f(range(5)).split(2), expect: [e([2], [0, 1]), e([2], [2, 3]), e([1], [4])], exact: true, webgpu: true },
    { name: 'split by sections', run: (m) => m.f(range(5)).split([1, 4]), expect: [e([1], [0]), e([4], [1, 2, 3, 4])], exact: true },
    { name: 'split dim 1', run: (m) => m.f([[0, 1, 2], [3, 4, 5]]).split([2, 1], 1), expect: [e([2, 2], [0, 1, 3, 4]), e([2, 1], [2, 5])], exact: true },
    { name: 'chunk 5 into 3', run: (m) => m.f(range(5)).chunk(3), expect: [e([2], [0, 1]), e([2], [2, 3]), e([1], [4])], exact: true },
    { name: 'chunk 6 into 4 gives 3 chunks (PyTorch)', run: (m) => m.f(range(6)).chunk(4), expect: [e([2], [0, 1]), e([2], [2, 3]), e([2], [4, 5])], exact: true },
    { name: 'pad constant last dim', run: (m) => m.f([[1, 2], [3, 4]]).pad([1, 1]), expect: e([2, 4], [0, 1, 2, 0, 0, 3, 4, 0]), exact: true, webgpu: true },
    { name: 'pad constant two dims with a value', run: (m) => m.f([[1, 2], [3, 4]]).pad([1, 0, 0, 1], 'constant', 9), expect: e([3, 3], [9, 1, 2, 9, 3, 4, 9, 9, 9]), exact: true },
    { name: 'pad constant negative amount crops', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).pad([-1, 1]), expect: e([2, 3], [2, 3, 0, 5, 6, 0]), exact: true, webgpu: true },
    { name: 'pad constant crop only', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).pad([0, 0, -1, 0]), expect: e([1, 3], [4, 5, 6]), exact: true },
    { name: 'pad reflect 1-d', run: (m) => m.f([[1, 2, 3, 4]]).pad([2, 1], 'reflect'), expect: e([1, 7], [3, 2, 1, 2, 3, 4, 3]), exact: true, webgpu: true },
    {
      name: 'pad reflect 2-d (PyTorch ReflectionPad2d(1))',
      run: (m) => m.f([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]).pad([1, 1, 1, 1], 'reflect'),
      expect: e([1, 5, 5], [5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 8, 7, 8, 9, 8, 5, 4, 5, 6, 5]),
      exact: true,
    },
    { name: 'pad replicate', run: (m) => m.f([[1, 2, 3, 4]]).pad([2, 1], 'replicate'), expect: e([1, 7], [1, 1, 1, 2, 3, 4, 4]), exact: true, webgpu: true },
    {
      name: 'pad replicate 2-d',
      run: (m) => m.f([[1, 2, 3], [4, 5, 6], [7, 8, 9]]).pad([2, 1], 'replicate'),
      expect: e([3, 6], [1, 1, 1, 2, 3, 3, 4, 4, 4, 5, 6, 6, 7, 7, 7, 8, 9, 9]),
      exact: true,
    },
    { name: 'pad circular', run: (m) => m.f([[1, 2, 3, 4]]).pad([2, 1], 'circular'), expect: e([1, 7], [3, 4, 1, 2, 3, 4, 1]), exact: true, webgpu: true },
    {
      name: 'pad circular 2-d',
      run: (m) => m.f([[1, 2, 3], [4, 5, 6], [7, 8, 9]]).pad([2, 1, 1, 0], 'circular'),
      expect: e([4, 6], [8, 9, 7, 8, 9, 7, 2, 3, 1, 2, 3, 1, 5, 6, 4, 5, 6, 4, 8, 9, 7, 8, 9, 7]),
      exact: true,
    },
    { name: 'indexSelect dim 1 with repeats', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).indexSelect(1, m.i([2, 0, 2])), expect: e([2, 3], [3, 1, 3, 6, 4, 6]), exact: true, webgpu: true },
    { name: 'indexSelect dim 0', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).indexSelect(0, m.i([1, 1])), expect: e([2, 3], [4, 5, 6, 4, 5, 6]), exact: true },
    { name: 'gather dim 1 (PyTorch docs example)', run: (m) => m.f([[1, 2], [3, 4]]).gather(1, m.i([[0, 0], [1, 0]])), expect: e([2, 2], [1, 1, 4, 3]), exact: true, webgpu: true },
    { name: 'gather dim 0 with a smaller index', run: (m) => m.f([[1, 2, 3], [4, 5, 6]]).gather(0, m.i([[1, 0]])), expect: e([1, 2], [4, 2]), exact: true },
    {
      name: 'scatterAdd with repeated indices accumulates',
      run: (m) => m.f([0, 0, 0]).scatterAdd(0, m.i([0, 1, 0, 2, 0]), m.f([1, 2, 3, 4, 5])),
      expect: e([3], [9, 2, 4]),
      exact: true,
      webgpu: true,
    },
    {
      name: 'scatterAdd dim 1',
      run: (m) => m.f([[1, 1, 1], [0, 0, 0]]).scatterAdd(1, m.i([[0, 0, 2], [1, 1, 1]]), m.f([[1, 2, 3], [4, 5, 6]])),
      expect: e([2, 3], [4, 1, 4, 0, 15, 0]),
      exact: true,
    },
    {
      name: 'indexAdd with repeated indices accumulates',
      run: (m) => m.f([[1, 1], [1, 1], [1, 1]]).indexAdd(0, m.i([0, 2, 0]), m.f([[1, 1], [2, 2], [3, 3]])),
      expect: e([3, 2], [5, 5, 1, 1, 3, 3]),
      exact: true,
      webgpu: true,
    },
    { name: 'indexAdd dim 1', run: (m) => m.f([[0, 0], [0, 0]]).indexAdd(1, m.i([1, 1]), m.f([[1, 2], [3, 4]])), expect: e([2, 2], [0, 3, 0, 7]), exact: true },
    { name: "to('int32') truncates toward zero", run: (m) => m.f([1.75, -1.75, 2.5, -0.5, 3]).to('int32'), expect: e([5], [1, -1, 2, 0, 3], 'int32'), exact: true, webgpu: true },
    { name: 'int32 to(float dtype)', run: (m) => m.i([[1, -2], [3, 4]]).to(m.dtype), expect: e([2, 2], [1, -2, 3, 4]), exact: true },
    { name: 'clone', run: (m) => m.f([[1, 2], [3, 4]]).clone(), expect: e([2, 2], [1, 2, 3, 4]), exact: true, webgpu: true },
    { name: 'contiguous after transpose', run: (m) => m.f([[1, 2], [3, 4]]).transpose(0, 1).contiguous(), expect: e([2, 2], [1, 3, 2, 4]), exact: true },
  ],
};

/** 0, 1, 2, ... n - 1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Nested arrays of `shape` holding start, start + 1, ... in row-major order. */
export function nest(shape: readonly number[], start: number): NestedArray {
  if (shape.length === 0) return start;
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  return range(shape[0]).map((i) => nest(shape.slice(1), start + i * inner));
}

/** Which tolerance a case is compared with on a backend and float dtype. */
export function toleranceFor(c: ForwardCase, backend: BackendName, dtype: FloatType): Tolerance {
  if (c.exact) return TOL.exact;
  if (backend === 'webgpu') return TOL.webgpuVsFloat64;
  return c.published && dtype === 'float64' ? TOL.float64Published : TOL.handWorked;
}

/** Runs one case and compares every output's shape, dtype and values. */
export async function checkCase(c: ForwardCase, m: Make): Promise<void> {
  const tol = toleranceFor(c, m.backend, m.dtype);
  const out = c.run(m);
  const outs: readonly Tensor[] = Array.isArray(out) ? out : [out as Tensor];
  const expected: readonly Expected[] = Array.isArray(c.expect) ? c.expect : [c.expect as Expected];
  assert.equal(outs.length, expected.length, `${c.name}: number of outputs`);
  for (let k = 0; k < outs.length; k++) {
    const what = `${c.name} [${m.backend} ${m.dtype}] output ${k}`;
    const want = expected[k];
    assert.deepEqual(outs[k].shape, want.shape, `${what}: shape`);
    assert.equal(outs[k].dtype, want.dtype === 'int32' ? 'int32' : m.dtype, `${what}: dtype`);
    assert.equal(outs[k].backend.name, m.backend, `${what}: backend`);
    assertClose(await outs[k].data(), want.values, tol, what);
  }
}
