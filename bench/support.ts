// Shared by the bench scripts: tiny process.argv flag parsing (the CLI wires its own options later) and
// loading TensorFlow.js's pure-JS cpu backend for side-by-side runs when it is installed.

/** The value after `name` on the command line (`--runs 5`), or undefined. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined;
}

export function hasFlag(name: string): boolean {
  return process.argv.includes(name);
}

export type Tfjs = typeof import('@tensorflow/tfjs-core');

/** tfjs-core with the cpu backend selected, or null (with a note) when the packages are not installed. */
export async function loadTfjsCpu(): Promise<Tfjs | null> {
  try {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  } catch (e) {
    console.warn(`--vs tfjs: @tensorflow/tfjs-core and @tensorflow/tfjs-backend-cpu are not available (${e instanceof Error ? e.message : String(e)})`);
    return null;
  }
}
