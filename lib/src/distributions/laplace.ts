/**
 * The Laplace (double exponential) distribution.
 * @module
 */
import type { Rng } from "../core/rng.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { checkPoint, degenerate, diagonalVcov, fitData, medianOf, range } from "./internal.js";
import { ContinuousDistribution, type FitResult } from "./types.js";

/**
 * Parameters of {@link Laplace}.
 * @example
 * const { location, scale }: LaplaceParams = Laplace.fit([1, 2, 9]).params;
 */
export type LaplaceParams = {
  /** Location μ (mean and median). */
  location: number;
  /** Scale b > 0 (mean absolute deviation). */
  scale: number;
};

/**
 * Laplace distribution: f(x) = exp(−|x−μ|/b) / (2b).
 * @example
 * new Laplace(0, 1).variance; // → 2
 * Laplace.fit([1, 2, 3, 10]).params; // → { location: 2.5, scale: 2.5 }
 */
export class Laplace extends ContinuousDistribution {
  readonly family = "Laplace";
  /** Location μ. */
  readonly location: number;
  /** Scale b. */
  readonly scale: number;

  /**
   * @param location μ (default 0)
   * @param scale b > 0 (default 1)
   */
  constructor(location = 0, scale = 1) {
    super();
    assertNumber(location, "Laplace", "location");
    assertNumber(scale, "Laplace", "scale", { gt: 0 });
    this.location = location;
    this.scale = scale;
  }

  /** μ. */
  get mean(): number {
    return this.location;
  }

  /** 2b². */
  get variance(): number {
    return 2 * this.scale * this.scale;
  }

  protected lpdf(x: number): number {
    if (!Number.isFinite(x)) return -Infinity;
    return -Math.log(2 * this.scale) - Math.abs(x - this.location) / this.scale;
  }

  protected draw(rng: Rng): number {
    // The difference of two independent exponentials is Laplace.
    return this.location + this.scale * (rng.exponential() - rng.exponential());
  }

  /**
   * P(X ≤ x).
   * @example
   * new Laplace(0, 1).cdf(0); // → 0.5
   */
  cdf(x: number): number {
    x = checkPoint(x, `${this.family}.cdf`);
    const z = (x - this.location) / this.scale;
    return z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z);
  }

  /**
   * Maximum-likelihood fit (closed form): μ̂ = the sample median (for even n any point between the
   * two middle values maximises the likelihood; we take their midpoint) and b̂ = mean |x − μ̂|.
   * The log-likelihood is not differentiable in μ, so the standard errors use the Fisher
   * information: se(μ̂) = b̂/√n (the asymptotic variance of the median, 1/(4 n f(μ)²)) and
   * se(b̂) = b̂/√n (observed information n/b² at the MLE).
   * @param data finite numbers, not all equal
   * @example
   * Laplace.fit([0.2, -1.5, 0.4, 3.1, 0.0]).standardErrors.scale;
   */
  static fit(data: ArrayLike<number>, options?: Record<string, never>): FitResult<LaplaceParams, Laplace> {
    const fn = "Laplace.fit";
    checkOptions(options, [], fn);
    const x = fitData(data, fn);
    const n = x.length;
    const [lo, hi] = range(x);
    if (lo === hi) degenerate(fn, "Laplace", x, "the likelihood grows without bound as scale → 0.");
    const location = medianOf(x);
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(x[i] - location);
    const scale = s / n;
    const se = [scale / Math.sqrt(n), scale / Math.sqrt(n)];
    return {
      params: { location, scale },
      logLikelihood: -n * (Math.log(2 * scale) + 1),
      standardErrors: { location: se[0], scale: se[1] },
      vcov: diagonalVcov(se),
      n,
      converged: true,
      distribution: new Laplace(location, scale),
    };
  }
}
