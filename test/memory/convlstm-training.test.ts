// Memory stays flat while training: 50 Adam steps of the convlstm task's small model with the trainer's step
// pattern (one tidy around zeroGrad, forward, backward, optimizer step, zeroGrad) must leave exactly the same
// live buffers and bytes after every step once the optimizer state exists, on cpu and on webgpu.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { type BackendName, getBackend, keep, manualSeed, optim, rand, tidy } from '../../src/index.js';
import type { Batch } from '../../src/data/clip-dataset.js';
import { getTask } from '../../src/training/tasks/index.js';
import { webgpuOrSkip } from '../support/webgpu.js';

const STEPS = 50;
/** Steps after which everything the run keeps (optimizer moments, BatchNorm statistics) exists. */
const SETTLED = 3;

interface Usage {
  readonly liveBuffers: number;
  readonly liveBytes: number;
}

/** Live usage after each of STEPS training steps of the small ConvLSTM on 8x8 frames, batch 2, 3 + 3 frames. */
async function trainAndMeasure(backend: BackendName): Promise<Usage[]> {
  manualSeed(0);
  const task = getTask('convlstm');
  const config = task.configFor({ channels: 1, height: 8, width: 8, inputFrames: 3, outputFrames: 3 }, 'small');
  // Built in tidy: weight initialisation's cpu intermediates would otherwise be freed by garbage collection at
  // some step, changing the cpu count for reasons unrelated to training.
  const model = tidy(() => {
    const m = task.create(config);
    for (const p of [...m.parameters(), ...m.buffers()]) keep(p);
    return m;
  }).to(backend);
  const optimizer = new optim.Adam([...model.parameters()].filter((p) => p.requiresGrad), { lr: 1e-3 });
  const batch: Batch = { input: rand([2, 3, 1, 8, 8], { backend }), target: rand([2, 3, 1, 8, 8], { backend }), indices: [0, 1] };
  model.train();
  const usage: Usage[] = [];
  for (let step = 0; step < STEPS; step++) {
    const loss = tidy(() => {
      optimizer.zeroGrad();
      const value = task.loss(model, batch);
      value.backward();
      optimizer.step();
      optimizer.zeroGrad();
      return value.detach();
    });
    await loss.itemAsync();
    loss.dispose();
    const { liveBuffers, liveBytes } = getBackend(backend).memory();
    usage.push({ liveBuffers, liveBytes });
  }
  return usage;
}

function assertFlat(usage: readonly Usage[]): void {
  const settled = usage[SETTLED - 1];
  usage.slice(SETTLED).forEach((u, i) => {
    assert.deepEqual(u, settled, `step ${SETTLED + i + 1}: live usage ${JSON.stringify(u)} differs from step ${SETTLED}'s ${JSON.stringify(settled)}`);
  });
}

test('convlstm training [cpu] keeps live buffers flat over 50 Adam steps', async () => {
  assertFlat(await trainAndMeasure('cpu'));
});

test('convlstm training [webgpu] keeps live buffers and bytes flat over 50 Adam steps', async (t: TestContext) => {
  if (!(await webgpuOrSkip(t))) return;
  assertFlat(await trainAndMeasure('webgpu'));
});
