/**
 * The normal (Gaussian) distribution N(mean, sd²).
 * @module
 */
import type { Rng } from "../core/rng.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { normalCdf } from "./incomplete.js";
import { checkPoint, degenerate, diagonalVcov, fitData, meanOf, rootMeanSquareDeviation, range } from "./internal.js";
import { ContinuousDistribution, type FitResult } from "./types.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Parameters of {@link Normal}.
 * @example
 * const { mean, sd }: NormalParams = Normal.fit([1, 2, 4]).params;
 */
export type NormalParams = {
  /** Mean μ. */
  mean: number;
  /** Standard deviation σ > 0. */
  sd: number;
};

/**
 * Normal distribution with mean μ and standard deviation σ:
 * log f(x) = −½((x−μ)/σ)² − log σ − ½ log 2π.
 * @example
 * const d = new Normal(10, 2);
 * d.logPdf(10);      // → -log(2) - 0.5 * log(2 * PI)
 * d.cdf(12);         // → 0.8413
 * Normal.fit([1, 2, 4]).params; // → { mean: 2.333, sd: 1.247 } — 1/n variance
 */
export class Normal extends ContinuousDistribution {
  readonly family = "Normal";
  /** Mean μ. */
  readonly mean: number;
  /** Standard deviation σ. */
  readonly sd: number;
  private readonly logSd: number;

  /**
   * @param mean μ (default 0)
   * @param sd σ > 0 (default 1)
   */
  constructor(mean = 0, sd = 1) {
    super();
    assertNumber(mean, "Normal", "mean");
    assertNumber(sd, "Normal", "sd", { gt: 0 });
    this.mean = mean;
    this.sd = sd;
    this.logSd = Math.log(sd);
  }

  /** Variance σ². */
  get variance(): number {
    return this.sd * this.sd;
  }

  protected lpdf(x: number): number {
    const z = (x - this.mean) / this.sd;
    return -0.5 * z * z - this.logSd - HALF_LOG_2PI;
  }

  protected draw(rng: Rng): number {
    return rng.normal(this.mean, this.sd);
  }

  /**
   * P(X ≤ x), accurate in both tails.
   * @example
   * new Normal(0, 1).cdf(0); // → 0.5
   */
  cdf(x: number): number {
    x = checkPoint(x, `${this.family}.cdf`);
    return normalCdf((x - this.mean) / this.sd);
  }

  /**
   * Maximum-likelihood fit: μ̂ = x̄ and σ̂ = √(Σ(x−x̄)²/n). Note the 1/n (not 1/(n−1)) variance: that
   * is the MLE, biased downward by the factor (n−1)/n. Standard errors from the observed
   * information: se(μ̂) = σ̂/√n, se(σ̂) = σ̂/√(2n) (μ̂ and σ̂ are uncorrelated).
   * @param data n ≥ 2 finite numbers, not all equal
   * @param options none at present (unknown keys throw UnknownOptionError)
   * @example
   * const fit = Normal.fit([2.1, 3.4, 1.9, 2.8]);
   * fit.params.sd; fit.standardErrors.mean;
   */
  static fit(data: ArrayLike<number>, options?: Record<string, never>): FitResult<NormalParams, Normal> {
    const fn = "Normal.fit";
    checkOptions(options, [], fn);
    const x = fitData(data, fn);
    const [lo, hi] = range(x);
    if (lo === hi) {
      degenerate(fn, "Normal", x, "the likelihood grows without bound as sd → 0 (the fitted variance would be 0).");
    }
    const n = x.length;
    const mean = meanOf(x);
    const sd = rootMeanSquareDeviation(x, mean);
    const dist = new Normal(mean, sd);
    const se = [sd / Math.sqrt(n), sd / Math.sqrt(2 * n)];
    return {
      params: { mean, sd },
      logLikelihood: -n * (Math.log(sd) + HALF_LOG_2PI + 0.5),
      standardErrors: { mean: se[0], sd: se[1] },
      vcov: diagonalVcov(se),
      n,
      converged: true,
      distribution: dist,
    };
  }
}
