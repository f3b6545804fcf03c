/**
 * The Poisson distribution.
 * @module
 */
import type { Rng } from "../core/rng.js";
import { lgamma } from "../core/special.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { regularizedGammaQ } from "./incomplete.js";
import { checkPoint, COUNT_SUPPORT, fitData, poissonLogTerm, xlogy } from "./internal.js";
import { DiscreteDistribution, type FitResult } from "./types.js";

/**
 * Parameters of {@link Poisson}.
 * @example
 * const { rate }: PoissonParams = Poisson.fit([2, 0, 3]).params;
 */
export type PoissonParams = {
  /** Rate λ ≥ 0 (mean and variance). */
  rate: number;
};

/**
 * Poisson distribution: P(X = k) = λ^k e^{−λ} / k!, k = 0, 1, 2, ... (λ = 0 is allowed: X = 0).
 * @example
 * new Poisson(3).pmf(0); // → exp(-3)
 * Poisson.fit([5, 3, 0, 2, 0, 3]).params.rate; // → 13/6
 */
export class Poisson extends DiscreteDistribution {
  readonly family = "Poisson";
  /** Rate λ. */
  readonly rate: number;

  /** @param rate λ ≥ 0 */
  constructor(rate: number) {
    super();
    assertNumber(rate, "Poisson", "rate", { ge: 0 });
    this.rate = rate;
  }

  /** λ. */
  get mean(): number {
    return this.rate;
  }

  /** λ. */
  get variance(): number {
    return this.rate;
  }

  protected lpmf(k: number): number {
    if (k < 0 || k === Infinity) return -Infinity;
    if (this.rate === 0) return k === 0 ? 0 : -Infinity;
    return poissonLogTerm(k, this.rate) - this.rate;
  }

  protected draw(rng: Rng): number {
    return rng.poisson(this.rate);
  }

  /**
   * P(X ≤ k) = Q(⌊k⌋ + 1, λ).
   * @example
   * new Poisson(2).cdf(0); // → exp(-2)
   */
  cdf(k: number): number {
    k = checkPoint(k, `${this.family}.cdf`);
    if (k < 0) return 0;
    if (k === Infinity || this.rate === 0) return 1;
    return regularizedGammaQ(Math.floor(k) + 1, this.rate);
  }

  /**
   * Maximum-likelihood fit: λ̂ = x̄, se(λ̂) = √(λ̂/n). If every count is 0 the MLE is λ̂ = 0 (on the
   * boundary); its Wald standard error 0 is then useless and `message` says so.
   * @param data non-negative integers
   * @example
   * Poisson.fit([5, 3, 0, 2, 0, 3]).standardErrors.rate;
   */
  static fit(data: ArrayLike<number>, options?: Record<string, never>): FitResult<PoissonParams, Poisson> {
    const fn = "Poisson.fit";
    checkOptions(options, [], fn);
    const x = fitData(data, fn, COUNT_SUPPORT("Poisson"));
    const n = x.length;
    let sum = 0;
    let sumLf = 0;
    for (let i = 0; i < n; i++) {
      sum += x[i];
      sumLf += lgamma(x[i] + 1);
    }
    const rate = sum / n;
    const se = Math.sqrt(rate / n);
    return {
      params: { rate },
      logLikelihood: xlogy(sum, rate) - n * rate - sumLf,
      standardErrors: { rate: se },
      vcov: [[se * se]],
      n,
      converged: true,
      distribution: new Poisson(rate),
      ...(rate === 0
        ? { message: `${fn}: every count is 0, so the MLE λ = 0 lies on the boundary and its standard error (0) is not meaningful; use an exact interval (e.g. upper bound 3/n at 95%).` }
        : {}),
    };
  }
}
