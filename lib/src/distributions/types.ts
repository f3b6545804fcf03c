/**
 * Shared types and base classes of the probability distributions: the {@link FitResult} returned by
 * every `fit`, and the {@link ContinuousDistribution} / {@link DiscreteDistribution} bases that give
 * each family the same array methods (`logPdfArray`/`logPmfArray`, `logLikelihood`, `sample`).
 * @module
 */
import type { Rng } from "../core/rng.js";
import { checkPoint, checkPoints, sampleSetup } from "./internal.js";

/**
 * The maximum-likelihood fit of a distribution.
 *
 * `params` and `standardErrors` have the same keys (the family's parameter names). Standard errors
 * are on the natural parameter scale: square roots of the diagonal of the inverse observed
 * information (minus the Hessian of the log-likelihood at the MLE).
 * @example
 * const fit = Gamma.fit([1.2, 0.7, 3.1, 2.2]);
 * fit.params.shape; fit.standardErrors.shape; fit.distribution.logPdf(1);
 */
export interface FitResult<P, D> {
  /** The maximum-likelihood estimates, by name. */
  params: P;
  /** Log-likelihood of the data at the estimates. */
  logLikelihood: number;
  /** Standard errors of the estimates, same names as `params`. */
  standardErrors: P;
  /**
   * Covariance matrix of the estimates (inverse observed information), rows and columns in the
   * order of the keys of `params` (scalar-parameter families only).
   */
  vcov?: number[][];
  /** Number of observations. */
  n: number;
  /** Iterations of the numerical method (absent for closed-form estimates). */
  iterations?: number;
  /** Whether the numerical method converged (always true for closed forms). */
  converged: boolean;
  /** The fitted distribution. */
  distribution: D;
  /** A caveat about the estimate (boundary estimate, infinite SE, ...), if any. */
  message?: string;
}

// The array methods of both base classes, written once: validate, then apply the family's
// one-value log density (or draw) to each entry.
function logEach(data: ArrayLike<number>, fn: string, logDensity: (x: number) => number): Float64Array {
  const x = checkPoints(data, fn);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = logDensity(x[i]);
  return out;
}

function logSum(data: ArrayLike<number>, fn: string, logDensity: (x: number) => number): number {
  const x = checkPoints(data, fn);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += logDensity(x[i]);
  return s;
}

function drawMany(n: number, rng: Rng | number, fn: string, draw: (r: Rng) => number): Float64Array {
  const r = sampleSetup(n, rng, fn);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw(r);
  return out;
}

/**
 * What every univariate family offers, continuous or discrete: a log-density (pdf or pmf) for one
 * value and over arrays, sampling, and its mean and variance.
 * @example
 * const dists: UnivariateDistribution[] = [new Normal(0, 1), new Poisson(3)];
 * dists.map((d) => d.logLikelihood([0, 1, 2]));
 */
export interface UnivariateDistribution {
  /** Family name ("Normal", "Poisson", ...). */
  readonly family: string;
  /** "continuous" (density) or "discrete" (probability mass). */
  readonly kind: "continuous" | "discrete";
  /** Mean (NaN where it does not exist, e.g. Cauchy; Infinity where it is infinite). */
  readonly mean: number;
  /** Variance (NaN where it does not exist; Infinity where it is infinite). */
  readonly variance: number;
  /** log pdf (continuous) or log pmf (discrete) at x; -Infinity outside the support. */
  logDensity(x: number): number;
  /** Σ log density over `data`. */
  logLikelihood(data: ArrayLike<number>): number;
  /** P(X ≤ x). */
  cdf(x: number): number;
  /** `n` independent draws. */
  sample(n: number, rng: Rng | number): Float64Array;
}

/**
 * Base class of the continuous families: subclasses supply the log-density of one value and one
 * draw; this class adds validation and the array methods.
 * @example
 * // The uniform distribution on [0, 1] (see Normal for a complete family, with fit):
 * class UnitUniform extends ContinuousDistribution {
 *   readonly family = "UnitUniform";
 *   readonly mean = 0.5;
 *   readonly variance = 1 / 12;
 *   cdf(x: number) { return Math.min(1, Math.max(0, x)); }
 *   protected lpdf(x: number) { return x >= 0 && x <= 1 ? 0 : -Infinity; }
 *   protected draw(rng: Rng) { return rng.uniform(); }
 * }
 * new UnitUniform().logLikelihood([0.2, 0.7]); // → 0
 */
export abstract class ContinuousDistribution implements UnivariateDistribution {
  /** Always "continuous". */
  readonly kind = "continuous" as const;
  /** Family name used in messages ("Normal", "Gamma", ...). */
  abstract readonly family: string;
  /** Mean of the distribution. */
  abstract readonly mean: number;
  /** Variance of the distribution. */
  abstract readonly variance: number;
  /** P(X ≤ x). */
  abstract cdf(x: number): number;
  /** log pdf at a non-NaN x (±Infinity allowed). */
  protected abstract lpdf(x: number): number;
  /** One draw. */
  protected abstract draw(rng: Rng): number;

  /**
   * log pdf at x: -Infinity outside the support, never NaN (NaN input throws NonFiniteError).
   * @example
   * new Normal(0, 1).logPdf(0); // → -0.9189385332046727
   */
  logPdf(x: number): number {
    return this.lpdf(checkPoint(x, `${this.family}.logPdf`));
  }

  /**
   * Probability density at x.
   * @example
   * new Exponential(2).pdf(0); // → 2
   */
  pdf(x: number): number {
    return Math.exp(this.lpdf(checkPoint(x, `${this.family}.pdf`)));
  }

  /**
   * Same as {@link logPdf}; the name shared with the discrete families (see UnivariateDistribution).
   * @example
   * new Normal(0, 1).logDensity(0);
   */
  logDensity(x: number): number {
    return this.lpdf(checkPoint(x, `${this.family}.logDensity`));
  }

  /**
   * log pdf of every value of `data` (length n → Float64Array of length n).
   * @example
   * new Normal(0, 1).logPdfArray([0, 1]); // → [-0.919, -1.419]
   */
  logPdfArray(data: ArrayLike<number>): Float64Array {
    return logEach(data, `${this.family}.logPdfArray`, (x) => this.lpdf(x));
  }

  /**
   * Log-likelihood Σ log pdf(data[i]); -Infinity if any value is outside the support.
   * @example
   * new Normal(0, 1).logLikelihood([0, 1]); // → -2.3378770664093453
   */
  logLikelihood(data: ArrayLike<number>): number {
    return logSum(data, `${this.family}.logLikelihood`, (x) => this.lpdf(x));
  }

  /**
   * `n` independent draws (same seed → same numbers).
   * @example
   * new Normal(0, 1).sample(3, 42); // Float64Array of length 3
   */
  sample(n: number, rng: Rng | number): Float64Array {
    return drawMany(n, rng, `${this.family}.sample`, (r) => this.draw(r));
  }
}

/**
 * Base class of the discrete families on the integers: subclasses supply the log-pmf of one value
 * (called with any non-NaN number; non-integers have probability 0) and one draw.
 * @example
 * new Poisson(2).logPmfArray([0, 1, 2]);
 */
export abstract class DiscreteDistribution implements UnivariateDistribution {
  /** Always "discrete". */
  readonly kind = "discrete" as const;
  /** Family name used in messages. */
  abstract readonly family: string;
  /** Mean of the distribution. */
  abstract readonly mean: number;
  /** Variance of the distribution. */
  abstract readonly variance: number;
  /** P(X ≤ k). */
  abstract cdf(k: number): number;
  /** log pmf at an integer k (non-integers are handled by the base class). */
  protected abstract lpmf(k: number): number;
  /** One draw. */
  protected abstract draw(rng: Rng): number;

  private lpmfAny(k: number): number {
    return Number.isInteger(k) ? this.lpmf(k) : -Infinity;
  }

  /**
   * log P(X = k): -Infinity for k outside the support or not an integer; NaN input throws.
   * @example
   * new Poisson(2).logPmf(0); // → -2
   */
  logPmf(k: number): number {
    return this.lpmfAny(checkPoint(k, `${this.family}.logPmf`));
  }

  /**
   * P(X = k).
   * @example
   * new Bernoulli(0.3).pmf(1); // → 0.3
   */
  pmf(k: number): number {
    return Math.exp(this.lpmfAny(checkPoint(k, `${this.family}.pmf`)));
  }

  /**
   * Same as {@link logPmf}; the name shared with the continuous families.
   * @example
   * new Poisson(2).logDensity(0); // → -2
   */
  logDensity(k: number): number {
    return this.lpmfAny(checkPoint(k, `${this.family}.logDensity`));
  }

  /**
   * log pmf of every value of `data` (length n → Float64Array of length n).
   * @example
   * new Poisson(2).logPmfArray([0, 1]);
   */
  logPmfArray(data: ArrayLike<number>): Float64Array {
    return logEach(data, `${this.family}.logPmfArray`, (k) => this.lpmfAny(k));
  }

  /**
   * Log-likelihood Σ log pmf(data[i]); -Infinity if any value is impossible.
   * @example
   * new Poisson(2).logLikelihood([0, 1, 2]);
   */
  logLikelihood(data: ArrayLike<number>): number {
    return logSum(data, `${this.family}.logLikelihood`, (k) => this.lpmfAny(k));
  }

  /**
   * `n` independent draws (integers stored in a Float64Array).
   * @example
   * new Poisson(2).sample(5, 1);
   */
  sample(n: number, rng: Rng | number): Float64Array {
    return drawMany(n, rng, `${this.family}.sample`, (r) => this.draw(r));
  }
}
