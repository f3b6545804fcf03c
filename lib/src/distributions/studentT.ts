/**
 * The location–scale Student t distribution.
 * @module
 */
import { DomainError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { lgamma } from "../core/special.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { maximize } from "../optim/maximize.js";
import { regularizedBeta } from "./incomplete.js";
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
  range,
} from "./internal.js";
import { mostFrequent, standardised, tEmSteps, tLogLik, tScoreHessian } from "./tLikelihood.js";
import { ContinuousDistribution, type FitResult } from "./types.js";

const HALF_LOG_PI = 0.5 * Math.log(Math.PI);
/** Beyond this many degrees of freedom the t is indistinguishable from the normal in any sample. */
const DF_INFINITE = 1e6;

/**
 * Parameters of {@link StudentT}.
 * @example
 * const { location, scale, df }: StudentTParams = StudentT.fit([0.1, -2, 0.3, 8, 0.2]).params;
 */
export type StudentTParams = {
  /** Location μ (the median; the mean when df > 1). */
  location: number;
  /** Scale σ > 0. */
  scale: number;
  /** Degrees of freedom ν > 0 (real). */
  df: number;
};

/**
 * Student t distribution with location μ, scale σ and ν degrees of freedom:
 * f(x) = Γ((ν+1)/2) / (Γ(ν/2) √(νπ) σ) · (1 + u²/ν)^{−(ν+1)/2}, u = (x−μ)/σ.
 * (scipy: `t(df = ν, loc = μ, scale = σ)`.) Heavy-tailed; ν = 1 is the Cauchy, ν → ∞ the normal.
 * @example
 * const d = new StudentT(0, 1, 5);
 * d.variance; // → 5/3
 * StudentT.fit([1.2, -0.4, 0.3, 5.1, 0.8, -0.2, 0.1]).params; // { location, scale, df }
 */
export class StudentT extends ContinuousDistribution {
  readonly family = "StudentT";
  /** Location μ. */
  readonly location: number;
  /** Scale σ. */
  readonly scale: number;
  /** Degrees of freedom ν. */
  readonly df: number;
  private readonly logNorm: number;

  /**
   * @param location μ (default 0)
   * @param scale σ > 0 (default 1)
   * @param df ν > 0 (default 1)
   */
  constructor(location = 0, scale = 1, df = 1) {
    super();
    assertNumber(location, "StudentT", "location");
    assertNumber(scale, "StudentT", "scale", { gt: 0 });
    assertNumber(df, "StudentT", "df", { gt: 0 });
    this.location = location;
    this.scale = scale;
    this.df = df;
    this.logNorm = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * Math.log(df) - HALF_LOG_PI - Math.log(scale);
  }

  /** μ if ν > 1, otherwise NaN (the mean does not exist). */
  get mean(): number {
    return this.df > 1 ? this.location : NaN;
  }

  /** σ²ν/(ν−2) if ν > 2; Infinity for 1 < ν ≤ 2; NaN for ν ≤ 1 (undefined). */
  get variance(): number {
    if (this.df > 2) return (this.scale * this.scale * this.df) / (this.df - 2);
    return this.df > 1 ? Infinity : NaN;
  }

  protected lpdf(x: number): number {
    if (!Number.isFinite(x)) return -Infinity;
    const u = (x - this.location) / this.scale;
    return this.logNorm - ((this.df + 1) / 2) * Math.log1p((u * u) / this.df);
  }

  protected draw(rng: Rng): number {
    const chi2 = 2 * rng.gamma(this.df / 2);
    return this.location + (this.scale * rng.normal()) / Math.sqrt(chi2 / this.df);
  }

  /**
   * P(X ≤ x), via the regularised incomplete beta function.
   * @example
   * new StudentT(0, 1, 3).cdf(0); // → 0.5
   */
  cdf(x: number): number {
    x = checkPoint(x, `${this.family}.cdf`);
    if (x === Infinity) return 1;
    if (x === -Infinity) return 0;
    const u = (x - this.location) / this.scale;
    const tail = 0.5 * regularizedBeta(this.df / (this.df + u * u), this.df / 2, 0.5);
    return u > 0 ? 1 - tail : tail;
  }

  /**
   * Maximum-likelihood fit of (location, scale, df). Start: median and 1.4826·MAD, refined by 30 EM
   * steps at each of df ∈ {1, 2, 4, 10, 30}, keeping the best; then Newton's method (`maximize`,
   * "newton") on (μ, log σ, log ν) with the analytic score and Hessian, finished with plain Newton
   * steps on the score (the line search on f stalls at rounding level). Standard errors from the
   * analytic observed information in (μ, σ, ν).
   *
   * If the data have no heavier tails than the normal, the likelihood keeps increasing as df → ∞:
   * then df is reported as reached (≥ 1e6, or a large df where the iterations stalled with the
   * Normal fit at least as likely), `converged` is false and `message` says so; fit a Normal.
   * With df free the t likelihood is unbounded at tied values (μ at the value, σ → 0, df → 0): if
   * the data are so tied that this already beats the interior maximum, a DomainError says so.
   * @param data finite numbers, not all equal
   * @param options maxIter (default 200), tol (gradient tolerance relative to |log-likelihood|, default 1e-12)
   * @example
   * const fit = StudentT.fit([0.1, -0.3, 2.5, 0.4, -0.1, 0.2, -4.0, 0.05]);
   * fit.params.df; fit.standardErrors.location;
   */
  static fit(data: ArrayLike<number>, options?: NumericFitOptions): FitResult<StudentTParams, StudentT> {
    const fn = "StudentT.fit";
    checkOptions(options, ["maxIter", "tol"], fn);
    const { maxIter, tol } = numericOptions(options, fn);
    const x = fitData(data, fn);
    const n = x.length;
    const [lo, hi] = range(x);
    if (lo === hi) degenerate(fn, "StudentT", x, "the likelihood grows without bound as scale → 0.");
    const med = medianOf(x);
    const dev = new Float64Array(n);
    for (let i = 0; i < n; i++) dev[i] = Math.abs(x[i] - med);
    let s0 = 1.4826 * medianOf(dev);
    if (!(s0 > 0) || !Number.isFinite(s0)) s0 = hi / 4 - lo / 4;
    // Fit the standardised data z (see tLikelihood.standardised), then map back: the tolerances and
    // the information matrix then see data of unit size whatever the units.
    const z = standardised(x, med, s0);
    let best = { mu: 0, sigma: 1, nu: 1, ll: -Infinity };
    for (const nu of [1, 2, 4, 10, 30]) {
      const [mu, sigma] = tEmSteps(z, 0, 1, nu, 30);
      const ll = tLogLik(z, mu, sigma, nu);
      if (ll > best.ll) best = { mu, sigma, nu, ll };
    }
    const nat = (u: Float64Array): [number, number, number] => [u[0], Math.exp(u[1]), Math.exp(u[2])];
    const gradient = (u: Float64Array): Float64Array => {
      const th = nat(u);
      const { g } = tScoreHessian(z, th[0], th[1], th[2]);
      chainLog(th, g, null, [1, 2]);
      return g;
    };
    const hessian = (u: Float64Array): Float64Array => {
      const th = nat(u);
      const { g, H } = tScoreHessian(z, th[0], th[1], th[2]);
      chainLog(th, g, H, [1, 2]);
      return H;
    };
    const res = maximize(
      (u) => {
        const [mu, sigma, nu] = nat(u);
        return tLogLik(z, mu, sigma, nu);
      },
      [best.mu, Math.log(best.sigma), Math.log(best.nu)],
      { method: "newton", gradient, hessian, maxIter, gradTol: tol, fTol: 1e-300, xTol: 1e-15, trace: false },
    );
    const polished = polishScore(gradient, hessian, res.x);
    res.x.set(polished.x);
    // The score is then zero to rounding even if the line search on f stopped short of gradTol.
    const scoreConverged = res.converged || polished.gradientNorm <= tol * Math.max(1, Math.abs(res.value));
    const [zLocation, zScale, df] = nat(res.x);
    const zLogLik = tLogLik(z, zLocation, zScale, df);
    const sorted = Float64Array.from(z).sort();
    const tie = mostFrequent(sorted);
    if (!(zScale > 0) || !Number.isFinite(zScale) || !Number.isFinite(zLocation) || !(df > 0) || !Number.isFinite(zLogLik)) {
      throw new DomainError(
        `${fn}: the likelihood has no finite maximum for these data (the iterations reached scale = ${s0 * zScale}, df = ${df}); ` +
          "this happens when many values are tied. Fit a Normal or a Laplace instead.",
      );
    }
    // With ν free the t likelihood is unbounded at every data point v (μ = v, σ → 0, ν < m/(n − m) for
    // a value of multiplicity m), so the fit is a local maximum. For untied data the climb to +∞ only
    // starts at scales far below double range; with heavy ties it beats any interior point at once.
    // Decide on the data: if ℓ near the most tied value, at σ = 1e-8 (in units of the spread), already
    // exceeds the maximum found, that maximum is not one worth reporting.
    if (tie.count >= 2) {
      const ratio = tie.count / (n - tie.count);
      let tied = -Infinity;
      for (const f of [0.5, 0.1, 0.01]) tied = Math.max(tied, tLogLik(z, tie.value, 1e-8, Math.min(f * ratio, 1e3)));
      if (tied > zLogLik) {
        throw new DomainError(
          `${fn}: ${tie.count} of the ${n} values equal ${med + s0 * tie.value}; with so many ties the t likelihood grows ` +
            "without bound as scale → 0 and df → 0 at that value (it is already higher there than at the best interior point), " +
            "so the MLE does not exist. Fit a Normal or a Laplace, or model the tied values separately.",
        );
      }
    }
    const location = med + s0 * zLocation;
    const scale = s0 * zScale;
    const { H } = tScoreHessian(z, zLocation, zScale, df);
    const info = fromScaledObservedInformation(H, [s0, s0, 1], fn);
    let converged = scoreConverged;
    let message = info.message ?? (scoreConverged ? undefined : `${fn}: ${res.stopReason}`);
    // The t tends to the normal as df → ∞: a run that stopped short at a large df, with the
    // normal's maximised likelihood at least as high, was heading to df = ∞ too.
    let normalLimit = df >= DF_INFINITE;
    if (!normalLimit && !scoreConverged && df > 1e4) {
      let m = 0;
      for (let i = 0; i < n; i++) m += z[i] / n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (z[i] - m) ** 2;
      const normalLogLik = -0.5 * n * (Math.log((2 * Math.PI * ss) / n) + 1);
      normalLimit = normalLogLik >= zLogLik - 1e-9 * (1 + Math.abs(zLogLik));
    }
    if (normalLimit) {
      converged = false;
      message =
        `${fn}: the likelihood keeps increasing as df → ∞ (df reached ${df.toExponential(2)}): these data have no heavier ` +
        "tails than the normal, so the t MLE is the Normal fit (df = ∞). Use Normal.fit.";
    }
    const logLikelihood = zLogLik - n * Math.log(s0);
    return {
      params: { location, scale, df },
      logLikelihood,
      standardErrors: { location: info.se[0], scale: info.se[1], df: info.se[2] },
      vcov: info.vcov,
      n,
      iterations: res.iterations + polished.steps,
      converged,
      distribution: new StudentT(location, scale, df),
      ...(message ? { message } : {}),
    };
  }
}
