// Which backends exist, which are initialised, and which one new tensors land on by default.
// cpu is always ready; webgpu needs an asynchronous adapter request, so it is initialised by `initBackend`
// (or `setBackend`, which also makes it the default).

import type { Backend } from './backend.js';
import { createCpuBackend } from './cpu/cpu-backend.js';
import type { BackendName } from './types.js';

const ready = new Map<BackendName, Backend>([['cpu', createCpuBackend()]]);
let defaultName: BackendName = 'cpu';

/** Where the webgpu backend gets its GPU: the browser's navigator.gpu, else Dawn's Node bindings. */
async function findGPU(): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  const { nodeGPU } = await import('./webgpu/node-gpu.js');
  return nodeGPU();
}

/** Initialises a backend (idempotent). Rejects with the reason when webgpu has no adapter. */
export async function initBackend(name: BackendName): Promise<Backend> {
  const existing = ready.get(name);
  if (existing) return existing;
  if (name !== 'webgpu') throw new Error(`initBackend: unknown backend '${String(name)}' (expected 'cpu' or 'webgpu')`);
  const { createWebGPUBackend } = await import('./webgpu/webgpu-backend.js');
  const backend = await createWebGPUBackend(await findGPU());
  ready.set(name, backend);
  return backend;
}

/** Initialises `name` if needed and makes it the default for new tensors. */
export async function setBackend(name: BackendName): Promise<Backend> {
  const backend = await initBackend(name);
  defaultName = name;
  return backend;
}

/** An initialised backend; throws when it has not been initialised yet. */
export function getBackend(name: BackendName = defaultName): Backend {
  const backend = ready.get(name);
  if (!backend) {
    throw new Error(`backend '${name}' is not initialised: call \`await initBackend('${name}')\` or \`await setBackend('${name}')\` first`);
  }
  return backend;
}

/** An initialised backend, or undefined when it has not been initialised (nothing is started). */
export function initialisedBackend(name: BackendName): Backend | undefined {
  return ready.get(name);
}

export function defaultBackendName(): BackendName {
  return defaultName;
}
