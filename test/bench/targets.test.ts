// The targets suite: its case names and FLOP counts at the shapes, a tiny-shape smoke run of every
// framegrad case that also checks each frees what it allocates, the ConvLSTM step's fixed runs and webgpu skip,
// and the timing loop's one-run rule for slow comparator cases.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend } from '../../src/index.js';
import { measure } from '../../src/bench/measure.js';
import { runSuite } from '../../src/bench/suites.js';
import { CONVLSTM_STEP_TIMING, convlstmWebgpuSkip, targetCases } from '../../src/bench/target-cases.js';
import { TARGET_SHAPES, type TargetShapes, convlstmStepFlop, convlstmStepNote, targetSpecs } from '../../src/bench/targets.js';

/** Shapes small enough that every case runs in milliseconds. */
const TINY: TargetShapes = {
  matmul: 8,
  conv: { batch: 1, channels: 3, side: 6, kernel: 3 },
  convlstm: { layers: 2, filters: 2, kernel: 3, batch: 1, frames: 2, channels: 1, side: 6 },
};

test('bench targets: the issue\'s cases, names and FLOP counts', () => {
  const specs = targetSpecs();
  assert.deepEqual(specs.map((s) => s.name), [
    'matmul 1024x1024x1024',
    'conv2d 3x3 64->64 [1,64,128,128] forward',
    'conv2d 3x3 64->64 [1,64,128,128] input grad',
    'conv2d 3x3 64->64 [1,64,128,128] filter grad',
    'ConvLSTM 3x40 train step [8,10,1,40,40] Adam',
  ]);
  assert.equal(specs[0].flop, 2 * 1024 ** 3);
  for (const s of specs.slice(1, 4)) assert.equal(s.flop, 2 * 64 * 64 * 9 * 128 * 128);
  // Per frame, batch 8 at 40x40: layer 1 convs 1 -> 160 and 40 -> 160, layers 2 and 3 both 40 -> 160; the head
  // 40 -> 1 over 3x3x3. Three passes, less the clip's input gradient and each layer's zero-state gradient.
  const conv = (cin: number): number => 2 * 8 * 1600 * 160 * cin * 9;
  const forward = 10 * (conv(1) + 5 * conv(40)) + 10 * 2 * 8 * 1600 * 40 * 27;
  assert.equal(specs[4].flop, 3 * forward - 10 * conv(1) - 3 * conv(40));
  assert.equal(convlstmStepFlop(TARGET_SHAPES.convlstm), specs[4].flop);
  assert.match(convlstmStepNote(), /3 x \[ConvLSTM2D\(40, 3x3\) \+ BatchNorm\].*\[8,11,1,40,40\].*~218 GFLOP/);
});

test('bench targets [cpu]: every case runs at tiny shapes and frees what it allocates', async () => {
  const cases = targetCases(TINY);
  assert.equal(cases.length, 5);
  for (const c of cases) {
    const before = getBackend('cpu').memory().liveBuffers;
    const prepared = c.prepare('cpu');
    await prepared.step();
    await prepared.step();
    prepared.dispose();
    assert.equal(getBackend('cpu').memory().liveBuffers, before, `${c.name} left buffers allocated`);
  }
});

test('bench targets: the ConvLSTM step has fixed runs unless --iterations is given', async () => {
  const step = targetCases(TINY)[4];
  assert.deepEqual(step.timing, CONVLSTM_STEP_TIMING);
  const options = { timeMs: 1, warmup: 0, minIterations: 1 };
  const fixed = await runSuite('targets', [step], 'cpu', options);
  assert.equal(fixed.rows[0].samples, CONVLSTM_STEP_TIMING.iterations);
  const once = await runSuite('targets', [step], 'cpu', { ...options, iterations: 1 });
  assert.equal(once.rows[0].samples, 1);
});

test('bench targets: webgpu skips the ConvLSTM step only on a software adapter', () => {
  assert.deepEqual(convlstmWebgpuSkip({ softwareDevice: true }), { webgpu: 'not run on a software adapter (minutes per step)' });
  assert.equal(convlstmWebgpuSkip({ softwareDevice: false }), undefined, 'a GPU runs it');
  assert.equal(convlstmWebgpuSkip(undefined), undefined, 'webgpu not initialised');
});

test('bench suites: a case skipped on a backend becomes a not-run row with its reason', async () => {
  const skipped = { name: 'skipped', skip: { cpu: 'not here' }, prepare: () => assert.fail('prepared a skipped case') };
  const result = await runSuite('targets', [skipped], 'cpu', { timeMs: 1, warmup: 0, minIterations: 1 });
  assert.deepEqual(result.rows, []);
  assert.deepEqual(result.notRun, [{ suite: 'targets', backend: 'cpu', name: 'skipped', reason: 'not here' }]);
});

test('bench measure: a step whose first warm-up run is slower than slowMs is timed by that run alone', async () => {
  let runs = 0;
  const slow = async (): Promise<void> => {
    runs++;
    await new Promise((resolve) => setTimeout(resolve, 20));
  };
  const t = await measure(slow, { timeMs: 1000, warmup: 1, minIterations: 3, slowMs: 5 });
  assert.equal(runs, 1);
  assert.equal(t.samples, 1);
  assert.ok(t.medianMs >= 15 && t.p25Ms === t.medianMs && t.p75Ms === t.medianMs);
  runs = 0;
  const fast = await measure(async () => void runs++, { timeMs: 0, warmup: 1, minIterations: 3, slowMs: 1000 });
  assert.equal(runs, 4);
  assert.equal(fast.samples, 3);
});
