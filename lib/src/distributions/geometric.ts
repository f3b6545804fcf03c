/**
 * The geometric distribution, counting failures before the first success.
 * @module
 */
import type { Rng } from "../core/rng.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { boundaryMessage, checkPoint, COUNT_SUPPORT, fitData, xlog1my } from "./internal.js";
import { DiscreteDistribution, type FitResult } from "./types.js";

/**
 * Parameters of {@link Geometric}.
 * @example
 * const { p }: GeometricParams = Geometric.fit([0, 3, 1]).params;
 */
export type GeometricParams = {
  /** Success probability p ∈ (0, 1]. */
  p: number;
};

/**
 * Geometric distribution in the **failures** convention: X = number of failures before the first
 * success, support {0, 1, 2, ...}, P(X = k) = p (1−p)^k, mean (1−p)/p. This is R's `dgeom`; scipy's
 * `geom` and numpy's `geometric` count trials instead (support {1, 2, ...}): trials = X + 1.
 * @example
 * new Geometric(0.25).mean; // → 3
 * Geometric.fit([0, 2, 1, 5, 0]).params.p; // → 1 / (1 + 1.6)
 */
export class Geometric extends DiscreteDistribution {
  readonly family = "Geometric";
  /** Success probability p. */
  readonly p: number;

  /** @param p success probability in (0, 1] */
  constructor(p: number) {
    super();
    assertNumber(p, "Geometric", "p", { gt: 0, le: 1 });
    this.p = p;
  }

  /** (1 − p)/p. */
  get mean(): number {
    return (1 - this.p) / this.p;
  }

  /** (1 − p)/p². */
  get variance(): number {
    return (1 - this.p) / (this.p * this.p);
  }

  protected lpmf(k: number): number {
    if (k < 0 || k === Infinity) return -Infinity;
    return Math.log(this.p) + xlog1my(k, this.p);
  }

  protected draw(rng: Rng): number {
    if (this.p === 1) return 0;
    return Math.floor(Math.log(rng.uniformOpen()) / Math.log1p(-this.p));
  }

  /**
   * P(X ≤ k) = 1 − (1−p)^{⌊k⌋+1}.
   * @example
   * new Geometric(0.5).cdf(1); // → 0.75
   */
  cdf(k: number): number {
    k = checkPoint(k, `${this.family}.cdf`);
    if (k < 0) return 0;
    if (this.p === 1 || k === Infinity) return 1;
    return -Math.expm1((Math.floor(k) + 1) * Math.log1p(-this.p));
  }

  /**
   * Maximum-likelihood fit: p̂ = 1/(1 + x̄), se(p̂) = p̂ √((1−p̂)/n) (observed information
   * n/(p²(1−p)) at the MLE). Data count failures before the first success (0, 1, 2, ...).
   * @param data non-negative integers (failures; subtract 1 from trial counts)
   * @example
   * Geometric.fit([0, 2, 1, 5, 0]).standardErrors.p;
   */
  static fit(data: ArrayLike<number>, options?: Record<string, never>): FitResult<GeometricParams, Geometric> {
    const fn = "Geometric.fit";
    checkOptions(options, [], fn);
    const x = fitData(data, fn, COUNT_SUPPORT("Geometric (failures before the first success)"));
    const n = x.length;
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i];
    const p = n / (n + s);
    const se = p * Math.sqrt((1 - p) / n);
    return {
      params: { p },
      logLikelihood: n * Math.log(p) + xlog1my(s, p),
      standardErrors: { p: se },
      vcov: [[se * se]],
      n,
      converged: true,
      distribution: new Geometric(p),
      ...(p === 1 ? { message: boundaryMessage(fn, p) } : {}),
    };
  }
}
