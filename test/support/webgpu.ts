// Access to the webgpu backend in tests: initialised once; without an adapter the caller skips with one line
// saying why, except in CI (CI=true), where a missing adapter fails the run so WebGPU tests never silently vanish.

import type { TestContext } from 'node:test';
import { initBackend, type Backend } from '../../src/index.js';

let attempt: Promise<Backend | string> | undefined;

function tryInit(): Promise<Backend | string> {
  attempt ??= initBackend('webgpu').then(
    (b) => b,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  return attempt;
}

/** The webgpu backend, or null after marking the test skipped; throws in CI when no adapter exists. */
export async function webgpuOrSkip(t: TestContext): Promise<Backend | null> {
  const result = await tryInit();
  if (typeof result !== 'string') return result;
  if (process.env.CI === 'true') throw new Error(`WebGPU is required in CI but unavailable: ${result}`);
  t.skip(`no WebGPU adapter (${result}); run scripts/install-vulkan.sh to enable the software Vulkan driver`);
  return null;
}
