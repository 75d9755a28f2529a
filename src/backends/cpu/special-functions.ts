// Scalar special functions Math lacks, accurate to double precision so float64 gradient checks of erf and
// gelu compare against the true function.

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf(x): a positive-term series below |x| = 3 (no cancellation), a continued fraction for erfc above. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let r: number;
  if (a < 3) {
    // erf(a) = 2/sqrt(pi) * exp(-a^2) * sum_n 2^n a^(2n+1) / (1*3*...*(2n+1))
    let term = a;
    let total = a;
    const a2 = 2 * a * a;
    for (let n = 1; n < 200 && term > total * 1e-17; n++) {
      term *= a2 / (2 * n + 1);
      total += term;
    }
    r = TWO_OVER_SQRT_PI * Math.exp(-a * a) * total;
  } else if (a < 6) {
    // erfc(a) = exp(-a^2)/sqrt(pi) * 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...))))), evaluated bottom-up.
    let f = a;
    for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
    r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  } else {
    r = 1;
  }
  return x < 0 ? -r : r;
}

/** Round half to even (banker's rounding), as torch.round and numpy.round. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Logistic sigmoid without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
