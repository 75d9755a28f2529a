// Checkpoint files on disk: save/load round trip, the atomic write (no temporary file left behind, an existing
// file replaced whole, a failed save leaving the old file untouched and no partial target), and errors naming the file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Int64Tensor, Tensor, encodeSafetensors, loadSafetensors, saveSafetensors, tensor } from '../../src/index.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'framegrad-ckpt-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const stateDict = () => ({
  weight: tensor([[1, 2], [3, 4]], { backend: 'cpu' }),
  steps: new Int64Tensor(BigInt64Array.of(2n ** 33n), []),
});

test('save then load: same bytes as encode, same values, and only the target in the directory', () =>
  withDir(async (dir) => {
    const path = join(dir, 'model.safetensors');
    await saveSafetensors(path, stateDict(), { epoch: '3' });
    assert.deepEqual(new Uint8Array(await readFile(path)), await encodeSafetensors(stateDict(), { epoch: '3' }));
    assert.deepEqual(await readdir(dir), ['model.safetensors']);
    const loaded = await loadSafetensors(path, { backend: 'cpu' });
    assert.deepEqual(loaded.metadata, { epoch: '3' });
    const weight = loaded.tensors.weight;
    assert.ok(weight instanceof Tensor);
    assert.deepEqual(weight.dataSync(), Float32Array.of(1, 2, 3, 4));
    const steps = loaded.tensors.steps;
    assert.ok(steps instanceof Int64Tensor);
    assert.deepEqual(steps.values, BigInt64Array.of(2n ** 33n));
  }));

test('save over an existing, longer file replaces it whole', () =>
  withDir(async (dir) => {
    const path = join(dir, 'model.safetensors');
    await writeFile(path, new Uint8Array(10_000).fill(0xab));
    await saveSafetensors(path, { b: tensor([5], { backend: 'cpu' }) });
    assert.deepEqual(new Uint8Array(await readFile(path)), await encodeSafetensors({ b: tensor([5], { backend: 'cpu' }) }));
    assert.deepEqual(await readdir(dir), ['model.safetensors']);
  }));

test('a save into a missing directory fails naming the path and creates nothing', () =>
  withDir(async (dir) => {
    const path = join(dir, 'missing', 'model.safetensors');
    await assert.rejects(saveSafetensors(path, stateDict()), (e: Error) => e.message.startsWith(`saveSafetensors: could not write '${path}': ENOENT`));
    assert.deepEqual(await readdir(dir), []);
  }));

test('a failed rename (the target is a directory) removes the temporary file', () =>
  withDir(async (dir) => {
    const path = join(dir, 'model.safetensors');
    await mkdir(path);
    await assert.rejects(saveSafetensors(path, stateDict()), /saveSafetensors: could not write/);
    assert.deepEqual(await readdir(dir), ['model.safetensors']);
    assert.deepEqual(await readdir(path), []);
  }));

test('a state dict that cannot be encoded leaves the existing file untouched', () =>
  withDir(async (dir) => {
    const path = join(dir, 'model.safetensors');
    await saveSafetensors(path, stateDict());
    const before = await readFile(path);
    const disposed = tensor([1], { backend: 'cpu' });
    disposed.dispose();
    await assert.rejects(saveSafetensors(path, { disposed }), /safetensors: tensor 'disposed' was disposed/);
    assert.deepEqual(await readFile(path), before);
    assert.deepEqual(await readdir(dir), ['model.safetensors']);
  }));

test('loading a malformed file names the file; a missing file rejects', () =>
  withDir(async (dir) => {
    const path = join(dir, 'broken.safetensors');
    await writeFile(path, new Uint8Array(3));
    await assert.rejects(loadSafetensors(path), (e: Error) => e.message === `safetensors: file is 3 bytes, shorter than the 8-byte header length (file '${path}')`);
    await assert.rejects(loadSafetensors(join(dir, 'absent.safetensors')), /ENOENT/);
  }));
