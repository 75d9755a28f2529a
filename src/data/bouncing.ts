// The bouncing trajectory of Srivastava et al. 2015 (crnn-diffusion.md §8.1): a position in [0, 1]^2 (units of
// the free range R = canvas - digit), direction theta ~ U[0, 2 pi), speed stepLength per frame; each frame first
// steps, then reflects on each axis (clamp to the wall, negate that velocity component). The top-left pixel is
// trunc(R * position).

import type { Generator } from '../tensor/random.js';

export interface Trajectory {
  /** Top-left row of the digit in each frame, in [0, range]. */
  readonly rows: readonly number[];
  /** Top-left column in each frame, in [0, range]. */
  readonly cols: readonly number[];
}

/** Draws y, x, theta (in that order) and walks `frames` steps. */
export function bouncingTrajectory(gen: Generator, frames: number, range: number, stepLength: number): Trajectory {
  let y = gen.uniform();
  let x = gen.uniform();
  const theta = gen.uniform() * 2 * Math.PI;
  let vy = Math.sin(theta);
  let vx = Math.cos(theta);
  const rows: number[] = [];
  const cols: number[] = [];
  for (let t = 0; t < frames; t++) {
    y += vy * stepLength;
    x += vx * stepLength;
    if (y <= 0) [y, vy] = [0, -vy];
    if (y >= 1) [y, vy] = [1, -vy];
    if (x <= 0) [x, vx] = [0, -vx];
    if (x >= 1) [x, vx] = [1, -vx];
    rows.push(Math.trunc(range * y));
    cols.push(Math.trunc(range * x));
  }
  return { rows, cols };
}
