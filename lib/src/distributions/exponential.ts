/**
 * The exponential distribution with rate λ (mean 1/λ).
 * @module
 */
import type { Rng } from "../core/rng.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { DomainError } from "../core/errors.js";
import { checkPoint, fitData, meanOf } from "./internal.js";
import { ContinuousDistribution, type FitResult } from "./types.js";

/**
 * Parameters of {@link Exponential}.
 * @example
 * const { rate }: ExponentialParams = Exponential.fit([0.4, 1.3]).params;
 */
export type ExponentialParams = {
  /** Rate λ > 0 (mean 1/λ). */
  rate: number;
};

/**
 * Exponential distribution on x ≥ 0: f(x) = λ e^{−λx}. (scipy: `expon(scale = 1/λ)`.)
 * @example
 * new Exponential(2).mean;             // → 0.5
 * Exponential.fit([0.3, 1.2, 0.5]).params.rate; // → 1.5 — 1 / mean
 */
export class Exponential extends ContinuousDistribution {
  readonly family = "Exponential";
  /** Rate λ. */
  readonly rate: number;

  /** @param rate λ > 0 (default 1) */
  constructor(rate = 1) {
    super();
    assertNumber(rate, "Exponential", "rate", { gt: 0 });
    this.rate = rate;
  }

  /** 1/λ. */
  get mean(): number {
    return 1 / this.rate;
  }

  /** 1/λ². */
  get variance(): number {
    return 1 / (this.rate * this.rate);
  }

  protected lpdf(x: number): number {
    if (!(x >= 0)) return -Infinity;
    return Math.log(this.rate) - this.rate * x;
  }

  protected draw(rng: Rng): number {
    return rng.exponential(this.rate);
  }

  /**
   * P(X ≤ x) = 1 − e^{−λx}.
   * @example
   * new Exponential(1).cdf(1); // → 1 - exp(-1)
   */
  cdf(x: number): number {
    x = checkPoint(x, `${this.family}.cdf`);
    return x <= 0 ? 0 : -Math.expm1(-this.rate * x);
  }

  /**
   * Maximum-likelihood fit: λ̂ = 1/x̄, se(λ̂) = λ̂/√n (observed information n/λ²).
   * @param data non-negative numbers, not all zero
   * @example
   * Exponential.fit([0.3, 1.2, 0.5]).standardErrors.rate;
   */
  static fit(data: ArrayLike<number>, options?: Record<string, never>): FitResult<ExponentialParams, Exponential> {
    const fn = "Exponential.fit";
    checkOptions(options, [], fn);
    const x = fitData(data, fn, {
      test: (v) => v >= 0,
      condition: "≥ 0",
      hint: "Exponential is for non-negative data (waiting times, lengths).",
    });
    const n = x.length;
    const m = meanOf(x);
    if (!(m > 0)) {
      throw new DomainError(
        `${fn}: every value is 0, so the maximum-likelihood estimate does not exist (the likelihood grows without bound as rate → ∞). ` +
          "Pass data with at least one positive value.",
      );
    }
    const rate = 1 / m;
    const se = rate / Math.sqrt(n);
    return {
      params: { rate },
      logLikelihood: n * (Math.log(rate) - 1),
      standardErrors: { rate: se },
      vcov: [[se * se]],
      n,
      converged: true,
      distribution: new Exponential(rate),
    };
  }
}
