// The one Node-specific file of the webgpu backend: it loads Dawn's Node bindings and returns their GPU object,
// so everything else can take a `GPU` (navigator.gpu in a browser) and stay free of Node APIs.

export async function nodeGPU(): Promise<GPU> {
  const { create, globals } = await import('webgpu');
  // Dawn's objects check `instanceof GPUBuffer` etc. against these globals, and @webgpu/types' enums
  // (GPUBufferUsage, GPUMapMode) are read from globalThis.
  Object.assign(globalThis, globals);
  return create([]);
}
