/**
 * Helpers shared by the distribution families (not part of the public API): data validation with
 * family-specific messages, the observed-information → standard-error step, a safeguarded 1-D root
 * finder for the profile equations, and the log-scale chain rule used with `maximize`.
 * @module
 */
import { DomainError, InvalidInputError, NonFiniteError } from "../core/errors.js";
import { choleskyLower, inverseFromCholesky, solveLowerInPlace, solveUpperTransposeInPlace } from "../core/linalg.js";
import { Rng } from "../core/rng.js";
import { lgamma } from "../core/special.js";
import { assertNumber, toVector } from "../core/validate.js";

/** Describes the support of a family for data validation messages. */
export interface Support {
  /** True if the value is in the support used for fitting. */
  test: (v: number) => boolean;
  /** Condition shown in the message, e.g. "> 0" or "an integer ≥ 0". */
  condition: string;
  /** Sentence explaining what the family is for and what to do instead. */
  hint: string;
}

/**
 * Validates `data` for `fn` (non-empty, finite, inside `support`) and returns a Float64Array copy.
 * Message example: "Gamma.fit: data[1] = -2 is not > 0. Gamma is for positive data; ...".
 */
export function fitData(data: unknown, fn: string, support?: Support): Float64Array {
  const x = toVector(data, fn, "data");
  if (support) {
    for (let i = 0; i < x.length; i++) {
      if (!support.test(x[i])) {
        throw new DomainError(`${fn}: data[${i}] = ${x[i]} is not ${support.condition}. ${support.hint}`);
      }
    }
  }
  return x;
}

/** Checks one evaluation point: a number, not NaN (±Infinity is allowed: its density is 0). */
export function checkPoint(x: unknown, fn: string): number {
  if (typeof x !== "number") throw new InvalidInputError(`${fn}: x must be a number, got ${typeof x}.`);
  if (Number.isNaN(x)) throw new NonFiniteError(`${fn}: x is NaN. Remove missing values before evaluating densities.`);
  return x;
}

/** Checks an array of evaluation points (numbers, no NaN); returns it unchanged (no copy). */
export function checkPoints(data: unknown, fn: string): ArrayLike<number> {
  if (!Array.isArray(data) && !(ArrayBuffer.isView(data) && !(data instanceof DataView))) {
    throw new InvalidInputError(`${fn}: data must be an array of numbers.`);
  }
  const a = data as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== "number") throw new InvalidInputError(`${fn}: data[${i}] is ${typeof v}, not a number.`);
    if (Number.isNaN(v)) throw new NonFiniteError(`${fn}: data[${i}] is NaN. Remove missing values first.`);
  }
  return a as ArrayLike<number>;
}

/** Validates a sample size and turns a seed into an Rng. */
export function sampleSetup(n: unknown, rng: unknown, fn: string): Rng {
  // Above 2^31 − 1 a Float64Array cannot be allocated (and nobody wants that many draws).
  assertNumber(n, fn, "n", { ge: 0, integer: true, le: 2 ** 31 - 1 });
  if (!(rng instanceof Rng) && typeof rng !== "number") {
    throw new InvalidInputError(`${fn}: rng must be an Rng or a numeric seed, got ${typeof rng}. Pass e.g. 42 or new Rng(42).`);
  }
  return Rng.from(rng as Rng | number);
}

/** a·log(x) with the convention 0·log(0) = 0 (densities at the edge of the support). */
export function xlogy(a: number, x: number): number {
  return a === 0 ? 0 : a * Math.log(x);
}

/** a·log1p(-p) with 0·log(0) = 0. */
export function xlog1my(a: number, p: number): number {
  return a === 0 ? 0 : a * Math.log1p(-p);
}

/** Throws the standard "MLE does not exist" error for all-equal data. */
export function degenerate(fn: string, family: string, x: Float64Array, why: string): never {
  const what = x.length === 1 ? "there is only one observation" : `all ${x.length} values equal ${x[0]}`;
  throw new DomainError(
    `${fn}: ${what}, so the maximum-likelihood estimate does not exist: ${why} ` +
      `Fit ${family} to data that vary (at least two distinct values).`,
  );
}

/** min and max of a vector. */
export function range(x: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  return [lo, hi];
}

/**
 * Arithmetic mean, finite for finite data (even when the plain sum would overflow) and accurate for
 * data far from 0: a second pass adds the mean of the deviations from the first estimate, so data
 * like 2⁴⁰ + small values keep the digits the plain sum loses (≈ n·ulp(2⁴⁰)).
 */
export function meanOf(x: ArrayLike<number>): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  let m: number;
  if (Number.isFinite(s)) m = s / n;
  else {
    // Values near ±1.8e308 overflow the sum; average x/n instead.
    m = 0;
    for (let i = 0; i < n; i++) m += x[i] / n;
  }
  let r = 0;
  for (let i = 0; i < n; i++) r += x[i] - m;
  const corrected = m + r / n;
  return Number.isFinite(corrected) ? corrected : m;
}

/**
 * Column means of a row-major n×d matrix, each as accurate as {@link meanOf}.
 */
export function columnMeans(data: ArrayLike<number>, n: number, d: number): Float64Array {
  const out = new Float64Array(d);
  const col = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) col[i] = data[i * d + j];
    out[j] = meanOf(col);
  }
  return out;
}

/**
 * √(Σ (x_i − mean)² / n) without overflow or underflow: deviations beyond ~1e154 would square to
 * Infinity and deviations below ~1e-154 to 0 (or to inaccurate subnormals), so then they are
 * scaled by the largest one first.
 */
export function rootMeanSquareDeviation(x: ArrayLike<number>, mean: number): number {
  const n = x.length;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
  if (Number.isFinite(ss) && ss > 1e-200) return Math.sqrt(ss / n);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[i] / 2 - mean / 2));
  if (scale === 0) return 0;
  ss = 0;
  for (let i = 0; i < n; i++) {
    const r = (x[i] / 2 - mean / 2) / scale;
    ss += r * r;
  }
  return 2 * scale * Math.sqrt(ss / n);
}

/** Median (average of the two middle values for even n). */
export function medianOf(x: ArrayLike<number>): number {
  const s = Float64Array.from(x).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Quantile by linear interpolation (type 7, the R/numpy default). */
export function quantileOf(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Standard errors and covariance of the estimates from the observed information. */
export interface InformationResult {
  se: number[];
  vcov: number[][];
  /** Set when the information matrix is not positive-definite (SEs are then Infinity). */
  message?: string;
}

/**
 * Inverts the observed information I = −H (H = Hessian of the log-likelihood at the MLE, row-major
 * d×d, natural parameters) via Cholesky. If I is not positive-definite (a flat or boundary
 * likelihood) the standard errors are reported as Infinity with an explanatory message.
 */
export function fromObservedInformation(H: ArrayLike<number>, d: number, fn: string): InformationResult {
  const I = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) I[i] = -H[i];
  const L = new Float64Array(d * d);
  if (!choleskyLower(I, d, L)) {
    return {
      se: new Array<number>(d).fill(Infinity),
      vcov: Array.from({ length: d }, () => new Array<number>(d).fill(Infinity)),
      message:
        `${fn}: the observed information (minus the Hessian of the log-likelihood) is not positive-definite at the estimate, ` +
        "so the likelihood is flat or not at a maximum in some direction; standard errors are reported as Infinity.",
    };
  }
  const V = new Float64Array(d * d);
  inverseFromCholesky(L, d, V);
  const vcov: number[][] = [];
  const se: number[] = [];
  for (let i = 0; i < d; i++) {
    vcov.push(Array.from(V.subarray(i * d, i * d + d)));
    se.push(Math.sqrt(V[i * d + i]));
  }
  return { se, vcov };
}

/**
 * Standard errors and covariance of θ from the covariance V of u, where θ_i moves by s_i per unit of
 * u_i at the estimate (u_i = log θ_i: s_i = θ_i; u_i = (θ_i − θ̂_i)/c: s_i = c). The information is
 * inverted where it is scale-free and only the results are scaled, so standard errors stay finite
 * for data × 10^±300; vcov entries that leave double range (Var(θ) = s² V) are reported in `message`.
 * @param V row-major d×d covariance of u
 */
export function scaledCovariance(V: ArrayLike<number>, s: readonly number[], fn: string): InformationResult {
  const d = s.length;
  const se: number[] = [];
  const vcov: number[][] = [];
  let outOfRange = false;
  for (let i = 0; i < d; i++) {
    se.push(s[i] * Math.sqrt(V[i * d + i]));
    const row: number[] = [];
    for (let j = 0; j < d; j++) {
      const v = s[i] * V[i * d + j] * s[j];
      if (!Number.isFinite(v) || (v === 0 && V[i * d + j] !== 0)) outOfRange = true;
      row.push(v);
    }
    vcov.push(row);
  }
  const result: InformationResult = { se, vcov };
  if (outOfRange && se.every((v) => Number.isFinite(v))) {
    result.message =
      `${fn}: some entries of vcov (products of standard errors) are outside double-precision range and were rounded to ` +
      "±Infinity or 0; the standard errors themselves are accurate. Rescale the data to use vcov.";
  }
  return result;
}

/**
 * {@link fromObservedInformation} for a Hessian H with respect to u (see {@link scaledCovariance}):
 * θ_i moves by s_i per unit of u_i. At the MLE the Hessian in θ is diag(1/s) H diag(1/s).
 */
export function fromScaledObservedInformation(H: ArrayLike<number>, s: readonly number[], fn: string): InformationResult {
  const d = s.length;
  const I = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) I[i] = -H[i];
  const L = new Float64Array(d * d);
  if (!choleskyLower(I, d, L)) return fromObservedInformation(H, d, fn);
  const V = new Float64Array(d * d);
  inverseFromCholesky(L, d, V);
  return scaledCovariance(V, s, fn);
}

/**
 * d − log1p(d) (≥ 0), accurate for small |d| where the difference would be rounding noise: the
 * series d²/2 − d³/3 + d⁴/4 − d⁵/5 below |d| = 1e-4 (truncation error < d⁶/6 ≈ 2e-25 relative to d²).
 */
export function deviationMinusLog1p(d: number): number {
  return Math.abs(d) < 1e-4 ? d * d * (0.5 - d * (1 / 3 - d * (0.25 - d / 5))) : d - Math.log1p(d);
}

/**
 * Standard errors and covariance of category probabilities estimated as counts / total:
 * Cov(p̂_i, p̂_j) = (δ_ij p_i − p_i p_j) / total (singular: the probabilities sum to 1).
 */
export function probabilityVectorErrors(probs: number[], total: number): { se: number[]; vcov: number[][] } {
  return {
    se: probs.map((p) => Math.sqrt((p * (1 - p)) / total)),
    vcov: probs.map((pi, i) => probs.map((pj, j) => ((i === j ? pi : 0) - pi * pj) / total)),
  };
}

/** Diagonal covariance from per-parameter standard errors (closed-form fits with orthogonal parameters). */
export function diagonalVcov(se: number[]): number[][] {
  return se.map((s, i) => se.map((_, j) => (i === j ? s * s : 0)));
}

/**
 * Transforms the gradient g and Hessian H (row-major) of f(θ) to u where θ_i = exp(u_i) for the
 * indices in `logIdx`: ∂f/∂u_i = θ_i g_i, ∂²f/∂u_i∂u_j = s_i s_j H_ij + δ_ij s_i g_i, s_i = θ_i.
 */
export function chainLog(theta: ArrayLike<number>, g: Float64Array, H: Float64Array | null, logIdx: readonly number[]): void {
  const d = g.length;
  const s = new Float64Array(d).fill(1);
  for (const i of logIdx) s[i] = theta[i];
  if (H) {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) H[i * d + j] *= s[i] * s[j];
    for (const i of logIdx) H[i * d + i] += s[i] * g[i];
  }
  for (let i = 0; i < d; i++) g[i] *= s[i];
}

/** Result of {@link findRoot}. */
export interface RootResult {
  root: number;
  iterations: number;
  converged: boolean;
}

/**
 * Safeguarded Newton–bisection for a root of a monotone function g near t0. First brackets the
 * root by stepping away from t0 (doubling the step) until g changes sign, within [lower, upper];
 * then Newton steps, falling back to bisection whenever a step leaves the bracket.
 * Returns converged = false if no sign change is found (the root lies beyond the limits).
 */
export function findRoot(
  g: (t: number) => number,
  dg: (t: number) => number,
  t0: number,
  opts: { lower: number; upper: number; step?: number; tol?: number; maxIter?: number },
): RootResult {
  const tol = opts.tol ?? 1e-14;
  const maxIter = opts.maxIter ?? 200;
  let g0 = g(t0);
  if (g0 === 0) return { root: t0, iterations: 0, converged: true };
  // Direction in which g moves toward zero, from the local slope (monotone g).
  const slope = dg(t0);
  let dir = Number.isFinite(slope) && slope !== 0 ? (g0 > 0 === slope > 0 ? -1 : 1) : 1;
  let step = opts.step ?? 0.5;
  let a = t0;
  let ga = g0;
  let b = t0;
  let gb = g0;
  let iterations = 0;
  let bracketed = false;
  for (let tries = 0; tries < 200; tries++) {
    iterations++;
    b = Math.min(opts.upper, Math.max(opts.lower, a + dir * step));
    gb = g(b);
    if (Number.isFinite(gb) && Math.sign(gb) !== Math.sign(ga)) {
      bracketed = true;
      break;
    }
    if (gb === 0) return { root: b, iterations, converged: true };
    if (b === opts.upper || b === opts.lower) {
      if (tries === 0 && Number.isFinite(slope)) {
        dir = -dir; // the slope pointed the wrong way at t0 (non-monotone start); try the other side once
        continue;
      }
      return { root: b, iterations, converged: false };
    }
    if (Number.isFinite(gb)) {
      a = b;
      ga = gb;
    }
    step *= 2;
  }
  if (!bracketed) return { root: a, iterations, converged: false };
  // Now g(a) and g(b) have opposite signs.
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  let glo = lo === a ? ga : gb;
  let t = Math.abs(ga) < Math.abs(gb) ? a : b;
  g0 = t === a ? ga : gb;
  for (let k = 0; k < maxIter; k++) {
    iterations++;
    const d = dg(t);
    let next = t - g0 / d;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = 0.5 * (lo + hi);
    const gn = g(next);
    if (gn === 0) return { root: next, iterations, converged: true };
    if (Math.sign(gn) === Math.sign(glo)) {
      lo = next;
      glo = gn;
    } else {
      hi = next;
    }
    const moved = Math.abs(next - t);
    t = next;
    g0 = gn;
    if (moved <= tol * Math.max(1, Math.abs(t)) || hi - lo <= tol * Math.max(1, Math.abs(t))) {
      return { root: t, iterations, converged: true };
    }
  }
  return { root: t, iterations, converged: false };
}

/**
 * Tolerance and iteration options shared by the numerical fits.
 * @example
 * Gamma.fit([1.2, 0.7, 3.1], { maxIter: 50, tol: 1e-10 });
 */
export interface NumericFitOptions {
  /** Maximum number of iterations (default 200). */
  maxIter?: number;
  /** Convergence tolerance (default 1e-12 relative on the parameter / 1e-12 on the scaled gradient). */
  tol?: number;
}

/** Validates maxIter / tol options. */
export function numericOptions(options: NumericFitOptions | undefined, fn: string): { maxIter: number; tol: number } {
  const maxIter = options?.maxIter ?? 200;
  const tol = options?.tol ?? 1e-12;
  assertNumber(maxIter, fn, "options.maxIter", { ge: 1, integer: true });
  assertNumber(tol, fn, "options.tol", { gt: 0 });
  return { maxIter, tol };
}

/** Support check for count data, shared by the count families. */
export const COUNT_SUPPORT = (family: string): Support => ({
  test: (v: number) => v >= 0 && Number.isInteger(v),
  condition: "a non-negative integer",
  hint: `${family} is for counts 0, 1, 2, ...; round or re-code the data first.`,
});

/** Message used when a probability MLE is 0 or 1. */
export function boundaryMessage(fn: string, p: number): string {
  return `${fn}: the MLE p = ${p} lies on the boundary of [0, 1], so its Wald standard error (0) is not meaningful; use an exact or Wilson interval.`;
}

/** Checks a probability vector (non-negative, sums to 1 within 1e-9) and returns it renormalised. */
export function checkProbs(probs: unknown, fn: string): Float64Array {
  const p = toVector(probs, fn, "probs");
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] < 0) throw new DomainError(`${fn}: probs[${i}] = ${p[i]} is negative; probabilities must be ≥ 0.`);
    s += p[i];
  }
  if (Math.abs(s - 1) > 1e-9) {
    throw new DomainError(`${fn}: probs sum to ${s}, not 1. Normalise them (divide by their sum) first.`);
  }
  for (let i = 0; i < p.length; i++) p[i] /= s;
  return p;
}


/**
 * lgamma(k + r) − lgamma(k + 1) for k ≥ 0, r > 0, finite for huge k (where both terms overflow or
 * cancel): beyond k = 1e10·max(1, r) the expansion (r−1) log k + (r−1)r/(2k) is exact to double precision.
 */
export function logGammaRatio(k: number, r: number): number {
  if (k > 1e10 * Math.max(1, r)) return (r - 1) * Math.log(k) + ((r - 1) * r) / (2 * k);
  return lgamma(k + r) - lgamma(k + 1);
}

/**
 * k log λ − lgamma(k + 1) (the Poisson log-pmf without −λ), finite for huge k: Stirling's
 * lgamma(k+1) = k log k − k + ½ log(2πk) + 1/(12k) beyond k = 1e10 avoids Infinity − Infinity.
 */
export function poissonLogTerm(k: number, rate: number): number {
  if (k > 1e10) return k * (Math.log(rate / k) + 1) - 0.5 * Math.log(2 * Math.PI * k) - 1 / (12 * k);
  return xlogy(k, rate) - lgamma(k + 1);
}

/**
 * Polishes a maximiser found by `maximize` with plain Newton steps on the score equation g(x) = 0.
 * Near the optimum the log-likelihood changes by less than its rounding error, so a line search on
 * f stalls while the analytic score still carries several more correct digits; each step is kept only
 * if it shrinks max|g|. Returns the polished point (a copy), the number of steps taken and max|g| there.
 */
export function polishScore(
  gradient: (x: Float64Array) => Float64Array,
  hessian: (x: Float64Array) => Float64Array,
  x0: ArrayLike<number>,
  maxSteps = 5,
): { x: Float64Array; steps: number; gradientNorm: number } {
  const d = x0.length;
  let x = Float64Array.from(x0);
  let g = gradient(x);
  let gNorm = maxAbs(g);
  const A = new Float64Array(d * d);
  const L = new Float64Array(d * d);
  let steps = 0;
  for (let it = 0; it < maxSteps && gNorm > 0; it++) {
    const H = hessian(x);
    for (let i = 0; i < d * d; i++) A[i] = -H[i];
    if (!choleskyLower(A, d, L)) break;
    const step = Float64Array.from(g);
    solveLowerInPlace(L, d, step);
    solveUpperTransposeInPlace(L, d, step);
    const y = new Float64Array(d);
    for (let i = 0; i < d; i++) y[i] = x[i] + step[i];
    const gy = gradient(y);
    const gyNorm = maxAbs(gy);
    if (!(gyNorm < gNorm)) break;
    x = y;
    g = gy;
    gNorm = gyNorm;
    steps++;
  }
  return { x, steps, gradientNorm: gNorm };
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (!(a <= m)) m = a; // NaN propagates as "not smaller"
  }
  return m;
}
