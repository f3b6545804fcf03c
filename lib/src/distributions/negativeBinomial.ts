/**
 * The negative binomial distribution with real size r > 0.
 * @module
 */
import { DomainError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { digamma, lgamma, trigamma } from "../core/special.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { regularizedBeta } from "./incomplete.js";
import {
  checkPoint,
  COUNT_SUPPORT,
  findRoot,
  fitData,
  fromObservedInformation,
  logGammaRatio,
  type NumericFitOptions,
  numericOptions,
  range,
  xlog1my,
} from "./internal.js";
import { DiscreteDistribution, type FitResult } from "./types.js";

/**
 * Parameters of {@link NegativeBinomial}.
 * @example
 * const { r, p }: NegativeBinomialParams = NegativeBinomial.fit([0, 4, 1, 9, 2]).params;
 */
export type NegativeBinomialParams = {
  /** Size r > 0 (real; the number of successes when an integer). */
  r: number;
  /** Success probability p ∈ (0, 1]. */
  p: number;
};

/** Largest count for which sums over 0..max(x) are used instead of digamma differences. */
const TABLE_LIMIT = 200000;

/**
 * Negative binomial distribution: X = number of failures before the r-th success,
 * P(X = k) = Γ(k+r)/(Γ(r) k!) p^r (1−p)^k, k = 0, 1, 2, ...; mean r(1−p)/p, variance r(1−p)/p².
 * r may be any positive real (the gamma–Poisson mixture with overdispersion 1/r).
 * Same convention as scipy `nbinom(n = r, p)` and R `dnbinom(size = r, prob = p)`.
 * @example
 * new NegativeBinomial(2, 0.5).mean; // → 2
 * NegativeBinomial.fit([0, 1, 5, 2, 0, 9, 3, 1]).params; // { r, p }
 */
export class NegativeBinomial extends DiscreteDistribution {
  readonly family = "NegativeBinomial";
  /** Size r. */
  readonly r: number;
  /** Success probability p. */
  readonly p: number;

  /**
   * @param r size > 0
   * @param p success probability in (0, 1]
   */
  constructor(r: number, p: number) {
    super();
    assertNumber(r, "NegativeBinomial", "r", { gt: 0 });
    assertNumber(p, "NegativeBinomial", "p", { gt: 0, le: 1 });
    this.r = r;
    this.p = p;
  }

  /** r(1 − p)/p. */
  get mean(): number {
    return (this.r * (1 - this.p)) / this.p;
  }

  /** r(1 − p)/p². */
  get variance(): number {
    return (this.r * (1 - this.p)) / (this.p * this.p);
  }

  protected lpmf(k: number): number {
    if (k < 0 || k === Infinity) return -Infinity;
    return logGammaRatio(k, this.r) - lgamma(this.r) + this.r * Math.log(this.p) + xlog1my(k, this.p);
  }

  protected draw(rng: Rng): number {
    if (this.p === 1) return 0;
    return rng.poisson(rng.gamma(this.r, (1 - this.p) / this.p));
  }

  /**
   * P(X ≤ k) = I_p(r, ⌊k⌋ + 1).
   * @example
   * new NegativeBinomial(1, 0.5).cdf(1); // → 0.75 — r = 1 is the geometric
   */
  cdf(k: number): number {
    k = checkPoint(k, `${this.family}.cdf`);
    if (k < 0) return 0;
    if (k === Infinity || this.p === 1) return 1;
    return regularizedBeta(this.p, this.r, Math.floor(k) + 1);
  }

  /**
   * Maximum-likelihood fit of (r, p). For fixed r, p̂(r) = r/(r + x̄); r solves the profile score
   * equation Σ[ψ(x_i + r) − ψ(r)] − n log(1 + x̄/r) = 0, by safeguarded Newton on log r from the
   * moment estimate x̄²/(s² − x̄). The digamma differences are computed as Σ_j #{x_i > j}/(r + j)
   * (exact, no cancellation). Standard errors from the analytic observed information
   * −H = −[[Σψ'(x_i+r) − nψ'(r), n/p], [n/p, −nr/p² − Σx/(1−p)²]].
   *
   * The MLE exists (r finite) only if the data are overdispersed: the 1/n sample variance must
   * exceed the mean. Otherwise DomainError (use Poisson, the r → ∞ limit).
   * @param data non-negative integers
   * @param options maxIter (default 200), tol (relative tolerance on r, default 1e-12)
   * @example
   * const fit = NegativeBinomial.fit([0, 1, 5, 2, 0, 9, 3, 1]);
   * fit.params.r; fit.standardErrors.p;
   */
  static fit(data: ArrayLike<number>, options?: NumericFitOptions): FitResult<NegativeBinomialParams, NegativeBinomial> {
    const fn = "NegativeBinomial.fit";
    checkOptions(options, ["maxIter", "tol"], fn);
    const { maxIter, tol } = numericOptions(options, fn);
    const x = fitData(data, fn, COUNT_SUPPORT("NegativeBinomial"));
    const n = x.length;
    const [, hi] = range(x);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[i];
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
    const v = ss / n;
    if (!(v > mean)) {
      throw new DomainError(
        `${fn}: the data are not overdispersed (variance ${v.toPrecision(4)} ≤ mean ${mean.toPrecision(4)}, 1/n variance), ` +
          "so the likelihood increases all the way to r → ∞, the Poisson limit: the MLE does not exist. Fit a Poisson instead.",
      );
    }
    // D1(r) = Σ_i [ψ(x_i + r) − ψ(r)], D2(r) = Σ_i [ψ'(x_i + r) − ψ'(r)], DL(r) = Σ_i [lgamma(x_i + r) − lgamma(r)].
    let D1: (r: number) => number;
    let D2: (r: number) => number;
    let DL: (r: number) => number;
    if (hi <= TABLE_LIMIT) {
      const m = hi;
      const count = new Float64Array(m + 1);
      for (let i = 0; i < n; i++) count[x[i]] += 1;
      const above = new Float64Array(m); // above[j] = #{i : x_i > j}
      let acc = 0;
      for (let j = m - 1; j >= 0; j--) {
        acc += count[j + 1];
        above[j] = acc;
      }
      D1 = (r) => {
        let s = 0;
        for (let j = 0; j < m; j++) s += above[j] / (r + j);
        return s;
      };
      D2 = (r) => {
        let s = 0;
        for (let j = 0; j < m; j++) s -= above[j] / ((r + j) * (r + j));
        return s;
      };
      DL = (r) => {
        let s = 0;
        for (let j = 0; j < m; j++) s += above[j] * Math.log(r + j);
        return s;
      };
    } else {
      D1 = (r) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += digamma(x[i] + r);
        return s - n * digamma(r);
      };
      D2 = (r) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += trigamma(x[i] + r);
        return s - n * trigamma(r);
      };
      DL = (r) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += lgamma(x[i] + r);
        return s - n * lgamma(r);
      };
    }
    const g = (t: number): number => {
      const r = Math.exp(t);
      return D1(r) - n * Math.log1p(mean / r);
    };
    const dg = (t: number): number => {
      const r = Math.exp(t);
      return r * (D2(r) + n * (1 / r - 1 / (r + mean)));
    };
    const r0 = (mean * mean) / (v - mean);
    const root = findRoot(g, dg, Math.log(r0), { lower: Math.log(1e-12), upper: Math.log(1e12), step: 0.1, tol, maxIter });
    if (!root.converged && (root.root >= Math.log(1e12) || root.root <= Math.log(1e-12))) {
      throw new DomainError(
        `${fn}: the profile likelihood of r has no interior maximum in [1e-12, 1e12] (the estimate ran to r = ${Math.exp(root.root).toExponential(2)}); ` +
          "the data are too close to Poisson (or too degenerate) for a negative binomial fit.",
      );
    }
    const r = Math.exp(root.root);
    const p = r / (r + mean);
    let sumLf = 0;
    for (let i = 0; i < n; i++) sumLf += lgamma(x[i] + 1);
    const logLikelihood = DL(r) - sumLf + n * r * Math.log(p) + xlog1my(sum, p);
    const H = [D2(r), n / p, n / p, (-n * r) / (p * p) - sum / ((1 - p) * (1 - p))];
    const info = fromObservedInformation(H, 2, fn);
    return {
      params: { r, p },
      logLikelihood,
      standardErrors: { r: info.se[0], p: info.se[1] },
      vcov: info.vcov,
      n,
      iterations: root.iterations,
      converged: root.converged,
      distribution: new NegativeBinomial(r, p),
      ...(info.message ? { message: info.message } : {}),
    };
  }
}
