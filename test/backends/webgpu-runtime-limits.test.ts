// The webgpu runtime keeps every kernel within the 8 storage buffers per shader stage that WebGPU guarantees:
// a dispatch binding more throws a clear error before anything is encoded (lavapipe allows more, so without the
// check a kernel that breaks the rule would pass here and fail on a stricter adapter).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PORTABLE_STORAGE_BUFFERS, Runtime } from '../../src/backends/webgpu/runtime.js';
import { Params } from '../../src/backends/webgpu/params.js';
import type { WebGPUBackend } from '../../src/backends/webgpu/webgpu-backend.js';
import { webgpuOrSkip } from '../support/webgpu.js';

test('webgpu runtime: a dispatch with more than 8 storage buffers throws, naming the kernel', async (t) => {
  const backend = (await webgpuOrSkip(t)) as WebGPUBackend | null;
  if (!backend) return;
  const rt = new Runtime(backend.device);
  const inputs = Array.from({ length: PORTABLE_STORAGE_BUFFERS }, () => rt.upload(new Float32Array(4)));
  const output = rt.upload(new Float32Array(4));
  const dispatch = { key: 'tooManyInputs', source: () => assert.fail('compiled a kernel over the limit'), inputs, output, params: new Params(), groups: [1, 1, 1] as const };
  assert.throws(() => rt.dispatch(dispatch), /webgpu kernel 'tooManyInputs': 8 inputs and an output are more than the 8 storage buffers/);
  [...inputs, output].forEach((s) => rt.release(s));
});
