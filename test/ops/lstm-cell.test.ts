// lstmCell beyond the generic records: hand-worked values and gradients, agreement with the composition of
// separate ops it replaces (forward, the backward kernel, and the gradient written with ops that a recorded
// backward uses), and its input errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fg from '../../src/index.js';
import type { DType, LstmCellOptions, Tensor } from '../../src/index.js';
import { checkProperty, shapeArb, valuesArb } from '../support/property.js';
import { TOL, assertClose, type Tolerance } from '../support/tolerances.js';

const LN3 = Math.log(3);

/** The step as separate ops, as the cells computed it before the fused op. */
function composed(gates: Tensor, c: Tensor, options: LstmCellOptions): { h: Tensor; c: Tensor } {
  const [a, b, p, q] = gates.chunk(4, 1);
  const [zi, zf, zg, zo] = options.gateOrder === 'ifog' ? [a, b, q, p] : [a, b, p, q];
  const sigma = options.recurrentActivation === 'hard_sigmoid' ? fg.hardSigmoidKeras : fg.sigmoid;
  const act = options.activation === 'relu' ? fg.relu : fg.tanh;
  const cNext = sigma(zf).mul(c).add(sigma(zi).mul(act(zg)));
  return { h: sigma(zo).mul(act(cNext)), c: cNext };
}

type Step = typeof composed;

/** h', c' and the gradients of sum(dh h' + dc c') w.r.t. gates and c. */
function run(step: Step, gates: Tensor, c: Tensor, options: LstmCellOptions, createGraph = false): number[][] {
  const [g, s] = [gates, c].map((t) => t.detach().requiresGrad_());
  const next = step(g, s, options);
  const dh = next.h.onesLike().mul(0.7);
  const dc = next.c.onesLike().mul(-0.3);
  const grads = fg.grad([next.h, next.c], [g, s], { gradOutputs: [dh, dc], createGraph });
  return [next.h, next.c, ...grads].map((t) => Array.from(t.dataSync()));
}

function assertRunsClose(actual: number[][], expected: number[][], tol: Tolerance, what: string): void {
  ['h', 'c', 'd gates', 'd c'].forEach((name, k) => assertClose(actual[k], expected[k], tol, `${what}: ${name}`));
}

test('lstmCell: hand-worked sigmoid/tanh step and gradients', () => {
  // σ(0) = 1/2, σ(ln 3) = 3/4, tanh(ln 2) = 3/5, σ(-ln 3) = 1/4: c' = 3/4 * 2 + 1/2 * 3/5 = 1.8, h' = tanh(1.8) / 4.
  for (const dtype of ['float64', 'float32'] as const) {
    const gates = fg.tensor([[0, LN3, Math.LN2, -LN3]], { dtype, requiresGrad: true });
    const c = fg.tensor([[2]], { dtype, requiresGrad: true });
    const next = fg.lstmCell(gates, c);
    assertClose(next.h.dataSync(), [0.2367], TOL.handWorked, `${dtype} h'`);
    assertClose(next.c.dataSync(), [1.8], TOL.handWorked, `${dtype} c'`);
    // dh = 1, dc = 1/2: the total dc' = 1/2 + σ(zo) (1 - tanh(1.8)^2) = 0.52589.
    next.h.add(next.c.mul(0.5)).sum().backward();
    assertClose(gates.grad!.dataSync(), [0.078883, 0.19721, 0.16828, 0.17753], TOL.handWorked, `${dtype} d gates`);
    assertClose(c.grad!.dataSync(), [0.39442], TOL.handWorked, `${dtype} d c`);
  }
});

test('lstmCell: hand-worked hard_sigmoid/relu step in i, f, o, g order, o at the hard sigmoid\'s upper bound', () => {
  // σ(0) = 0.5, σ(1.5) = 0.8, σ(2.5) = 1 (0.2 * 2.5 + 0.5 = 1 exactly, where clamp still passes the gradient),
  // relu(3) = 3: c' = 0.8 * 2 + 0.5 * 3 = 3.1 and h' = 1 * relu(3.1) = 3.1.
  const gates = fg.tensor([[0, 1.5, 2.5, 3]], { dtype: 'float64', requiresGrad: true });
  const c = fg.tensor([[2]], { dtype: 'float64', requiresGrad: true });
  const next = fg.lstmCell(gates, c, { recurrentActivation: 'hard_sigmoid', activation: 'relu', gateOrder: 'ifog' });
  assertClose(next.h.dataSync(), [3.1], TOL.handWorked, "h'");
  assertClose(next.c.dataSync(), [3.1], TOL.handWorked, "c'");
  // dh = 1, dc = 0.5: total dc' = 0.5 + 1 * 1 = 1.5; di = 1.5 * 3 * 0.2, df = 1.5 * 2 * 0.2, do = 3.1 * 0.2,
  // dg = 1.5 * 0.5, dc = 1.5 * 0.8.
  next.h.add(next.c.mul(0.5)).sum().backward();
  assertClose(gates.grad!.dataSync(), [0.9, 0.6, 0.62, 0.75], TOL.handWorked, 'd gates');
  assertClose(c.grad!.dataSync(), [1.2], TOL.handWorked, 'd c');
});

const optionsArb: fc.Arbitrary<LstmCellOptions> = fc.record({
  recurrentActivation: fc.constantFrom('sigmoid' as const, 'hard_sigmoid' as const),
  activation: fc.constantFrom('tanh' as const, 'relu' as const),
  gateOrder: fc.constantFrom('ifgo' as const, 'ifog' as const),
});

/** Shapes [N, 4H, ...spatial] and [N, H, ...spatial] with values spanning the hard sigmoid's bounds. */
const caseArb = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 }).chain((r) => shapeArb(r, 1, 4)), optionsArb)
  .chain(([n, hidden, spatial, options]) => {
    const size = n * hidden * spatial.reduce((a, b) => a * b, 1);
    return fc.tuple(valuesArb(4 * size, 4, [-2.5, 2.5, 0], 1e-3), valuesArb(size, 2)).map(([g, c]) => ({ n, hidden, spatial, options, g, c }));
  });

function inputs(k: { n: number; hidden: number; spatial: number[]; g: number[]; c: number[] }, dtype: DType): [Tensor, Tensor] {
  return [
    fg.tensor(Float64Array.from(k.g), { shape: [k.n, 4 * k.hidden, ...k.spatial], dtype }),
    fg.tensor(Float64Array.from(k.c), { shape: [k.n, k.hidden, ...k.spatial], dtype }),
  ];
}

test('lstmCell equals the composition of separate ops (float64: same arithmetic; float32: within rounding)', () => {
  checkProperty(
    fc.property(caseArb, (k) => {
      const fused = run(fg.lstmCell, ...inputs(k, 'float64'), k.options);
      assertRunsClose(fused, run(composed, ...inputs(k, 'float64'), k.options), TOL.reorderedSum64, 'float64 fused vs composed');
      const fused32 = run(fg.lstmCell, ...inputs(k, 'float32'), k.options);
      assertRunsClose(fused32, fused, TOL.float32VsFloat64, 'float32 fused vs float64');
    }),
    40,
  );
});

test('lstmCell: the gradient written with ops (recorded backward) equals the backward kernel', () => {
  checkProperty(
    fc.property(caseArb, (k) => {
      const kernel = run(fg.lstmCell, ...inputs(k, 'float64'), k.options);
      const recorded = run(fg.lstmCell, ...inputs(k, 'float64'), k.options, true);
      assertRunsClose(recorded, kernel, TOL.reorderedSum64, 'createGraph vs kernel gradient');
    }),
    25,
  );
});

test('lstmCell without a graph returns plain tensors and leaves nothing else allocated', () => {
  const [gates, c] = [fg.randn([2, 8, 3, 3]), fg.randn([2, 2, 3, 3])];
  const before = fg.getBackend('cpu').memory().liveBuffers;
  const next = fg.noGrad(() => fg.lstmCell(gates, c));
  assert.equal(next.h.requiresGrad, false);
  assert.deepEqual(next.c.shape, [2, 2, 3, 3]);
  assert.equal(fg.getBackend('cpu').memory().liveBuffers - before, 2);
});

test('errors: lstmCell names the op and the offending shapes, dtypes or options', () => {
  const f32 = (shape: number[]) => fg.zeros(shape, { dtype: 'float32' });
  assert.throws(() => fg.lstmCell(f32([8]), f32([2])), /^Error: lstmCell: gates must be \[N, 4H, \.\.\.spatial\] with H >= 1, got \[8\]/);
  assert.throws(() => fg.lstmCell(f32([2, 6]), f32([2, 1])), /lstmCell: gates must be \[N, 4H, \.\.\.spatial\] with H >= 1, got \[2, 6\]/);
  assert.throws(() => fg.lstmCell(f32([2, 0]), f32([2, 0])), /lstmCell: gates must be \[N, 4H, \.\.\.spatial\] with H >= 1, got \[2, 0\]/);
  assert.throws(() => fg.lstmCell(f32([2, 8, 3]), f32([2, 2, 4])), /lstmCell: c has shape \[2, 2, 4\], expected \[2, 2, 3\] for gates \[2, 8, 3\]/);
  assert.throws(() => fg.lstmCell(f32([2, 8]), fg.zeros([2, 2], { dtype: 'float64' })), /lstmCell: dtype mismatch, gates float32 \[2, 8\] vs c float64 \[2, 2\]/);
  assert.throws(() => fg.lstmCell(fg.zeros([2, 8], { dtype: 'int32' }), f32([2, 2])), /lstmCell: expected a floating-point tensor, got int32 of shape \[2, 8\]/);
  const bad = (options: object) => () => fg.lstmCell(f32([1, 4]), f32([1, 1]), options as LstmCellOptions);
  assert.throws(bad({ recurrentActivation: 'hard' }), /lstmCell: recurrentActivation must be one of 'sigmoid', 'hard_sigmoid', got 'hard'/);
  assert.throws(bad({ activation: 'gelu' }), /lstmCell: activation must be one of 'tanh', 'relu', got 'gelu'/);
  assert.throws(bad({ gateOrder: 'iofg' }), /lstmCell: gateOrder must be one of 'ifgo', 'ifog', got 'iofg'/);
});
