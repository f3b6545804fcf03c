/**
 * The Cauchy distribution (Student t with one degree of freedom).
 * @module
 */
import { DomainError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { maximize } from "../optim/maximize.js";
import {
  chainLog,
  checkPoint,
  degenerate,
  fitData,
  fromScaledObservedInformation,
  medianOf,
  type NumericFitOptions,
  numericOptions,
  polishScore,
  quantileOf,
  range,
} from "./internal.js";
import { mostFrequent, standardised, tEmSteps, tLogLik, tScoreHessian } from "./tLikelihood.js";
import { ContinuousDistribution, type FitResult } from "./types.js";

/**
 * Parameters of {@link Cauchy}.
 * @example
 * const { location, scale }: CauchyParams = Cauchy.fit([0.3, -1, 5, 0.1]).params;
 */
export type CauchyParams = {
  /** Location μ (the median). */
  location: number;
  /** Scale γ > 0 (half the interquartile range). */
  scale: number;
};

/**
 * Cauchy distribution: f(x) = 1 / (πγ(1 + ((x−μ)/γ)²)). Its mean and variance do not exist
 * (`mean` and `variance` are NaN).
 * @example
 * new Cauchy(0, 1).cdf(1); // → 0.75
 * Cauchy.fit([0.3, -1.2, 0.8, 12.5, -0.1, 0.4]).params;
 */
export class Cauchy extends ContinuousDistribution {
  readonly family = "Cauchy";
  /** Location μ. */
  readonly location: number;
  /** Scale γ. */
  readonly scale: number;

  /**
   * @param location μ (default 0)
   * @param scale γ > 0 (default 1)
   */
  constructor(location = 0, scale = 1) {
    super();
    assertNumber(location, "Cauchy", "location");
    assertNumber(scale, "Cauchy", "scale", { gt: 0 });
    this.location = location;
    this.scale = scale;
  }

  /** NaN: the Cauchy distribution has no mean. */
  get mean(): number {
    return NaN;
  }

  /** NaN: the Cauchy distribution has no variance. */
  get variance(): number {
    return NaN;
  }

  protected lpdf(x: number): number {
    if (!Number.isFinite(x)) return -Infinity;
    const u = (x - this.location) / this.scale;
    return -Math.log(Math.PI * this.scale) - Math.log1p(u * u);
  }

  protected draw(rng: Rng): number {
    return this.location + this.scale * Math.tan(Math.PI * (rng.uniformOpen() - 0.5));
  }

  /**
   * P(X ≤ x) = ½ + atan((x−μ)/γ)/π.
   * @example
   * new Cauchy(0, 1).cdf(0); // → 0.5
   */
  cdf(x: number): number {
    x = checkPoint(x, `${this.family}.cdf`);
    return 0.5 + Math.atan((x - this.location) / this.scale) / Math.PI;
  }

  /**
   * Maximum-likelihood fit of (location, scale). The likelihood can have several local maxima; we
   * start at the median and half the interquartile range, take 50 EM steps (monotone), then run
   * Newton's method (`maximize`, "newton") on (μ, log γ) with the analytic score and Hessian,
   * finished with plain Newton steps on the score.
   * Standard errors from the analytic observed information.
   * The MLE does not exist when half or more of the values coincide (Copas 1975): DomainError.
   * @param data finite numbers
   * @param options maxIter (default 200), tol (gradient tolerance relative to |log-likelihood|, default 1e-12)
   * @example
   * Cauchy.fit([0.3, -1.2, 0.8, 12.5, -0.1, 0.4]).standardErrors.scale;
   */
  static fit(data: ArrayLike<number>, options?: NumericFitOptions): FitResult<CauchyParams, Cauchy> {
    const fn = "Cauchy.fit";
    checkOptions(options, ["maxIter", "tol"], fn);
    const { maxIter, tol } = numericOptions(options, fn);
    const x = fitData(data, fn);
    const n = x.length;
    const [lo, hi] = range(x);
    if (lo === hi) degenerate(fn, "Cauchy", x, "the likelihood grows without bound as scale → 0.");
    const sorted = Float64Array.from(x).sort();
    const { value: tied, count: maxRun } = mostFrequent(sorted);
    if (2 * maxRun >= n) {
      throw new DomainError(
        `${fn}: ${maxRun} of the ${n} values equal ${tied}; when half or more of the data coincide the Cauchy likelihood ` +
          "grows without bound as scale → 0 at that value, so the MLE does not exist.",
      );
    }
    let s0 = 0.5 * (quantileOf(sorted, 0.75) - quantileOf(sorted, 0.25));
    if (!(s0 > 0)) s0 = (hi - lo) / 4;
    // Fit the standardised data (see tLikelihood.standardised), then map back.
    const med = medianOf(x);
    const z = standardised(x, med, s0);
    const [mu0, sigma0] = tEmSteps(z, 0, 1, 1, 50);
    const gradient = (u: Float64Array): Float64Array => {
      const th = [u[0], Math.exp(u[1])];
      const { g } = tScoreHessian(z, th[0], th[1], 1);
      const g2 = g.slice(0, 2);
      chainLog(th, g2, null, [1]);
      return g2;
    };
    const hessian = (u: Float64Array): Float64Array => {
      const th = [u[0], Math.exp(u[1])];
      const { g, H } = tScoreHessian(z, th[0], th[1], 1);
      const g2 = g.slice(0, 2);
      const H2 = new Float64Array([H[0], H[1], H[3], H[4]]);
      chainLog(th, g2, H2, [1]);
      return H2;
    };
    const res = maximize((u) => tLogLik(z, u[0], Math.exp(u[1]), 1), [mu0, Math.log(sigma0)], {
      method: "newton",
      gradient,
      hessian,
      maxIter,
      gradTol: tol,
      fTol: 1e-300,
      xTol: 1e-15,
      trace: false,
    });
    const polished = polishScore(gradient, hessian, res.x);
    res.x.set(polished.x);
    // The score is then zero to rounding even if the line search on f stopped short of gradTol.
    const scoreConverged = res.converged || polished.gradientNorm <= tol * Math.max(1, Math.abs(res.value));
    const zLocation = res.x[0];
    const zScale = Math.exp(res.x[1]);
    const location = med + s0 * zLocation;
    const scale = s0 * zScale;
    const { H } = tScoreHessian(z, zLocation, zScale, 1);
    const info = fromScaledObservedInformation([H[0], H[1], H[3], H[4]], [s0, s0], fn);
    const message = info.message ?? (scoreConverged ? undefined : `${fn}: ${res.stopReason}`);
    const logLikelihood = tLogLik(z, zLocation, zScale, 1) - n * Math.log(s0);
    return {
      params: { location, scale },
      logLikelihood,
      standardErrors: { location: info.se[0], scale: info.se[1] },
      vcov: info.vcov,
      n,
      iterations: res.iterations + polished.steps,
      converged: scoreConverged,
      distribution: new Cauchy(location, scale),
      ...(message ? { message } : {}),
    };
  }
}
