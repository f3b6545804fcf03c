/**
 * Maximum-likelihood fitting of Gaussian mixtures by EM ({@link fitGaussianMixture}), on the
 * generic engine {@link runEM}.
 *
 * **Log-likelihood.** `logLikelihood` is the TOTAL observed-data log-likelihood Σᵢ wᵢ log p(xᵢ)
 * at the returned parameters. scikit-learn's `lower_bound_` is the per-sample MEAN, and is evaluated
 * at the parameters before the last M-step; multiply its `score(X)` by n to compare.
 *
 * **Algorithm.** Identical to scikit-learn's GaussianMixture (same M-step formulas, `regCovar` added
 * to the diagonal; tied = the pooled within-component covariance Σ_c Σᵢ rᵢc (xᵢ − μ_c)(xᵢ − μ_c)ᵀ / n;
 * spherical = the mean of the diagonal variances), so from the same initial parameters both give the
 * same iterates. One pass over the data per iteration (see the kernels).
 *
 * **Degeneracies** (never NaN; every event is reported in `degeneracies`):
 * - a component that loses (almost) all its mass (N_c < 1e-12·n) is re-seeded at the worst-fitted
 *   observation, with the data covariance and weight 1/k;
 * - a covariance that is not positive-definite after adding `regCovar` gets jitter ε·I, ε growing ×10
 *   from max(regCovar, 1e-10 × mean data variance) until the Cholesky factorisation succeeds;
 * - a component collapsing onto a point or subspace (a conditional variance < 1e-10 × the data
 *   variance, or ≤ 3·regCovar so that the covariance is mostly regularisation) is reported
 *   ("collapsed") and kept: the likelihood is unbounded there; use fewer components or rescale.
 * @module
 */
import { Rng } from "../core/rng.js";
import { rowsOf, toDenseMatrix, type MatrixLike } from "../core/validate.js";
import { columnMeans } from "../distributions/internal.js";
import { runEM, type EMRate, type EMResult } from "../em/engine.js";
import type { EMRestart } from "../em/restarts.js";
import { classificationLogLik, GaussianMixture, labelsFrom } from "./gaussian-mixture.js";
import { allocStats, type GmmStats } from "./kernels.js";
import { gaussianMixtureEM, initialParams, makeContext, type Degeneracy } from "./model.js";
import { paramsToUser, resolveOptions, type CovarianceType, type GaussianMixtureOptions, type GmmParams } from "./options.js";

/** Public mixture parameters (as in {@link GaussianMixture}). */
export interface MixtureParamsSnapshot {
  weights: number[];
  means: number[][];
  covariances: number[][][];
}

/** One initialisation of a fit with nInit > 1 (the shape every multi-start EM fit records). */
export type MixtureRestart = EMRestart;

/**
 * A fitted Gaussian mixture: the distribution ({@link GaussianMixture}) plus how the fit went.
 * @example
 * const fit = fitGaussianMixture(X, { k: 2 });
 * fit.logLikelihood; fit.converged; fit.history.logLikelihood; fit.bic();
 */
export class FittedGaussianMixture extends GaussianMixture {
  /** Total observed-data log-likelihood Σᵢ wᵢ log p(xᵢ) at the returned parameters (NOT scikit-learn's per-sample mean). */
  readonly logLikelihood: number;
  /** Number of EM iterations (M-steps) of the kept run. */
  readonly iterations: number;
  /** Whether the kept run met the tolerance. */
  readonly converged: boolean;
  /** Why the kept run stopped: "converged", "maxIter", "nonFinite" (see {@link runEM}). */
  readonly stopReason: string;
  /** Log-likelihood path ℓ(θ₀..θ_T), ELBO (if trackElbo) and requested snapshots of the kept run. */
  readonly history: { logLikelihood: number[]; elbo?: number[]; snapshots: Array<{ iteration: number; params: MixtureParamsSnapshot }> };
  /** Log-likelihood decreases beyond 1e-10 relative (should be empty unless a degeneracy was handled). */
  readonly monotonicity: { ok: boolean; violations: Array<{ iteration: number; decrease: number }> };
  /** Linear convergence-rate diagnostics of the kept run. */
  readonly rate: EMRate;
  /** Degenerate components met during the kept run and what was done. */
  readonly degeneracies: Degeneracy[];
  /** Final log-likelihood, iterations and convergence of every initialisation (nInit entries). */
  readonly restarts: MixtureRestart[];
  /** Number of observations (rows of X). */
  readonly n: number;
  /** Σᵢ wᵢ (n without sampleWeights): the sample size used by bic(). */
  readonly totalWeight: number;
  /** Hard labels of the training data at the fitted parameters. */
  readonly labels: number[];
  private readonly trainClassLogLik: number;

  /** @internal Use {@link fitGaussianMixture}. */
  constructor(
    internal: GmmParams,
    type: CovarianceType,
    k: number,
    d: number,
    info: {
      logLikelihood: number;
      iterations: number;
      converged: boolean;
      stopReason: string;
      history: FittedGaussianMixture["history"];
      monotonicity: FittedGaussianMixture["monotonicity"];
      rate: EMRate;
      degeneracies: Degeneracy[];
      restarts: MixtureRestart[];
      n: number;
      totalWeight: number;
      labels: number[];
      classLogLik: number;
    },
  ) {
    super(internal, type, k, d);
    this.logLikelihood = info.logLikelihood;
    this.iterations = info.iterations;
    this.converged = info.converged;
    this.stopReason = info.stopReason;
    this.history = info.history;
    this.monotonicity = info.monotonicity;
    this.rate = info.rate;
    this.degeneracies = info.degeneracies;
    this.restarts = info.restarts;
    this.n = info.n;
    this.totalWeight = info.totalWeight;
    this.labels = info.labels;
    this.trainClassLogLik = info.classLogLik;
  }

  /**
   * BIC = −2ℓ + p log n, on X, or on the training data (weighted, n = Σw) if X is omitted.
   * @example
   * fitGaussianMixture(X, { k: 2 }).bic(); // −2·logLikelihood + nParameters·log n
   */
  override bic(X?: MatrixLike): number {
    if (X !== undefined) return super.bic(X);
    return -2 * this.logLikelihood + this.nParameters * Math.log(this.totalWeight);
  }

  /**
   * AIC = −2ℓ + 2p, on X or on the training data.
   * @example
   * fit.aic();
   */
  override aic(X?: MatrixLike): number {
    if (X !== undefined) return super.aic(X);
    return -2 * this.logLikelihood + 2 * this.nParameters;
  }

  /**
   * ICL = BIC − 2 Σᵢ wᵢ log τᵢ,ĉᵢ, on X or on the training data.
   * @example
   * fit.icl();
   */
  override icl(X?: MatrixLike): number {
    if (X !== undefined) return super.icl(X);
    return this.bic() - 2 * this.trainClassLogLik;
  }
}

/**
 * Fits a k-component Gaussian mixture by maximum likelihood with EM.
 * @param X data, n rows × d columns (number[][], an ml-matrix Matrix or a DenseMatrix); for 1-D data
 *   pass `x.map((v) => [v])`
 * @param options {@link GaussianMixtureOptions}; `k` is required
 * @returns a {@link FittedGaussianMixture}: weights, means, covariances (full d×d matrices for every
 *   covariance type), logLikelihood (total), history, convergence and degeneracy reports, and the
 *   methods predict, predictProba, scoreSamples, score, sample, bic, aic, icl
 * @throws InvalidInputError/ShapeError/NonFiniteError for bad X (ragged, NaN, k > n, ...),
 *   UnknownOptionError for a misspelt option, DomainError for a bad option value,
 *   NotPositiveDefiniteError for a user-given covariance that is not positive-definite
 * @example
 * const X = readCsv("../data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitGaussianMixture(X, { k: 2, seed: 1 });
 * fit.logLikelihood;  // -1130.264 (total over the 272 rows)
 * fit.means;          // [[2.04, 54.5], [4.29, 80.0]] (order depends on the initialisation)
 * fit.predict([[2, 50]]);
 */
export function fitGaussianMixture(X: MatrixLike, options: GaussianMixtureOptions): FittedGaussianMixture {
  const fn = "fitGaussianMixture";
  const { data, n, d } = toDenseMatrix(X, fn, "X");
  const opt = resolveOptions(options, n, fn);
  const { k, type } = opt;
  // EM runs on centred columns (the mixture likelihood is equivariant under a shift): with data like
  // 2⁴⁰ + small values, Σ r x and the means keep their digits. The shift is added back at the end.
  const shift = columnMeans(data, n, d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) data[i * d + a] -= shift[a];
  if (typeof opt.init === "object") {
    const user = opt.init;
    const rows = rowsOf(user.means) as ArrayLike<ArrayLike<number>>; // an ml-matrix Matrix as rows too
    const means = Array.from({ length: rows?.length ?? 0 }, (_, c) => {
      const row = rows[c];
      return Array.isArray(row) || ArrayBuffer.isView(row) ? Array.from(row as ArrayLike<number>, (v, a) => (a < d ? v - shift[a] : v)) : row;
    });
    opt.init = { ...user, means: rows === undefined || rows === null ? rows : (means as ArrayLike<ArrayLike<number>>) };
  }
  const nRuns = typeof opt.init === "object" ? 1 : opt.nInit;
  let bestStats: GmmStats | null = null;
  let spareStats: GmmStats | null = null;
  let best: { params: GmmParams; result: EMResult<GmmParams>; degeneracies: Degeneracy[] } | null = null;
  const restarts: MixtureRestart[] = [];
  let totalWeight = 0;
  for (let run = 0; run < nRuns; run++) {
    const ctx = makeContext(data, n, d, k, type, opt.sampleWeights, opt.regCovar);
    totalWeight = ctx.totalWeight;
    const stats: GmmStats = spareStats ?? allocStats(n, d, k, type);
    const rng: Rng = nRuns === 1 ? opt.rng : opt.rng.split();
    const init = initialParams(ctx, opt.init, rng, stats, fn);
    const model = gaussianMixtureEM(ctx, stats, opt.trackElbo);
    const result = runEM(model, init, {
      tol: opt.tol * ctx.totalWeight,
      relTol: 0,
      maxIter: opt.maxIter,
      snapshots: opt.snapshots,
    });
    restarts.push({ logLikelihood: result.logLikelihood, iterations: result.iterations, converged: result.converged });
    if (best === null || result.logLikelihood > best.result.logLikelihood) {
      spareStats = bestStats;
      bestStats = stats;
      best = { params: result.params, result, degeneracies: ctx.degeneracies };
    } else {
      spareStats = stats;
    }
  }
  const { result, params, degeneracies } = best!;
  const stats: GmmStats = bestStats as GmmStats;
  // The engine ends with an E-step at the returned parameters, so stats.resp belongs to them,
  // unless the run stopped on a non-finite log-likelihood (then recompute).
  if (result.stopReason === "nonFinite") gaussianMixtureEM(makeContext(data, n, d, k, type, opt.sampleWeights, opt.regCovar), stats, false).eStep(params);
  const unshift = (means: Float64Array): void => {
    for (let c = 0; c < k; c++) for (let a = 0; a < d; a++) means[c * d + a] += shift[a];
  };
  const history: FittedGaussianMixture["history"] = {
    logLikelihood: result.history.logLikelihood,
    snapshots: result.history.snapshots.map((s) => {
      const user = paramsToUser(s.params, type, k, d);
      user.means = user.means.map((row) => row.map((v, a) => v + shift[a]));
      return { iteration: s.iteration, params: user };
    }),
  };
  unshift(params.means);
  if (result.history.elbo) history.elbo = result.history.elbo;
  return new FittedGaussianMixture(params, type, k, d, {
    logLikelihood: result.logLikelihood,
    iterations: result.iterations,
    converged: result.converged,
    stopReason: result.stopReason,
    history,
    monotonicity: result.monotonicity,
    rate: result.rate,
    degeneracies,
    restarts,
    n,
    totalWeight,
    labels: labelsFrom(stats.resp, n, k),
    classLogLik: classificationLogLik(stats.resp, n, k, opt.sampleWeights),
  });
}
