// WGSL float helpers the builtins do not provide accurately or at all: expm1/log1p near 0, overflow-free tanh
// and sigmoid, erf, round-half-to-even, C-like pow for negative bases, and sin/cos range reduction (WGSL only
// bounds sin/cos error inside [-pi, pi]). Inf/NaN are built from `var`s so they are not constant-folded
// (WGSL rejects shaders whose constant expressions overflow).

export const SPECIAL_FLOATS_WGSL = `
fn f_inf() -> f32 { var b = 0x7f800000u; return bitcast<f32>(b); }
fn f_nan() -> f32 { var b = 0x7fc00000u; return bitcast<f32>(b); }
`;

export const MATH_WGSL = `${SPECIAL_FLOATS_WGSL}

fn expm1f(x: f32) -> f32 {
  if (abs(x) < 0.1) {
    // Taylor series to x^8: relative error below 1e-11 here, where exp(x) - 1 would cancel.
    return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0
      + x * (1.0 / 720.0 + x * (1.0 / 5040.0 + x * (1.0 / 40320.0))))))));
  }
  return exp(x) - 1.0;
}

fn log1pf(x: f32) -> f32 {
  if (abs(x) < 0.1) {
    return x * (1.0 + x * (-0.5 + x * (1.0 / 3.0 + x * (-0.25 + x * (0.2 + x * (-1.0 / 6.0
      + x * (1.0 / 7.0 + x * (-0.125 + x * (1.0 / 9.0)))))))));
  }
  return log(1.0 + x);
}

fn tanhf(x: f32) -> f32 {
  // exp of a non-positive argument never overflows, and expm1 keeps small |x| accurate.
  let e = expm1f(-2.0 * abs(x));
  return -sign(x) * e / (2.0 + e);
}

fn sigmoidf(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}

fn erff(x: f32) -> f32 {
  let a = abs(x);
  if (a < 0.5) {
    // Maclaurin series: relative error ~3e-8 at |x| = 0.5 and better below, unlike erfc-based forms.
    let z = x * x;
    return x * (1.1283791670955126 + z * (-0.37612638903183754 + z * (0.11283791670955126
      + z * (-0.026866170645131254 + z * (0.005223977625442188 + z * (-0.0008548327023450853
      + z * 0.00012055332981789664))))));
  }
  // Numerical Recipes' erfc Chebyshev fit (fractional error < 1.2e-7), which is < 0.5 here.
  let t = 1.0 / (1.0 + 0.5 * a);
  let y = t * exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
    + t * (-0.82215223 + t * 0.17087277)))))))));
  return sign(x) * (1.0 - y);
}

fn roundEvenf(x: f32) -> f32 {
  let r = floor(x);
  let d = x - r;
  if (d > 0.5) { return r + 1.0; }
  if (d < 0.5) { return r; }
  return select(r + 1.0, r, r * 0.5 == floor(r * 0.5));
}

fn reduce2pi(x: f32) -> f32 {
  // Cody-Waite: 6.28125 has 8 significant bits so k * 6.28125 is exact for |k| < 2^16.
  let k = round(x * 0.15915494309189535);
  return (x - k * 6.28125) - k * 0.0019353071795864769;
}

fn sinf(x: f32) -> f32 { return sin(reduce2pi(x)); }
fn cosf(x: f32) -> f32 { return cos(reduce2pi(x)); }

fn powf(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (y == 1.0) { return x; }
  if (y == 2.0) { return x * x; }
  let r = exp2(y * log2(abs(x)));
  if (x >= 0.0 || x != x) {
    if (x == 0.0) { return select(0.0, f_inf(), y < 0.0); }
    return r;
  }
  // Negative base: defined only for integer exponents, negative for odd ones (as C pow).
  if (fract(y) != 0.0) { return f_nan(); }
  return select(r, -r, fract(y * 0.5) != 0.0);
}

fn ipow(x: i32, y: i32) -> i32 {
  if (y < 0) {
    if (x == 1) { return 1; }
    if (x == -1) { return select(1, -1, (y & 1) != 0); }
    return 0;
  }
  var result = 1;
  var base = x;
  var e = y;
  loop {
    if (e == 0) { break; }
    if ((e & 1) != 0) { result *= base; }
    base *= base;
    e = e >> 1u;
  }
  return result;
}
`;
