// fast-check settings for the whole suite: a fixed seed by default so runs are reproducible, overridable with
// FRAMEGRAD_FC_SEED (and FRAMEGRAD_FC_RUNS); the seed and shrunk counter-example are printed on failure.

import fc from 'fast-check';

const envSeed = process.env.FRAMEGRAD_FC_SEED;
const envRuns = process.env.FRAMEGRAD_FC_RUNS;

export const FC_SEED = envSeed !== undefined ? Number(envSeed) : 20261127;

export function propertyParams<T>(numRuns: number): fc.Parameters<T> {
  return { seed: FC_SEED, numRuns: envRuns !== undefined ? Number(envRuns) : numRuns, endOnFailure: true };
}

/** fc.assert with the suite's seed; the thrown error carries the seed, path and counter-example. */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>, numRuns: number): Promise<void> | void {
  return fc.assert(property as fc.IAsyncProperty<Ts>, propertyParams(numRuns));
}

/** A shape of `rank` dims each in [min, max]. */
export function shapeArb(rank: number, min = 1, max = 4): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min, max }), { minLength: rank, maxLength: rank });
}

/**
 * Values in [-range, range] on a grid of range/1e6 (fast-check's raw doubles crowd at denormals and the bounds,
 * which float32 cannot tell apart; unbiased, so near-equal values that make float32 ill-conditioned are rare), kept at least `gap` away from each `kinks` point (for non-smooth ops).
 */
export function valuesArb(size: number, range = 2, kinks: readonly number[] = [], gap = 1e-3): fc.Arbitrary<number[]> {
  const steps = 1_000_000;
  return fc
    .array(fc.noBias(fc.integer({ min: -steps, max: steps })).map((i) => (i / steps) * range), { minLength: size, maxLength: size })
    .map((vs) => vs.map((v) => kinks.reduce((x, k) => (Math.abs(x - k) < gap ? k + (x >= k ? gap : -gap) : x), v)));
}

/** Two shapes that broadcast together: b is a suffix of a's rank with some dims set to 1 (or the reverse). */
export function broadcastPairArb(maxRank = 4): fc.Arbitrary<[number[], number[]]> {
  return fc
    .tuple(fc.integer({ min: 0, max: maxRank }), fc.integer({ min: 0, max: maxRank }), fc.boolean())
    .chain(([rank, dropLead, swap]) =>
      fc.tuple(shapeArb(rank, 1, 3), fc.array(fc.boolean(), { minLength: rank, maxLength: rank })).map(([shape, ones]) => {
        const other = shape.map((d, i) => (ones[i] ? 1 : d)).slice(Math.min(dropLead, rank));
        return (swap ? [other, shape] : [shape, other]) as [number[], number[]];
      }),
    );
}
