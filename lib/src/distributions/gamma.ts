/**
 * The gamma distribution with shape k and scale θ.
 * @module
 */
import type { Rng } from "../core/rng.js";
import { digamma, lgamma, trigamma } from "../core/special.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { regularizedGammaP } from "./incomplete.js";
import {
  checkPoint,
  degenerate,
  findRoot,
  fitData,
  deviationMinusLog1p,
  scaledCovariance,
  type NumericFitOptions,
  numericOptions,
  range,
  xlogy,
} from "./internal.js";
import { ContinuousDistribution, type FitResult } from "./types.js";

/**
 * log k − ψ(k) (positive, decreasing, ≈ 1/(2k)). For k ≥ 100 the asymptotic series avoids the
 * cancellation of two numbers near log k (which would cost ~log10(k) digits).
 */
function logMinusDigamma(k: number): number {
  if (k < 100) return Math.log(k) - digamma(k);
  const i = 1 / k;
  const i2 = i * i;
  return 0.5 * i + i2 * (1 / 12 - i2 * (1 / 120 - i2 * (1 / 252 - i2 / 240)));
}

/** d/dk [log k − ψ(k)] = 1/k − ψ'(k) (negative), by its asymptotic series for k ≥ 100. */
function logMinusDigammaDerivative(k: number): number {
  if (k < 100) return 1 / k - trigamma(k);
  const i = 1 / k;
  const i2 = i * i;
  return -i2 * (0.5 + i * (1 / 6 - i2 * (1 / 30 - i2 * (1 / 42 - i2 / 30))));
}

/**
 * k log k − k − lgamma(k). For k > 15 (where lgamma uses Stirling's series) it is ½ log(k/2π) minus
 * the same series, computed without the cancellation of three terms of size k log k, which would
 * cost ~log10(k) digits: the log-likelihood of concentrated data (k ≈ 10¹³) depends on it.
 */
function stirlingGap(k: number): number {
  if (k <= 15) return k * Math.log(k) - k - lgamma(k);
  const inv = 1 / k;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 + inv2 * (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 / 1188))));
  return 0.5 * Math.log(k) - HALF_LOG_2PI - series;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
/** Above this shape the density is evaluated in the centred form (see lpdf). */
const LARGE_SHAPE = 100;

/**
 * Parameters of {@link Gamma}.
 * @example
 * const { shape, scale }: GammaParams = Gamma.fit([1.2, 0.7, 3.1]).params;
 */
export type GammaParams = {
  /** Shape k > 0. */
  shape: number;
  /** Scale θ > 0 (rate = 1/θ). */
  scale: number;
};

/**
 * Gamma distribution on x > 0: f(x) = x^{k−1} e^{−x/θ} / (Γ(k) θ^k), mean kθ.
 * (scipy: `gamma(a = k, scale = θ)`; R: `dgamma(shape = k, scale = θ)`.)
 * @example
 * const d = new Gamma(2, 3);
 * d.mean; // → 6
 * const fit = Gamma.fit([735, 320, 325, 392, 524, 450]);
 * fit.params.shape; fit.standardErrors.scale;
 */
export class Gamma extends ContinuousDistribution {
  readonly family = "Gamma";
  /** Shape k. */
  readonly shape: number;
  /** Scale θ. */
  readonly scale: number;
  private readonly logNorm: number;
  /** Large shapes: stirlingGap(k) − log k − log θ (see lpdf). */
  private readonly centredNorm: number;

  /**
   * @param shape k > 0
   * @param scale θ > 0 (default 1)
   */
  constructor(shape: number, scale = 1) {
    super();
    assertNumber(shape, "Gamma", "shape", { gt: 0 });
    assertNumber(scale, "Gamma", "scale", { gt: 0 });
    this.shape = shape;
    this.scale = scale;
    this.logNorm = -lgamma(shape) - shape * Math.log(scale);
    this.centredNorm = stirlingGap(shape) - Math.log(shape) - Math.log(scale);
  }

  /** Rate 1/θ. */
  get rate(): number {
    return 1 / this.scale;
  }

  /** kθ. */
  get mean(): number {
    return this.shape * this.scale;
  }

  /** kθ². */
  get variance(): number {
    return this.shape * this.scale * this.scale;
  }

  protected lpdf(x: number): number {
    if (!(x >= 0) || x === Infinity) return -Infinity;
    const k = this.shape;
    const mean = k * this.scale;
    const e = (x - mean) / mean;
    // Near the mean of a large shape, with e = x/(kθ) − 1: log f = stirlingGap(k) − log k − log θ +
    // k(log1p(e) − e) − log1p(e). The plain form adds terms of size k log x that cancel to O(1);
    // this one has no cancellation. Far from the mean the density is tiny and the plain form fine.
    if (k >= LARGE_SHAPE && Math.abs(e) < 0.5) return this.centredNorm - k * deviationMinusLog1p(e) - Math.log1p(e);
    return xlogy(k - 1, x) - x / this.scale + this.logNorm;
  }

  protected draw(rng: Rng): number {
    return rng.gamma(this.shape, this.scale);
  }

  /**
   * P(X ≤ x) = P(k, x/θ) (regularised lower incomplete gamma).
   * @example
   * new Gamma(1, 2).cdf(2); // → 1 - exp(-1)
   */
  cdf(x: number): number {
    x = checkPoint(x, `${this.family}.cdf`);
    return x <= 0 ? 0 : regularizedGammaP(this.shape, x / this.scale);
  }

  /**
   * Maximum-likelihood fit. The scale has the closed form θ̂ = x̄/k̂; the shape solves the profile
   * equation log k − ψ(k) = log x̄ − mean(log x) =: s, by safeguarded Newton on log k started at
   * Minka's approximation k₀ = (3 − s + √((s−3)² + 24s)) / (12s) (within 1.5%; 3–5 iterations).
   * Standard errors from the analytic observed information
   * −H = [[n ψ'(k), n/θ], [n/θ, 2Σx/θ³ − nk/θ²]].
   * @param data positive numbers, not all equal
   * @param options maxIter (default 200), tol (relative tolerance on k, default 1e-12)
   * @example
   * Gamma.fit([1.2, 0.7, 3.1, 2.2]).params; // { shape, scale }
   */
  static fit(data: ArrayLike<number>, options?: NumericFitOptions): FitResult<GammaParams, Gamma> {
    const fn = "Gamma.fit";
    checkOptions(options, ["maxIter", "tol"], fn);
    const { maxIter, tol } = numericOptions(options, fn);
    const x = fitData(data, fn, {
      test: (v) => v > 0,
      condition: "> 0",
      hint: "Gamma is for positive data; for data with zeros consider a hurdle model, or shift the data explicitly.",
    });
    const n = x.length;
    const [lo, hi] = range(x);
    if (lo === hi) {
      degenerate(fn, "Gamma", x, "the likelihood increases for ever as shape → ∞ with shape·scale fixed at the common value.");
    }
    let sum = 0;
    let sumLog = 0;
    for (let i = 0; i < n; i++) {
      sum += x[i];
      sumLog += Math.log(x[i]);
    }
    const mean = sum / n;
    // s = log x̄ − mean(log x) = mean(d_i − log(1 + d_i)) with d_i = x_i/x̄ − 1 (as Σd_i = 0). Each term
    // is ≥ 0 and computed without cancellation (series for small d), so s stays accurate (≈ CV²/2)
    // for concentrated data, where the plain difference of logs would be rounding noise.
    let s = 0;
    let sumD = 0;
    for (let i = 0; i < n; i++) {
      const d = (x[i] - mean) / mean;
      sumD += d;
      s += deviationMinusLog1p(d);
    }
    s /= n;
    if (!(s > 0)) {
      degenerate(fn, "Gamma", x, "the values are equal to within rounding, so the shape estimate is infinite.");
    }
    // Minka (2002), "Estimating a Gamma distribution": starting value accurate to ~1.5%.
    const k0 = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
    // In t = log k the equation g(t) = t − ψ(e^t) − s is decreasing and well scaled for any k.
    const root = findRoot(
      (t) => logMinusDigamma(Math.exp(t)) - s,
      (t) => Math.exp(t) * logMinusDigammaDerivative(Math.exp(t)),
      Math.log(k0),
      { lower: -700, upper: 700, step: 0.05, tol, maxIter },
    );
    const shape = Math.exp(root.root);
    const scale = mean / shape;
    const dist = new Gamma(shape, scale);
    // Observed information in (log k, log θ), where it is scale-free: n[[k²ψ'(k), k], [k, k]] at the
    // MLE (θ = x̄/k). Its inverse in closed form, with D = kψ'(k) − 1 = −k(1/k − ψ'(k)) from the
    // accurate series (a Cholesky factorisation would subtract 1 from kψ'(k) ≈ 1 + 1/(2k) and lose
    // every digit of D for concentrated data, k ≳ 10¹⁶): (1/(nkD))·[[1, −1], [−1, 1 + D]].
    const D = -shape * logMinusDigammaDerivative(shape);
    const c = 1 / (n * shape * D);
    const info = scaledCovariance([c, -c, -c, c * (1 + D)], [shape, scale], fn);
    // ℓ in centred form (d_i = x_i/x̄ − 1, s as above): −n log x̄ − Σd − (k−1)ns + n·stirlingGap(k).
    // The textbook form sums terms of size nk log x that cancel to O(n) when k is large.
    const logLikelihood =
      shape < LARGE_SHAPE
        ? (shape - 1) * sumLog - sum / scale - n * shape * Math.log(scale) - n * lgamma(shape)
        : -n * Math.log(mean) - sumD - (shape - 1) * n * s + n * stirlingGap(shape);
    return {
      params: { shape, scale },
      logLikelihood,
      standardErrors: { shape: info.se[0], scale: info.se[1] },
      vcov: info.vcov,
      n,
      iterations: root.iterations,
      converged: root.converged,
      distribution: dist,
      ...(info.message ? { message: info.message } : {}),
    };
  }
}
