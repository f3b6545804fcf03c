/**
 * The log-normal distribution: log X ~ N(meanlog, sdlog²).
 * @module
 */
import type { Rng } from "../core/rng.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { normalCdf } from "./incomplete.js";
import { checkPoint, degenerate, diagonalVcov, fitData, range } from "./internal.js";
import { ContinuousDistribution, type FitResult } from "./types.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Parameters of {@link LogNormal}.
 * @example
 * const { meanlog, sdlog }: LogNormalParams = LogNormal.fit([1.5, 4, 2.2]).params;
 */
export type LogNormalParams = {
  /** Mean of log X. */
  meanlog: number;
  /** Standard deviation of log X, > 0. */
  sdlog: number;
};

/**
 * Log-normal distribution on x > 0 (scipy: `lognorm(s = sdlog, scale = exp(meanlog))`; R: `dlnorm`).
 * @example
 * const d = new LogNormal(0, 1);
 * d.mean;              // → exp(1/2)
 * LogNormal.fit([1.2, 3.4, 0.8]).params.meanlog;
 */
export class LogNormal extends ContinuousDistribution {
  readonly family = "LogNormal";
  /** Mean of log X. */
  readonly meanlog: number;
  /** Standard deviation of log X. */
  readonly sdlog: number;

  /**
   * @param meanlog μ, mean of log X (default 0)
   * @param sdlog σ > 0, standard deviation of log X (default 1)
   */
  constructor(meanlog = 0, sdlog = 1) {
    super();
    assertNumber(meanlog, "LogNormal", "meanlog");
    assertNumber(sdlog, "LogNormal", "sdlog", { gt: 0 });
    this.meanlog = meanlog;
    this.sdlog = sdlog;
  }

  /** exp(μ + σ²/2). */
  get mean(): number {
    return Math.exp(this.meanlog + 0.5 * this.sdlog * this.sdlog);
  }

  /** (exp(σ²) − 1) exp(2μ + σ²). */
  get variance(): number {
    const s2 = this.sdlog * this.sdlog;
    return Math.expm1(s2) * Math.exp(2 * this.meanlog + s2);
  }

  protected lpdf(x: number): number {
    if (!(x > 0) || x === Infinity) return -Infinity;
    const lx = Math.log(x);
    const z = (lx - this.meanlog) / this.sdlog;
    return -0.5 * z * z - Math.log(this.sdlog) - HALF_LOG_2PI - lx;
  }

  protected draw(rng: Rng): number {
    return Math.exp(rng.normal(this.meanlog, this.sdlog));
  }

  /**
   * P(X ≤ x).
   * @example
   * new LogNormal(0, 1).cdf(1); // → 0.5
   */
  cdf(x: number): number {
    x = checkPoint(x, `${this.family}.cdf`);
    if (!(x > 0)) return 0;
    return normalCdf((Math.log(x) - this.meanlog) / this.sdlog);
  }

  /**
   * Maximum-likelihood fit (closed form): the normal MLE of log x, meanlog = mean(log x),
   * sdlog = √(Σ(log x − meanlog)²/n) (1/n variance). SEs sdlog/√n and sdlog/√(2n).
   * @param data positive numbers, not all equal
   * @example
   * LogNormal.fit([120, 340, 95, 510]).standardErrors.meanlog;
   */
  static fit(data: ArrayLike<number>, options?: Record<string, never>): FitResult<LogNormalParams, LogNormal> {
    const fn = "LogNormal.fit";
    checkOptions(options, [], fn);
    const x = fitData(data, fn, {
      test: (v) => v > 0,
      condition: "> 0",
      hint: "LogNormal is for positive data; shift the data or use a family that allows zeros/negatives (e.g. Normal).",
    });
    const n = x.length;
    const [lo, hi] = range(x);
    if (lo === hi) degenerate(fn, "LogNormal", x, "the likelihood grows without bound as sdlog → 0.");
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.log(x[i]);
    const meanlog = s / n;
    let ss = 0;
    let sumLog = 0;
    for (let i = 0; i < n; i++) {
      const l = Math.log(x[i]);
      ss += (l - meanlog) * (l - meanlog);
      sumLog += l;
    }
    const sdlog = Math.sqrt(ss / n);
    const se = [sdlog / Math.sqrt(n), sdlog / Math.sqrt(2 * n)];
    return {
      params: { meanlog, sdlog },
      logLikelihood: -n * (Math.log(sdlog) + HALF_LOG_2PI + 0.5) - sumLog,
      standardErrors: { meanlog: se[0], sdlog: se[1] },
      vcov: diagonalVcov(se),
      n,
      converged: true,
      distribution: new LogNormal(meanlog, sdlog),
    };
  }
}
