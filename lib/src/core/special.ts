/**
 * Numerically stable special functions, in one place: log-sum-exp, log1p/expm1 based helpers,
 * lgamma, digamma and trigamma. Everything else in mlem calls these rather than re-deriving them.
 * @module
 */

/**
 * log(Σ exp(x_i)) without overflow or underflow. Returns -Infinity for an empty input or when every
 * term is -Infinity, and +Infinity if any term is +Infinity.
 * @param x values (log-scale)
 * @param start first index to include (default 0)
 * @param end one past the last index (default x.length)
 * @example
 * logSumExp([1000, 1000]); // → 1000 + log(2)
 */
export function logSumExp(x: ArrayLike<number>, start = 0, end = x.length): number {
  let max = -Infinity;
  for (let i = start; i < end; i++) if (x[i] > max) max = x[i];
  if (max === -Infinity || max === Infinity) return max;
  let s = 0;
  for (let i = start; i < end; i++) s += Math.exp(x[i] - max);
  return max + Math.log(s);
}

/**
 * log(1 + exp(x)) (the softplus), exact for large |x|.
 * @example
 * log1pExp(800); // → 800
 */
export function log1pExp(x: number): number {
  if (x > 33.3) return x + Math.exp(-x);
  if (x > -37) return Math.log1p(Math.exp(x));
  return Math.exp(x);
}

/**
 * log(1 - exp(x)) for x <= 0, accurate near 0 and for very negative x (Mächler 2012).
 * @example
 * log1mExp(-1e-20); // → log(1e-20)
 */
export function log1mExp(x: number): number {
  if (x > 0) return NaN;
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/**
 * The logistic function 1 / (1 + exp(-x)), without overflow.
 * @example
 * sigmoid(0); // → 0.5
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * log(p / (1 - p)).
 * @example
 * logit(0.5); // → 0
 */
export function logit(p: number): number {
  return Math.log(p) - Math.log1p(-p);
}

// Lanczos approximation, g = 7, n = 9 (Numerical Recipes 3rd ed. / Godfrey): ~1e-15 relative.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log|Γ(x)|. Exact at the positive integers up to rounding, Stirling series for large x,
 * reflection for x < 0.5. Returns +Infinity at the poles (0, -1, -2, ...).
 * @example
 * lgamma(5); // → log(24)
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1-x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  if (x === 1 || x === 2) return 0;
  if (x > 15) {
    const inv = 1 / x;
    const inv2 = inv * inv;
    const series = inv * (1 / 12 + inv2 * (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 / 1188))));
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
  }
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b).
 * @example
 * logBeta(1, 1); // → 0
 */
export function logBeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/**
 * log of the binomial coefficient C(n, k).
 * @example
 * Math.exp(logChoose(5, 2)); // → 10
 */
export function logChoose(n: number, k: number): number {
  return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/**
 * The digamma function ψ(x) = d/dx log Γ(x): recurrence up to x ≥ 10, then the asymptotic series.
 * Accurate to about 1e-14 relative away from the poles.
 * @example
 * digamma(1); // → -0.5772156649015329 — minus the Euler–Mascheroni constant
 */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  let result = 0;
  if (x < 0) {
    // Reflection: ψ(1-x) - ψ(x) = π cot(πx)
    result -= Math.PI / Math.tan(Math.PI * x);
    x = 1 - x;
  }
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  result +=
    Math.log(x) - 0.5 * inv -
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return result;
}

/**
 * The trigamma function ψ'(x): recurrence up to x ≥ 10, then the asymptotic series (x > 0 only).
 * @example
 * trigamma(1); // → PI ** 2 / 6
 */
export function trigamma(x: number): number {
  if (!(x > 0)) {
    if (Number.isInteger(x)) return NaN;
    // Reflection: ψ'(1-x) + ψ'(x) = π² / sin²(πx)
    const s = Math.sin(Math.PI * x);
    return (Math.PI * Math.PI) / (s * s) - trigamma(1 - x);
  }
  let result = 0;
  while (x < 10) {
    result += 1 / (x * x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  result +=
    inv + 0.5 * inv2 +
    inv * inv2 * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 * (1 / 30 - inv2 * (5 / 66)))));
  return result;
}
