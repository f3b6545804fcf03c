/**
 * The beta distribution on (0, 1) with shapes α and β.
 * @module
 */
import { DomainError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { digamma, logBeta, trigamma } from "../core/special.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { maximize } from "../optim/maximize.js";
import { regularizedBeta } from "./incomplete.js";
import {
  chainLog,
  checkPoint,
  degenerate,
  fitData,
  fromObservedInformation,
  type NumericFitOptions,
  numericOptions,
  polishScore,
  range,
  xlog1my,
  xlogy,
} from "./internal.js";
import { ContinuousDistribution, type FitResult } from "./types.js";

/** Largest α + β (by the method of moments) that Beta.fit accepts; see the fit's doc. */
const MAX_CONCENTRATION = 1e8;

/**
 * Parameters of {@link Beta}.
 * @example
 * const { alpha, beta }: BetaParams = Beta.fit([0.2, 0.5, 0.4]).params;
 */
export type BetaParams = {
  /** First shape α > 0. */
  alpha: number;
  /** Second shape β > 0. */
  beta: number;
};

/**
 * Beta distribution on [0, 1]: f(x) = x^{α−1}(1−x)^{β−1} / B(α, β).
 * @example
 * new Beta(2, 5).mean; // → 2/7
 * Beta.fit([0.12, 0.45, 0.33, 0.81, 0.56]).params; // { alpha, beta }
 */
export class Beta extends ContinuousDistribution {
  readonly family = "Beta";
  /** First shape α. */
  readonly alpha: number;
  /** Second shape β. */
  readonly beta: number;
  private readonly logB: number;

  /**
   * @param alpha α > 0
   * @param beta β > 0
   */
  constructor(alpha: number, beta: number) {
    super();
    assertNumber(alpha, "Beta", "alpha", { gt: 0 });
    assertNumber(beta, "Beta", "beta", { gt: 0 });
    this.alpha = alpha;
    this.beta = beta;
    this.logB = logBeta(alpha, beta);
  }

  /** α/(α+β). */
  get mean(): number {
    return this.alpha / (this.alpha + this.beta);
  }

  /** αβ / ((α+β)²(α+β+1)). */
  get variance(): number {
    const s = this.alpha + this.beta;
    return (this.alpha * this.beta) / (s * s * (s + 1));
  }

  protected lpdf(x: number): number {
    if (!(x >= 0 && x <= 1)) return -Infinity;
    return xlogy(this.alpha - 1, x) + xlog1my(this.beta - 1, x) - this.logB;
  }

  protected draw(rng: Rng): number {
    return rng.beta(this.alpha, this.beta);
  }

  /**
   * P(X ≤ x) = I_x(α, β).
   * @example
   * new Beta(2, 2).cdf(0.5); // → 0.5
   */
  cdf(x: number): number {
    x = checkPoint(x, `${this.family}.cdf`);
    return regularizedBeta(x, this.alpha, this.beta);
  }

  /**
   * Maximum-likelihood fit by Newton's method (`maximize`, method "newton") on (log α, log β) with
   * the analytic gradient n(ḡ₁ − ψ(α) + ψ(α+β), ḡ₂ − ψ(β) + ψ(α+β)), ḡ₁ = mean log x,
   * ḡ₂ = mean log(1−x), and Hessian n[[ψ'(α+β) − ψ'(α), ψ'(α+β)], [ψ'(α+β), ψ'(α+β) − ψ'(β)]]
   * (the log-likelihood is concave in (α, β)); started at the method-of-moments estimates and
   * finished with plain Newton steps on the score (the line search on f stalls at rounding level).
   * Standard errors from the analytic observed information at the MLE.
   * Data concentrated so much that α + β would exceed 1e8 (a relative spread below ~1e-4) are
   * refused with a DomainError: the likelihood equations cannot be solved accurately there.
   * @param data values strictly between 0 and 1, not all equal
   * @param options maxIter (default 200), tol (gradient tolerance, default 1e-12)
   * @example
   * Beta.fit([0.2, 0.4, 0.35, 0.6]).standardErrors.alpha;
   */
  static fit(data: ArrayLike<number>, options?: NumericFitOptions): FitResult<BetaParams, Beta> {
    const fn = "Beta.fit";
    checkOptions(options, ["maxIter", "tol"], fn);
    const { maxIter, tol } = numericOptions(options, fn);
    const x = fitData(data, fn, {
      test: (v) => v > 0 && v < 1,
      condition: "strictly between 0 and 1",
      hint: "Beta is for proportions in (0, 1); values of exactly 0 or 1 make the likelihood equations undefined (squeeze them, e.g. (x(n−1) + 0.5)/n).",
    });
    const n = x.length;
    const [lo, hi] = range(x);
    if (lo === hi) degenerate(fn, "Beta", x, "the likelihood increases for ever as α, β → ∞ with α/(α+β) fixed.");
    let g1 = 0;
    let g2 = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      g1 += Math.log(x[i]);
      g2 += Math.log1p(-x[i]);
      m += x[i];
    }
    g1 /= n;
    g2 /= n;
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m);
    v /= n;
    const common = (m * (1 - m)) / v - 1;
    if (common > MAX_CONCENTRATION) {
      // The score ḡ₁ − ψ(α) + ψ(α+β) is a difference of terms ≈ log α whose meaningful part is
      // O(1/(α+β)): beyond ~1e8 it has fewer digits than the tolerance needs, and so has ℓ.
      throw new DomainError(
        `${fn}: the data are concentrated to a relative spread of ${(Math.sqrt(v) / m).toExponential(2)}, so the Beta MLE has ` +
          `α + β ≈ ${common.toExponential(2)}, beyond what the likelihood equations can resolve in double precision (1e8). ` +
          "Such a Beta is indistinguishable from a normal distribution: fit Normal.fit instead.",
      );
    }
    const a0 = common > 0 ? m * common : 1;
    const b0 = common > 0 ? (1 - m) * common : 1;

    const loglik = (a: number, b: number): number => n * ((a - 1) * g1 + (b - 1) * g2 - logBeta(a, b));
    const gradNat = (a: number, b: number): Float64Array => {
      const dab = digamma(a + b);
      return new Float64Array([n * (g1 - digamma(a) + dab), n * (g2 - digamma(b) + dab)]);
    };
    const hessNat = (a: number, b: number): Float64Array => {
      const t = trigamma(a + b);
      return new Float64Array([n * (t - trigamma(a)), n * t, n * t, n * (t - trigamma(b))]);
    };
    const gradient = (u: Float64Array): Float64Array => {
      const th = [Math.exp(u[0]), Math.exp(u[1])];
      const g = gradNat(th[0], th[1]);
      chainLog(th, g, null, [0, 1]);
      return g;
    };
    const hessian = (u: Float64Array): Float64Array => {
      const th = [Math.exp(u[0]), Math.exp(u[1])];
      const g = gradNat(th[0], th[1]);
      const H = hessNat(th[0], th[1]);
      chainLog(th, g, H, [0, 1]);
      return H;
    };
    const res = maximize((u) => loglik(Math.exp(u[0]), Math.exp(u[1])), [Math.log(a0), Math.log(b0)], {
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
    const alpha = Math.exp(res.x[0]);
    const beta = Math.exp(res.x[1]);
    const info = fromObservedInformation(hessNat(alpha, beta), 2, fn);
    return {
      params: { alpha, beta },
      logLikelihood: loglik(alpha, beta),
      standardErrors: { alpha: info.se[0], beta: info.se[1] },
      vcov: info.vcov,
      n,
      iterations: res.iterations + polished.steps,
      converged: scoreConverged,
      distribution: new Beta(alpha, beta),
      ...(info.message ? { message: info.message } : scoreConverged ? {} : { message: `${fn}: ${res.stopReason}` }),
    };
  }
}
