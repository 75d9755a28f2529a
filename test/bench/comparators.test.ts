// The --vs comparators without timing anything real: parsing bench/torch_targets.py's JSON, the one line printed
// when PyTorch's interpreter or script cannot run, and a tiny-shape TensorFlow.js run on its cpu and wasm
// backends (rows beside framegrad's cpu rows; wasm's missing filter-gradient kernel becomes a not-run row).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unavailableLine } from '../../src/bench/comparators/comparator.js';
import { runTfjs } from '../../src/bench/comparators/tfjs.js';
import { TORCH_SCRIPT, parseTorchOutput, runTorch, torchPython } from '../../src/bench/comparators/torch.js';
import { type TargetShapes, targetSpecs } from '../../src/bench/targets.js';
import { existsSync } from 'node:fs';

const TINY: TargetShapes = {
  matmul: 8,
  conv: { batch: 1, channels: 3, side: 6, kernel: 3 },
  convlstm: { layers: 1, filters: 2, kernel: 3, batch: 1, frames: 2, channels: 1, side: 6 },
};

const TORCH_JSON = JSON.stringify({
  torch: '1.13.0a0',
  threads: 2,
  blas: 'generic',
  onednn: true,
  cases: [
    { id: 'matmul', median_ms: 12.5, p25_ms: 12, p75_ms: 13, samples: 9 },
    { id: 'convlstm-step', median_ms: 1500, p25_ms: 1400, p75_ms: 1600, samples: 5 },
  ],
  convlstm_parameters: 291241,
});

/** Runs fn with console.warn captured; resolves to fn's result and the warned lines. */
async function warnings<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  try {
    return { result: await fn(), lines };
  } finally {
    console.warn = original;
  }
}

test('bench torch: parses the script\'s JSON (its last line) into timings by case id', () => {
  const out = parseTorchOutput(`UserWarning: something\n${TORCH_JSON}\n`);
  assert.equal(out.version, '1.13.0a0');
  assert.equal(out.threads, 2);
  assert.equal(out.blas, 'generic');
  assert.equal(out.onednn, true);
  assert.equal(out.convlstmParameters, 291241);
  assert.deepEqual(out.timings.get('matmul'), { medianMs: 12.5, p25Ms: 12, p75Ms: 13, samples: 9 });
  assert.equal(out.timings.get('convlstm-step')?.medianMs, 1500);
});

test('bench torch: bad output is an error saying what is wrong', () => {
  assert.throws(() => parseTorchOutput('Traceback (most recent call last):'), /printed no JSON/);
  assert.throws(() => parseTorchOutput('{"threads": 2}'), /expected \{"torch", "threads", "cases"\}/);
  assert.throws(() => parseTorchOutput('{"torch": "1", "threads": 2, "cases": [{"id": "fft", "median_ms": 1, "p25_ms": 1, "p75_ms": 1, "samples": 1}]}'), /bad case/);
  assert.throws(() => parseTorchOutput('{"torch": "1", "threads": 2, "cases": [{"id": "matmul", "median_ms": "1"}]}'), /bad case/);
});

test('bench torch: the interpreter is /usr/bin/python3 unless FRAMEGRAD_TORCH_PYTHON names another', () => {
  assert.equal(torchPython({}), '/usr/bin/python3');
  assert.equal(torchPython({ FRAMEGRAD_TORCH_PYTHON: '/opt/venv/bin/python' }), '/opt/venv/bin/python');
  assert.ok(existsSync(TORCH_SCRIPT), `${TORCH_SCRIPT} is where the compiled CLI looks`);
});

test('bench torch: a missing interpreter or a failing script costs one line and no rows', async () => {
  const specs = targetSpecs(TINY);
  const missing = await warnings(() => runTorch(specs, TINY, 1, '/nonexistent/python3'));
  assert.deepEqual(missing.result, { rows: [], notRun: [], notes: [] });
  assert.equal(missing.lines.length, 1);
  assert.match(missing.lines[0], /^bench: torch-cpu comparator unavailable \(\/nonexistent\/python3: spawn .*ENOENT\)$/);
  const failing = await warnings(() => runTorch(specs, TINY, 1, '/bin/false'));
  assert.deepEqual(failing.result.rows, []);
  assert.deepEqual(failing.lines, ['bench: torch-cpu comparator unavailable (/bin/false exited with status 1: no message)']);
});

test('bench comparators: the unavailable line is one line', () => {
  assert.equal(unavailableLine('tfjs-wasm', "Cannot find package '@tensorflow/tfjs-backend-wasm'\n    at resolve"), "bench: tfjs-wasm comparator unavailable (Cannot find package '@tensorflow/tfjs-backend-wasm')");
});

test('bench tfjs: tiny cases on tfjs-cpu and tfjs-wasm beside framegrad cpu; wasm has no filter-gradient kernel', async () => {
  const specs = targetSpecs(TINY);
  const run = await runTfjs(['cpu'], specs, TINY, { timeMs: 0, warmup: 0, minIterations: 1 });
  const ops = specs.slice(0, 4).map((s) => s.name);
  assert.deepEqual(run.rows.filter((r) => r.backend === 'tfjs-cpu').map((r) => r.name), ops);
  assert.deepEqual(run.rows.filter((r) => r.backend === 'tfjs-wasm').map((r) => r.name), ops.slice(0, 3));
  assert.ok(run.rows.every((r) => r.comparedWith === 'cpu' && r.samples === 1 && r.rate?.unit === 'GFLOP/s'));
  assert.deepEqual(run.notRun, [{ suite: 'targets', backend: 'tfjs-wasm', name: ops[3], reason: 'n/a (no kernel)' }]);
  assert.ok(run.notes.some((n) => /^tfjs-wasm: SIMD on, 1 thread/.test(n)));
  assert.ok(run.notes.some((n) => /ConvLSTM train step: not run on TensorFlow\.js/.test(n)));
});
