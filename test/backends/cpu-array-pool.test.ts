// The cpu backend's reuse of released storage: a released large array comes back cleared for the next output of
// its dtype and length, the pool shows in memory(), small arrays are not pooled, and released storage cannot be read.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getBackend, full, zeros, add } from '../../src/index.js';
import { takeArray } from '../../src/backends/cpu/array-pool.js';

test('cpu array pool: released storage is reused, cleared, and counted as pooled', () => {
  const cpu = getBackend('cpu');
  const before = cpu.memory();
  const t = full([64, 128], 7, { backend: 'cpu' });
  t.dispose();
  const pooled = cpu.memory();
  assert.equal(pooled.pooledBuffers, before.pooledBuffers + 1);
  assert.equal(pooled.pooledBytes, before.pooledBytes + 64 * 128 * 4);
  const reused = takeArray('float32', 64 * 128);
  assert.equal(cpu.memory().pooledBuffers, before.pooledBuffers);
  assert.ok(reused.every((v) => v === 0), 'a reused array is cleared');
  // Other dtypes and small arrays are not handed out from it.
  const small = zeros([8], { backend: 'cpu' });
  small.dispose();
  assert.equal(cpu.memory().pooledBuffers, before.pooledBuffers);
});

test('cpu array pool: an op after a dispose sees correct values in reused storage', () => {
  const a = full([64, 128], 1, { backend: 'cpu' });
  const b = full([64, 128], 2, { backend: 'cpu' });
  add(a, b).dispose();
  const c = add(a, b);
  assert.ok(c.dataSync().every((v) => v === 3));
});

test('cpu backend: reading released storage throws instead of returning reused data', () => {
  const cpu = getBackend('cpu');
  const t = full([64, 128], 7, { backend: 'cpu' });
  const data = t.dataId;
  t.dispose();
  assert.throws(() => cpu.readSync(data, 'float32', 64 * 128), /already released/);
});
