// Module.to moves parameters and buffers without leaving the moved copies allocated: right after the move the
// target backend holds exactly one buffer per parameter and buffer (before, the copies lingered until garbage
// collection and made a training run's live buffer count drop by that many some steps in).

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, models } from '../../src/index.js';
import { webgpuOrSkip } from '../support/webgpu.js';

test('Module.to [webgpu] leaves one live buffer per parameter and buffer', async (t: TestContext) => {
  if (!(await webgpuOrSkip(t))) return;
  const model = new models.ConvLSTMNextFrame({ filters: 4, numLayers: 2, channels: 1 });
  const tensors = [...model.parameters(), ...model.buffers()];
  const before = getBackend('webgpu').memory().liveBuffers;
  model.to('webgpu');
  assert.equal(getBackend('webgpu').memory().liveBuffers - before, tensors.length);
  for (const x of tensors) x.dispose();
  assert.equal(getBackend('webgpu').memory().liveBuffers, before);
});
