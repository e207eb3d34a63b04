/**
 * The normal distribution's special functions, written here so every metric uses the same accurate
 * values (no platform `erf`, none in JavaScript anyway).
 *
 * erfc(x), x ≥ 0:
 *   x < 2:  erfc = 1 − erf, erf(x) = (2/√π)·e^{−x²}·Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·…·(2n+1))
 *           (all terms positive, so no cancellation inside the sum; erfc(2) ≈ 4.7e−3 keeps the
 *           subtraction's relative error below ~1e−13);
 *   x ≥ 2:  Laplace's continued fraction erfc(x) = (e^{−x²}/√π) · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))),
 *           evaluated with the modified Lentz method.
 *   e^{−x²} is evaluated as e^{−h²}·e^{−(x−h)(x+h)} with h = x rounded down to 1/16, so that the
 *   rounding of x² does not cost relative accuracy in the far tail.
 * erfc(−x) = 2 − erfc(x).
 *
 * Φ(x) = ½·erfc(−x/√2), φ(x) = e^{−x²/2}/√(2π).
 * Φ⁻¹(p): Wichura's AS241 (PPND16, ≈1e−16 relative) as the start, then Halley steps
 *   x ← x − u/(1 + x·u/2), u = (Φ(x) − p)/φ(x), on the lower tail (p ≤ ½; the upper tail by symmetry,
 *   1 − p being exact there), which makes the result agree with the accurate Φ to ≲1e−15 relative.
 */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** e^{−x²} without losing the relative accuracy of x² in the tail. */
function expMinusSquare(x: number): number {
  const h = Math.floor(x * 16) / 16;
  return Math.exp(-h * h) * Math.exp(-(x - h) * (x + h));
}

function erfSeries(x: number): number {
  // Σ 2ⁿ x^{2n+1}/(2n+1)!!: each term is the previous times 2x²/(2n+1).
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / SQRT_PI) * expMinusSquare(x) * sum;
}

function erfcContinuedFraction(x: number): number {
  // K = 1/(x + a1/(x + a2/(x + …))), a_n = n/2, by modified Lentz.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return expMinusSquare(x) / (SQRT_PI * f);
}

/** Complementary error function erfc(x) = (2/√π)∫ₓ^∞ e^{−t²} dt; NaN only for NaN input. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x > 27.3) return 0; // below the smallest subnormal
  return x < 2 ? 1 - erfSeries(x) : erfcContinuedFraction(x);
}

/** Error function erf(x) = 1 − erfc(x), by the series near 0 to keep relative accuracy for tiny x. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < 2) return erfSeries(Math.abs(x)) * Math.sign(x);
  return x > 0 ? 1 - erfc(x) : erfc(-x) - 1;
}

/** Standard normal CDF Φ(x) = ½·erfc(−x/√2). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/** Standard normal PDF φ(x) = e^{−x²/2}/√(2π). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

// AS241 PPND16 coefficients (Wichura, Appl. Statist. 37, 477, 1988).
const A = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727];
const B = [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561];
const C = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4];
const D = [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9];
const E = [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7];
const F = [1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15];

function poly(c: number[], x: number): number {
  let s = 0;
  for (let i = c.length - 1; i >= 0; i--) s = s * x + c[i];
  return s;
}

/** AS241's starting value for Φ⁻¹(p), 0 < p < 1. */
function ppnd16(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  const v = r <= 5 ? poly(C, r - 1.6) / poly(D, r - 1.6) : poly(E, r - 5) / poly(F, r - 5);
  return q < 0 ? -v : v;
}

/**
 * Inverse standard normal CDF. Φ⁻¹(0) = −∞, Φ⁻¹(1) = +∞; p outside [0, 1] or NaN is a RangeError
 * (never a silent NaN).
 */
export function normalPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalPpf: probability ${p} is outside [0, 1]`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -lowerTailPpf(1 - p);
  return lowerTailPpf(p);
}

function lowerTailPpf(p: number): number {
  let x = ppnd16(p);
  for (let i = 0; i < 3; i++) {
    const pdf = normalPdf(x);
    if (pdf === 0) break;
    const u = (normalCdf(x) - p) / pdf;
    const step = u / (1 + 0.5 * x * u);
    x -= step;
    if (Math.abs(step) <= 1e-17 * Math.abs(x)) break;
  }
  return x;
}
