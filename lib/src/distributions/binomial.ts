/**
 * The binomial distribution with a known number of trials.
 * @module
 */
import { DomainError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { logChoose } from "../core/special.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { regularizedBeta } from "./incomplete.js";
import { boundaryMessage, checkPoint, fitData, xlog1my, xlogy } from "./internal.js";
import { DiscreteDistribution, type FitResult } from "./types.js";

/**
 * Parameters estimated by {@link Binomial.fit} (the number of trials is known).
 * @example
 * const { p }: BinomialParams = Binomial.fit([3, 5], { trials: 10 }).params;
 */
export type BinomialParams = {
  /** Success probability p ∈ [0, 1]. */
  p: number;
};

/**
 * Options of {@link Binomial.fit}.
 * @example
 * Binomial.fit([3, 5, 2], { trials: 10 });
 */
export interface BinomialFitOptions {
  /** The known number of trials per observation (required). */
  trials: number;
}

/**
 * Binomial distribution: P(X = k) = C(n, k) p^k (1−p)^{n−k}, k = 0..n, with n = `trials` known.
 * @example
 * new Binomial(10, 0.3).mean; // → 3
 * Binomial.fit([3, 5, 2, 4], { trials: 10 }).params.p; // → 0.35
 */
export class Binomial extends DiscreteDistribution {
  readonly family = "Binomial";
  /** Number of trials n. */
  readonly trials: number;
  /** Success probability p. */
  readonly p: number;

  /**
   * @param trials number of trials, an integer ≥ 0
   * @param p success probability in [0, 1]
   */
  constructor(trials: number, p: number) {
    super();
    assertNumber(trials, "Binomial", "trials", { ge: 0, le: Number.MAX_SAFE_INTEGER, integer: true });
    assertNumber(p, "Binomial", "p", { ge: 0, le: 1 });
    this.trials = trials;
    this.p = p;
  }

  /** np. */
  get mean(): number {
    return this.trials * this.p;
  }

  /** np(1 − p). */
  get variance(): number {
    return this.trials * this.p * (1 - this.p);
  }

  protected lpmf(k: number): number {
    if (k < 0 || k > this.trials) return -Infinity;
    return logChoose(this.trials, k) + xlogy(k, this.p) + xlog1my(this.trials - k, this.p);
  }

  protected draw(rng: Rng): number {
    return rng.binomial(this.trials, this.p);
  }

  /**
   * P(X ≤ k) = I_{1−p}(n − k, k + 1).
   * @example
   * new Binomial(2, 0.5).cdf(1); // → 0.75
   */
  cdf(k: number): number {
    k = checkPoint(k, `${this.family}.cdf`);
    if (k < 0) return 0;
    const j = Math.floor(k);
    if (j >= this.trials || this.p === 0) return 1;
    if (this.p === 1) return 0;
    return regularizedBeta(1 - this.p, this.trials - j, j + 1);
  }

  /**
   * Maximum-likelihood fit of p with the number of trials known: p̂ = Σx / (N·trials),
   * se(p̂) = √(p̂(1−p̂)/(N·trials)), N = number of observations.
   * @param data integers in [0, trials]
   * @param options `{ trials }` (required)
   * @example
   * Binomial.fit([3, 5, 2, 4], { trials: 10 }).standardErrors.p;
   */
  static fit(data: ArrayLike<number>, options: BinomialFitOptions): FitResult<BinomialParams, Binomial> {
    const fn = "Binomial.fit";
    checkOptions(options, ["trials"], fn);
    const trials = options?.trials;
    if (trials === undefined) {
      throw new DomainError(`${fn}: options.trials is required (the known number of trials per observation), e.g. Binomial.fit(x, { trials: 10 }).`);
    }
    assertNumber(trials, fn, "options.trials", { ge: 1, integer: true });
    const x = fitData(data, fn, {
      test: (v) => Number.isInteger(v) && v >= 0 && v <= trials,
      condition: `an integer between 0 and trials = ${trials}`,
      hint: "Binomial data are success counts out of the known number of trials.",
    });
    const n = x.length;
    let s = 0;
    let sumChoose = 0;
    for (let i = 0; i < n; i++) {
      s += x[i];
      sumChoose += logChoose(trials, x[i]);
    }
    const total = n * trials;
    const p = s / total;
    const se = Math.sqrt((p * (1 - p)) / total);
    return {
      params: { p },
      logLikelihood: sumChoose + xlogy(s, p) + xlog1my(total - s, p),
      standardErrors: { p: se },
      vcov: [[se * se]],
      n,
      converged: true,
      distribution: new Binomial(trials, p),
      ...(p === 0 || p === 1 ? { message: boundaryMessage(fn, p) } : {}),
    };
  }
}
