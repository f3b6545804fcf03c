/**
 * The categorical distribution on {0, ..., K−1}.
 * @module
 */
import { DomainError, InvalidInputError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { assertNumber, checkOptions, toVector } from "../core/validate.js";
import { checkPoint, checkProbs, fitData, probabilityVectorErrors, xlogy } from "./internal.js";
import { DiscreteDistribution, type FitResult } from "./types.js";

/**
 * Parameters of {@link Categorical}.
 * @example
 * const { probs }: CategoricalParams = Categorical.fit([0, 2, 1, 1]).params;
 */
export type CategoricalParams = {
  /** Category probabilities, length K, summing to 1. */
  probs: number[];
};

/**
 * Options of {@link Categorical.fit}.
 * @example
 * Categorical.fit([0, 1, 1], { categories: 3 });
 */
export interface CategoricalFitOptions {
  /** Number of categories K (default: 1 + the largest index in the data). */
  categories?: number;
}

/**
 * Categorical distribution: P(X = k) = probs[k], k = 0, ..., K−1 (categories coded as indices).
 * `mean` and `variance` are those of the index k (rarely useful; `probs` is the parameter).
 * @example
 * const d = new Categorical([0.2, 0.5, 0.3]);
 * d.pmf(1); // → 0.5
 * Categorical.fit([0, 1, 1, 2, 1]).params.probs; // → [0.2, 0.6, 0.2]
 */
export class Categorical extends DiscreteDistribution {
  readonly family = "Categorical";
  /** Category probabilities (length K). */
  readonly probs: Float64Array;

  /** @param probs probabilities of categories 0..K−1 (≥ 0, summing to 1) */
  constructor(probs: ArrayLike<number>) {
    super();
    this.probs = checkProbs(probs, "Categorical");
  }

  /** Number of categories K. */
  get categories(): number {
    return this.probs.length;
  }

  /** Σ k probs[k] (mean of the index). */
  get mean(): number {
    let m = 0;
    for (let k = 0; k < this.probs.length; k++) m += k * this.probs[k];
    return m;
  }

  /** Variance of the index. */
  get variance(): number {
    const m = this.mean;
    let v = 0;
    for (let k = 0; k < this.probs.length; k++) v += (k - m) * (k - m) * this.probs[k];
    return v;
  }

  protected lpmf(k: number): number {
    if (k < 0 || k >= this.probs.length) return -Infinity;
    return Math.log(this.probs[k]);
  }

  protected draw(rng: Rng): number {
    return rng.categorical(this.probs);
  }

  /**
   * P(X ≤ k).
   * @example
   * new Categorical([0.2, 0.5, 0.3]).cdf(1); // → 0.7
   */
  cdf(k: number): number {
    k = checkPoint(k, `${this.family}.cdf`);
    let s = 0;
    for (let j = 0; j < this.probs.length && j <= k; j++) s += this.probs[j];
    return Math.min(1, s);
  }

  /**
   * Maximum-likelihood fit from category indices: probs[k] = count_k / n, se = √(p_k(1−p_k)/n);
   * `vcov` is the multinomial covariance (diag(p) − ppᵀ)/n.
   * @param data category indices 0..K−1
   * @param options `categories`: K (default 1 + max index), so unseen trailing categories get 0
   * @example
   * Categorical.fit([0, 1, 1, 2, 1], { categories: 4 }).params.probs; // → [0.2, 0.6, 0.2, 0]
   */
  static fit(data: ArrayLike<number>, options?: CategoricalFitOptions): FitResult<CategoricalParams, Categorical> {
    const fn = "Categorical.fit";
    checkOptions(options, ["categories"], fn);
    const x = fitData(data, fn, {
      test: (v) => Number.isInteger(v) && v >= 0,
      condition: "a non-negative integer",
      hint: "Categorical data are category indices 0, 1, ..., K−1 (map labels to indices first).",
    });
    let K = 0;
    for (let i = 0; i < x.length; i++) K = Math.max(K, x[i] + 1);
    if (options?.categories !== undefined) {
      assertNumber(options.categories, fn, "options.categories", { ge: 1, integer: true });
      if (options.categories < K) {
        throw new DomainError(`${fn}: the data contain index ${K - 1} but options.categories = ${options.categories}; indices must be < categories.`);
      }
      K = options.categories;
    }
    const counts = new Float64Array(K);
    for (let i = 0; i < x.length; i++) counts[x[i]] += 1;
    return fitFromCounts(counts, fn);
  }

  /**
   * Maximum-likelihood fit from a table of counts (counts[k] = number of observations in category k).
   * @example
   * Categorical.fitCounts([186, 38, 13, 284]).params.probs;
   */
  static fitCounts(counts: ArrayLike<number>, options?: Record<string, never>): FitResult<CategoricalParams, Categorical> {
    checkOptions(options, [], "Categorical.fitCounts");
    return fitFromCounts(counts, "Categorical.fitCounts");
  }
}

function fitFromCounts(counts: ArrayLike<number>, fn: string): FitResult<CategoricalParams, Categorical> {
  const c = toVector(counts, fn, "counts");
  let n = 0;
  for (let k = 0; k < c.length; k++) {
    if (!(c[k] >= 0) || !Number.isInteger(c[k])) {
      throw new DomainError(`${fn}: counts[${k}] = ${c[k]} is not a non-negative integer.`);
    }
    n += c[k];
  }
  if (n === 0) throw new InvalidInputError(`${fn}: all counts are 0. Pass at least one observation.`);
  const probs = Array.from(c, (v) => v / n);
  let ll = 0;
  for (let k = 0; k < c.length; k++) ll += xlogy(c[k], probs[k]);
  const { se, vcov } = probabilityVectorErrors(probs, n);
  const boundary = probs.some((p) => p === 0 || p === 1);
  return {
    params: { probs },
    logLikelihood: ll,
    standardErrors: { probs: se },
    vcov,
    n,
    converged: true,
    distribution: new Categorical(probs),
    ...(boundary
      ? { message: `${fn}: some estimated probabilities are 0 or 1 (empty or only categories); their standard errors (0) are not meaningful.` }
      : {}),
  };
}
