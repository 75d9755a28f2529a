// For the stand-alone comparison scripts in bench/ (`framegrad bench` runs the op, model and target suites): tiny
// process.argv flag parsing and loading TensorFlow.js's pure-JS cpu backend for side-by-side runs.

/** The value after `name` on the command line (`--runs 5`), or undefined. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined;
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
