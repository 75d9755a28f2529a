// `framegrad bench`'s cases free everything they allocate: preparing a case, running its timed step and
// disposing it returns the backend to the live buffer count it started from, so a suite's memory report
// shows real leaks only. All op cases, and the quickest model's training and inference cases.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { type BackendName, getBackend } from '../../src/index.js';
import type { BenchCase } from '../../src/bench/bench-case.js';
import { modelCases } from '../../src/bench/model-cases.js';
import { opCases } from '../../src/bench/op-cases.js';
import { webgpuOrSkip } from '../support/webgpu.js';

async function checkCases(backend: BackendName, cases: readonly BenchCase[]): Promise<void> {
  for (const c of cases) {
    const before = getBackend(backend).memory().liveBuffers;
    const prepared = c.prepare(backend);
    await prepared.step();
    prepared.dispose();
    assert.equal(getBackend(backend).memory().liveBuffers, before, `${c.name} left buffers allocated`);
  }
}

const encoderDecoderCases = (): BenchCase[] => modelCases().filter((c) => c.name.startsWith('convlstm-encdec '));

test('bench op cases [cpu] leave no live buffers', async () => {
  await checkCases('cpu', opCases('small'));
});

test('bench model cases [cpu] convlstm-encdec train and inference leave no live buffers', async () => {
  const cases = encoderDecoderCases();
  assert.equal(cases.length, 2);
  await checkCases('cpu', cases);
});

test('bench op cases [webgpu] leave no live buffers', async (t: TestContext) => {
  if (!(await webgpuOrSkip(t))) return;
  await checkCases('webgpu', opCases('small'));
});
