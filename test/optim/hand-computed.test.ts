// Each optimizer's update rule, worked by hand: a two-element float64 parameter p0 = [1, -2] on cpu is given
// prescribed gradients (g1 = [1, -2], g2 = [2, 0.5], g3 = [-1, 1]) and the parameter after each step is compared
// with the update written out from the rule's formula. Some cases set eps to 0 so the numbers stay readable.

import { test } from 'node:test';
import { optim, tensor, type Tensor } from '../../src/index.js';
import { TOL, assertClose } from '../support/tolerances.js';

const P0 = [1, -2];
const G = [[1, -2], [2, 0.5], [-1, 1]];
const { sqrt } = Math;

function param(): Tensor {
  return tensor(P0, { dtype: 'float64', requiresGrad: true });
}

/** Takes one step per gradient and compares the parameter after each with `expected`. */
function check(label: string, p: Tensor, opt: optim.Optimizer, expected: readonly (readonly number[])[]): void {
  expected.forEach((want, i) => {
    p.grad = tensor(G[i], { dtype: 'float64' });
    opt.step();
    assertClose(p.dataSync(), want, TOL.handComputed64, `${label}, step ${i + 1}`);
  });
}

test('SGD: momentum with dampening', () => {
  const p = param();
  // b1 = g1; b_t = 0.9 b + (1 - 0.5) g; p -= 0.1 b
  check('SGD momentum 0.9 dampening 0.5', p, new optim.SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5 }), [
    [0.9, -1.8], // b1 = [1, -2]
    [0.71, -1.645], // b2 = [0.9 + 1, -1.8 + 0.25] = [1.9, -1.55]
    [0.589, -1.5555], // b3 = [1.71 - 0.5, -1.395 + 0.5] = [1.21, -0.895]
  ]);
});

test('SGD: Nesterov momentum with coupled weight decay', () => {
  const p = param();
  // d = g + 0.1 p; b1 = d, b_t = 0.5 b + d; p -= 0.1 (d + 0.5 b)
  check('SGD nesterov', p, new optim.SGD([p], { lr: 0.1, momentum: 0.5, nesterov: true, weightDecay: 0.1 }), [
    [0.835, -1.67], // d1 = [1.1, -2.2] = b1, d1 + 0.5 b1 = [1.65, -3.3]
    [0.494975, -1.66495], // d2 = [2.0835, 0.333], b2 = [2.6335, -0.767], d2 + 0.5 b2 = [3.40025, -0.0505]
  ]);
});

test('SGD: maximize ascends', () => {
  const p = param();
  check('SGD maximize', p, new optim.SGD([p], { lr: 0.1, maximize: true }), [[1.1, -2.2], [1.3, -2.15]]);
});

test('Adam: bias correction', () => {
  const p = param();
  // m = 0.9 m + 0.1 g, v = 0.999 v + 0.001 g^2; p -= 0.1 (m / (1 - 0.9^t)) / (sqrt(v / (1 - 0.999^t)) + 1e-8)
  const p1 = [1 - (0.1 * 1) / (1 + 1e-8), -2 - (0.1 * -2) / (2 + 1e-8)]; // m^ = g1, sqrt(v^) = |g1|
  // m2 = [0.09 + 0.2, -0.18 + 0.05] = [0.29, -0.13]; v2 = [0.000999 + 0.004, 0.003996 + 0.00025]; 1 - 0.9^2 = 0.19, 1 - 0.999^2 = 0.001999
  const p2 = [p1[0] - (0.1 * (0.29 / 0.19)) / (sqrt(0.004999 / 0.001999) + 1e-8), p1[1] - (0.1 * (-0.13 / 0.19)) / (sqrt(0.004246 / 0.001999) + 1e-8)];
  check('Adam', p, new optim.Adam([p], { lr: 0.1 }), [p1, p2]);
});

test('Adam: coupled weight decay joins the gradient', () => {
  const p = param();
  // g' = g + 0.5 p. Step 1: g' = [1.5, -3], a sign step to [0.9, -1.9]. Step 2: g' = [2.45, -0.45],
  // m = [0.135 + 0.245, -0.27 - 0.045] = [0.38, -0.315], v = [0.00224775 + 0.0060025, 0.008991 + 0.0002025]
  const p2 = [0.9 - (0.1 * (0.38 / 0.19)) / sqrt(0.00825025 / 0.001999), -1.9 - (0.1 * (-0.315 / 0.19)) / sqrt(0.0091935 / 0.001999)];
  check('Adam weightDecay 0.5', p, new optim.Adam([p], { lr: 0.1, eps: 0, weightDecay: 0.5 }), [[0.9, -1.9], p2]);
});

test('AdamW: decoupled weight decay shrinks the parameter', () => {
  const p = param();
  // p *= 1 - 0.1 * 0.5, then Adam's step on the plain gradient. Step 1: [0.95, -1.9] then a sign step.
  // Step 2: [0.85, -1.8] * 0.95 = [0.8075, -1.71]; m and v as for Adam without decay.
  const p2 = [0.8075 - (0.1 * (0.29 / 0.19)) / sqrt(0.004999 / 0.001999), -1.71 - (0.1 * (-0.13 / 0.19)) / sqrt(0.004246 / 0.001999)];
  check('AdamW weightDecay 0.5', p, new optim.AdamW([p], { lr: 0.1, eps: 0, weightDecay: 0.5 }), [[0.85, -1.8], p2]);
});

test('Adam: amsgrad normalises by the running maximum of v', () => {
  const p = param();
  const opt = new optim.Adam([p], { lr: 0.1, eps: 0, betas: [0.5, 0.5], amsgrad: true });
  // Step 1 with g = [2, 1]: m = [1, 0.5], v = vmax = [2, 0.5]; m^ = [2, 1], sqrt(v^) = [2, 1]: p = [0.9, -2.1].
  // Step 2 with g = [0.1, 3]: m = [0.55, 1.75], v = [1.005, 4.75], vmax = [2, 4.75]; both corrections 0.75.
  const expected = [[0.9, -2.1], [0.9 - (0.1 * (0.55 / 0.75)) / sqrt(2 / 0.75), -2.1 - (0.1 * (1.75 / 0.75)) / sqrt(4.75 / 0.75)]];
  [[2, 1], [0.1, 3]].forEach((g, i) => {
    p.grad = tensor(g, { dtype: 'float64' });
    opt.step();
    assertClose(p.dataSync(), expected[i], TOL.handComputed64, `Adam amsgrad, step ${i + 1}`);
  });
});

test('RMSprop: centered', () => {
  const p = param();
  // v = 0.5 v + 0.5 g^2, a = 0.5 a + 0.5 g; p -= 0.1 g / sqrt(v - a^2)
  // Step 1: v = [0.5, 2], a = [0.5, -1], v - a^2 = [0.25, 1]. Step 2: v = [2.25, 1.125], a = [1.25, -0.25], v - a^2 = [0.6875, 1.0625].
  check('RMSprop centered', p, new optim.RMSprop([p], { lr: 0.1, alpha: 0.5, eps: 0, centered: true }), [
    [0.8, -1.8],
    [0.8 - (0.1 * 2) / sqrt(0.6875), -1.8 - (0.1 * 0.5) / sqrt(1.0625)],
  ]);
});

test('RMSprop: momentum', () => {
  const p = param();
  // b = 0.9 b + g / sqrt(v); p -= 0.1 b. Step 1: v = [0.5, 2], b = [sqrt 2, -sqrt 2]. Step 2: v = [2.25, 1.125].
  const b2 = [0.9 * sqrt(2) + 2 / 1.5, -0.9 * sqrt(2) + 0.5 / sqrt(1.125)];
  const p1 = [1 - 0.1 * sqrt(2), -2 + 0.1 * sqrt(2)];
  check('RMSprop momentum 0.9', p, new optim.RMSprop([p], { lr: 0.1, alpha: 0.5, eps: 0, momentum: 0.9 }), [p1, [p1[0] - 0.1 * b2[0], p1[1] - 0.1 * b2[1]]]);
});

test('RMSprop: eps outside the root (PyTorch) and inside it (epsInsideSqrt, TensorFlow kernels / Keras 3)', () => {
  const outside = param();
  // v = [0.5, 2] then [2.25, 1.125]; denominators sqrt(v) + 0.25 vs sqrt(v + 0.25)
  const o1 = [1 - 0.1 / (sqrt(0.5) + 0.25), -2 + 0.2 / (sqrt(2) + 0.25)];
  check('RMSprop eps outside', outside, new optim.RMSprop([outside], { lr: 0.1, alpha: 0.5, eps: 0.25 }), [
    o1,
    [o1[0] - 0.2 / (1.5 + 0.25), o1[1] - 0.05 / (sqrt(1.125) + 0.25)],
  ]);
  const inside = param();
  const i1 = [1 - 0.1 / sqrt(0.75), -2 + 0.2 / 1.5];
  check('RMSprop epsInsideSqrt', inside, new optim.RMSprop([inside], { lr: 0.1, alpha: 0.5, eps: 0.25, epsInsideSqrt: true }), [
    i1,
    [i1[0] - 0.2 / sqrt(2.5), i1[1] - 0.05 / sqrt(1.375)],
  ]);
});

test('Adadelta: both running averages, eps inside the roots', () => {
  const p = param();
  // v = 0.5 v + 0.5 g^2; delta = sqrt(u + 0.25) / sqrt(v + 0.25) g; u = 0.5 u + 0.5 delta^2; p -= delta
  // Step 1: v = [0.5, 2], delta = [0.5 / sqrt 0.75, -2 / 3], u = [1/6, 2/9]. Step 2: v = [2.25, 1.125].
  const p1 = [1 - 0.5 / sqrt(0.75), -2 + 2 / 3];
  const delta2 = [(sqrt(1 / 6 + 0.25) / sqrt(2.5)) * 2, (sqrt(2 / 9 + 0.25) / sqrt(1.375)) * 0.5];
  check('Adadelta', p, new optim.Adadelta([p], { rho: 0.5, eps: 0.25 }), [p1, [p1[0] - delta2[0], p1[1] - delta2[1]]]);
});

test('Adadelta: the Keras preset (rho 0.95, eps 1e-7) and PyTorch defaults', () => {
  const defaults = new optim.Adadelta([param()]).paramGroups[0];
  assertClose([defaults.lr, defaults.rho, defaults.eps], [1.0, 0.9, 1e-6], TOL.exact, 'Adadelta defaults (lr, rho, eps)');
  const p = param();
  // Step 1: v = 0.05 g^2, delta = sqrt(1e-7) / sqrt(v + 1e-7) g
  const p1 = P0.map((x, i) => x - (sqrt(1e-7) / sqrt(0.05 * G[0][i] ** 2 + 1e-7)) * G[0][i]);
  check('Adadelta Keras preset', p, new optim.Adadelta([p], { lr: 1.0, rho: 0.95, eps: 1e-7 }), [p1]);
});

test('Adagrad: lr decay and initial accumulator', () => {
  const p = param();
  // s = s + g^2 from s0 = 1; p -= 0.1 / (1 + 0.5 (t - 1)) g / sqrt(s). s = [2, 5], [6, 5.25], [7, 6.25].
  const p1 = [1 - 0.1 / sqrt(2), -2 + 0.2 / sqrt(5)];
  const p2 = [p1[0] - (0.1 / 1.5) * (2 / sqrt(6)), p1[1] - (0.1 / 1.5) * (0.5 / sqrt(5.25))];
  const p3 = [p2[0] + 0.05 / sqrt(7), p2[1] - 0.05 / 2.5];
  check('Adagrad', p, new optim.Adagrad([p], { lr: 0.1, lrDecay: 0.5, initialAccumulatorValue: 1, eps: 0 }), [p1, p2, p3]);
});
