/**
 * The Bernoulli distribution on {0, 1}.
 * @module
 */
import type { Rng } from "../core/rng.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { boundaryMessage, checkPoint, fitData, xlog1my, xlogy } from "./internal.js";
import { DiscreteDistribution, type FitResult } from "./types.js";

/**
 * Parameters of {@link Bernoulli}.
 * @example
 * const { p }: BernoulliParams = Bernoulli.fit([1, 0, 1]).params;
 */
export type BernoulliParams = {
  /** Success probability p ∈ [0, 1]. */
  p: number;
};

/**
 * Bernoulli distribution: P(X = 1) = p, P(X = 0) = 1 − p.
 * @example
 * new Bernoulli(0.3).logPmf(0); // → log(0.7)
 * Bernoulli.fit([1, 0, 0, 1, 1]).params.p; // → 0.6
 */
export class Bernoulli extends DiscreteDistribution {
  readonly family = "Bernoulli";
  /** Success probability p. */
  readonly p: number;

  /** @param p success probability in [0, 1] */
  constructor(p: number) {
    super();
    assertNumber(p, "Bernoulli", "p", { ge: 0, le: 1 });
    this.p = p;
  }

  /** p. */
  get mean(): number {
    return this.p;
  }

  /** p(1 − p). */
  get variance(): number {
    return this.p * (1 - this.p);
  }

  protected lpmf(k: number): number {
    if (k === 1) return Math.log(this.p);
    if (k === 0) return Math.log1p(-this.p);
    return -Infinity;
  }

  protected draw(rng: Rng): number {
    return rng.uniform() < this.p ? 1 : 0;
  }

  /**
   * P(X ≤ k).
   * @example
   * new Bernoulli(0.3).cdf(0); // → 0.7
   */
  cdf(k: number): number {
    k = checkPoint(k, `${this.family}.cdf`);
    return k < 0 ? 0 : k < 1 ? 1 - this.p : 1;
  }

  /**
   * Maximum-likelihood fit: p̂ = mean of the 0/1 data, se(p̂) = √(p̂(1−p̂)/n).
   * @param data values 0 or 1
   * @example
   * Bernoulli.fit([1, 0, 0, 1, 1]).standardErrors.p;
   */
  static fit(data: ArrayLike<number>, options?: Record<string, never>): FitResult<BernoulliParams, Bernoulli> {
    const fn = "Bernoulli.fit";
    checkOptions(options, [], fn);
    const x = fitData(data, fn, {
      test: (v) => v === 0 || v === 1,
      condition: "0 or 1",
      hint: "Bernoulli is for binary outcomes coded 0/1 (for counts out of n trials use Binomial).",
    });
    const n = x.length;
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i];
    const p = s / n;
    const se = Math.sqrt((p * (1 - p)) / n);
    return {
      params: { p },
      logLikelihood: xlogy(s, p) + xlog1my(n - s, p),
      standardErrors: { p: se },
      vcov: [[se * se]],
      n,
      converged: true,
      distribution: new Bernoulli(p),
      ...(p === 0 || p === 1 ? { message: boundaryMessage(fn, p) } : {}),
    };
  }
}
