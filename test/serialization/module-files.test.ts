// saveModule/loadModule: a module's state dict round-trips through a safetensors file, int64 buffers written by
// PyTorch load, and a wrong file changes nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModule, manualSeed, nn, saveModule, saveSafetensors } from '../../src/index.js';
import { Int64Tensor } from '../../src/serialization/int64-tensor.js';

function makeModel(): nn.Sequential {
  return new nn.Sequential(new nn.Conv2d(2, 3, 3), new nn.BatchNorm2d(3), new nn.Flatten(), new nn.Linear(12, 2));
}

test('saveModule/loadModule round-trip a model exactly, buffers included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'framegrad-module-'));
  manualSeed(1);
  const a = makeModel();
  manualSeed(2);
  const b = makeModel();
  await saveModule(a, join(dir, 'a.safetensors'));
  const result = await loadModule(b, join(dir, 'a.safetensors'));
  assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
  const sa = a.stateDict();
  for (const [key, t] of Object.entries(b.stateDict())) assert.deepEqual(Array.from(t.dataSync()), Array.from(sa[key].dataSync()), key);
});

test('loadModule accepts PyTorch int64 num_batches_tracked and rejects a mismatched file without changing anything', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'framegrad-module-'));
  const model = makeModel();
  const state = model.stateDict();
  const path = join(dir, 'torch-like.safetensors');
  await saveSafetensors(path, { ...state, '1.num_batches_tracked': await Int64Tensor.fromTensor(state['1.num_batches_tracked'].add(7)) });
  await loadModule(model, path);
  assert.equal(model.stateDict()['1.num_batches_tracked'].item(), 7);
  const before = Array.from(model.stateDict()['0.weight'].dataSync());
  const other = join(dir, 'other.safetensors');
  await saveModule(new nn.Linear(3, 3), other);
  await assert.rejects(loadModule(model, other), /missing keys/);
  assert.deepEqual(Array.from(model.stateDict()['0.weight'].dataSync()), before);
});
