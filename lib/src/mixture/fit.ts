/**
 * Maximum-likelihood fitting of Gaussian mixtures by EM ({@link fitGaussianMixture}), on the
 * generic engine {@link runEM}.
 *
 * **Log-likelihood.** `logLikelihood` is the TOTAL observed-data log-likelihood Σᵢ wᵢ log p(xᵢ)
 * at the returned parameters. scikit-learn's `lower_bound_` is the per-sample MEAN, and is evaluated
 * at the parameters before the last M-step; multiply its `score(X)` by n to compare.
 *
 * **Stopping and order.** The stopping rule of runEM (`tol` on the mean log-likelihood per unit of
 * weight), and the component order rule of mlem (`order`, default as initialised).
 *
 * **Algorithm.** Identical to scikit-learn's GaussianMixture (same M-step formulas, `regCovar` added
 * to the diagonal; tied = the pooled within-component covariance Σ_c Σᵢ rᵢc (xᵢ − μ_c)(xᵢ − μ_c)ᵀ / n;
 * spherical = the mean of the diagonal variances), so from the same initial parameters both give the
 * same iterates. One pass over the data per iteration (see the kernels).
 *
 * **Missing values** (`missing: "marginalize"`, values missing at random): each row contributes
 * the marginal density of its observed coordinates; the E-step adds each component's conditional
 * mean and covariance of the missing ones to the moments, and the complete-data M-step follows
 * (see missing.ts); ℓ is the observed-data log-likelihood and EM stays monotone in it. Rows are
 * grouped by missingness pattern (one marginal factorisation per component, pattern and
 * iteration). Initialisation (k-means++ or random, then one M-step) and the degeneracy policy see
 * the rows with each missing cell at its column's observed mean. With nothing missing the
 * complete-data kernels run, so the fit is the complete-data fit bit for bit. With regCovar > 0
 * the M-step is the regularised one of the complete data, not an exact maximiser: on a component
 * collapsing onto an observed value (reported "collapsed"), whose conditional variance of a missing
 * coordinate feeds back into its variance, ℓ can then fall slightly while the variance settles
 * (reported in `monotonicity`). With regCovar: 0 the steps are exact EM (the collapse then ends in
 * a singular covariance, which the policy below handles).
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
import type { Rng } from "../core/rng.js";
import { DomainError } from "../core/errors.js";
import { parseOptions } from "../core/options.js";
import { rowsOf, type MatrixLike } from "../core/validate.js";
import { columnMeans } from "../distributions/internal.js";
import type { EMResult } from "../em/engine.js";
import { emFitFields, informationCriteria, type EMFit, type EMHistory } from "../em/fit.js";
import { componentPermutation, type ComponentOrder } from "../em/order.js";
import { runRestarts, stoppingOf, type EMRestart } from "../em/restarts.js";
import { runOnline } from "./online.js";
import { parallelEStep, resolveThreads, type ParallelEStep } from "./parallel.js";
import { checkFixedBlocks, fixedParameterCount, withFixedBlocks, type FixedBlocks } from "./fixed.js";
import { classificationLogLik, GaussianMixture, labelsFrom } from "./gaussian-mixture.js";
import type { GmmStats } from "./kernel-primitives.js";
import { allocStats } from "./kernels.js";
import { gaussianMixtureEM, initialParams, makeContext, type Degeneracy, type GmmContext } from "./model.js";
import { denseRejectingNaN, denseWithMissing, eStepMissing, meanImputed, missingWorkspace, observedColumnMeans, type MissingLayout } from "./missing.js";
import { checkAgainstData, GMM_OPTIONS, paramsFromUser, paramsToUser, permuteParams, type CovarianceType, type GaussianMixtureOptions, type GmmParams } from "./options.js";

/** Public mixture parameters (as in {@link GaussianMixture}). */
export interface MixtureParamsSnapshot {
  weights: number[];
  means: number[][];
  covariances: number[][][];
}

/**
 * A fitted Gaussian mixture: the distribution ({@link GaussianMixture}) plus how the fit went
 * (the {@link EMFit} fields every EM fit has, and BIC, AIC and ICL on the training data as
 * numbers; `bicOf(X)`, `aicOf(X)`, `iclOf(X)` evaluate them on other data).
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitGaussianMixture(X, { k: 2 });
 * fit.logLikelihood; fit.converged; fit.history.logLikelihood; fit.bic;
 */
export class FittedGaussianMixture extends GaussianMixture implements EMFit<MixtureParamsSnapshot> {
  /** What EM climbed: the log-likelihood. */
  readonly objective = "logLikelihood" as const;
  /** Total observed-data log-likelihood Σᵢ wᵢ log p(xᵢ) at the returned parameters (NOT scikit-learn's per-sample mean). */
  readonly logLikelihood: number;
  /** Number of EM iterations (M-steps) of the kept run. */
  readonly iterations: number;
  /** E-steps the kept run evaluated, the initial one included (iterations + 1 for plain EM). */
  readonly eSteps: number;
  /** Whether the kept run met the stopping rule. */
  readonly converged: boolean;
  /** Why the kept run stopped (see {@link runEM}). */
  readonly stopReason: EMFit<MixtureParamsSnapshot>["stopReason"];
  /** Log-likelihood path ℓ(θ₀..θ_T), ELBO (if trackElbo) and requested snapshots of the kept run (components in the fit's order). */
  readonly history: EMHistory<MixtureParamsSnapshot> & { elbo?: number[] };
  /** Log-likelihood decreases beyond 1e-10 relative (should be empty unless a degeneracy was handled). */
  readonly monotonicity: EMFit<MixtureParamsSnapshot>["monotonicity"];
  /** Linear convergence-rate diagnostics of the kept run. */
  readonly rate: EMFit<MixtureParamsSnapshot>["rate"];
  /** Degenerate components met during the kept run and what was done (component indices in the fit's order). */
  readonly degeneracies: Degeneracy[];
  /** Final log-likelihood, iterations and convergence of every initialisation (nInit entries). */
  readonly restarts: EMRestart[];
  /** Number of observations (rows of X). */
  readonly n: number;
  /** Σᵢ wᵢ (n without sampleWeights): the sample size of the criteria. */
  readonly totalWeight: number;
  /** BIC = −2ℓ + p log Σw on the training data (lower is better). */
  readonly bic: number;
  /** AIC = −2ℓ + 2p on the training data. */
  readonly aic: number;
  /** ICL = BIC − 2 Σᵢ wᵢ log τᵢ,ĉᵢ on the training data (BIC plus a penalty for fuzzy classification). */
  readonly icl: number;
  /** Hard labels of the training data at the fitted parameters. */
  readonly labels: number[];
  /** Free parameters held fixed by the `fixed` option (subtracted from nParameters). */
  readonly fixedParameters: number;

  /** Free parameters of the fit: those of the covariance type, less the fixed ones. */
  override get nParameters(): number {
    return super.nParameters - (this.fixedParameters ?? 0);
  }

  /** Number of missing (NaN) cells of the training data (0 unless fitted with `missing: "marginalize"`). */
  readonly nMissing: number;

  /** @internal Use {@link fitGaussianMixture}. */
  constructor(
    internal: GmmParams,
    type: CovarianceType,
    k: number,
    d: number,
    info: Pick<
      FittedGaussianMixture,
      "logLikelihood" | "iterations" | "eSteps" | "converged" | "stopReason" | "history" | "monotonicity" | "rate" | "degeneracies" | "restarts" | "n" | "totalWeight" | "labels"
    > & { classLogLik: number; nMissing?: number; nFixed?: number },
  ) {
    super(internal, type, k, d, info.nMissing === undefined ? "reject" : "marginalize");
    this.logLikelihood = info.logLikelihood;
    this.iterations = info.iterations;
    this.eSteps = info.eSteps;
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
    this.nMissing = info.nMissing ?? 0;
    this.fixedParameters = info.nFixed ?? 0;
    const criteria = informationCriteria(info.logLikelihood, this.nParameters, info.totalWeight);
    this.bic = criteria.bic;
    this.aic = criteria.aic;
    this.icl = criteria.bic - 2 * info.classLogLik;
  }
}

/** The data of a fit, centred, with the shift to add back and the resolved options. @internal */
export interface GmmProblem {
  data: Float64Array;
  n: number;
  d: number;
  shift: Float64Array;
  k: number;
  type: CovarianceType;
  weights: Float64Array | null;
  regCovar: number;
  init: "kmeans++" | "random" | GmmParams;
  trackElbo: boolean;
  order: ComponentOrder;
  emOptions: ReturnType<typeof stoppingOf<GmmParams>>;
  /** The `missing` option. */
  missingOption: "reject" | "marginalize";
  /** The fixed parameters (checked, centred), or null. */
  fixed: FixedBlocks | null;
  /** algorithm: "online": its settings; null for batch EM. */
  online: { batchSize: number; stepSize: number | ((t: number) => number); passes: number } | null;
  /** The missingness patterns, or null when nothing is missing (then the complete-data kernels run). */
  missing: MissingLayout | null;
  /** The centred data with each missing cell at its column's observed mean (what the initialisation and the degeneracy policy see), or null. */
  imputed: Float64Array | null;
  /** Threads of the batch E-step (the `threads` option resolved; 1 with missing: "marginalize" or online). */
  threads: number;
}

/** One run's state: its context (degeneracy records) and its E-step buffers. @internal */
export interface GmmRun {
  ctx: GmmContext;
  stats: GmmStats;
}

/**
 * Validates the options against the data and centres the data: EM runs on centred columns (the
 * mixture likelihood is equivariant under a shift), so with data like 2⁴⁰ + small values Σ r x and
 * the means keep their digits. The shift is added back at the end.
 * @internal
 */
export function gaussianMixtureProblem(X: MatrixLike, options: GaussianMixtureOptions, fn: string): GmmProblem & { rng: Rng; nInit: number } {
  const o = parseOptions(GMM_OPTIONS, options, fn);
  const { data, n, d, layout } = o.missing === "marginalize" ? denseWithMissing(X, fn) : { ...denseRejectingNaN(X, fn, NAN_REMEDY), layout: null };
  checkAgainstData(o.k, o.sampleWeights, n, fn);
  const { k, covarianceType: type } = o;
  if (layout !== null && o.trackElbo) {
    throw new DomainError(`${fn}: trackElbo is not available with missing values (missing: "marginalize"); leave it out.`);
  }
  const onlineOnly = (["batchSize", "stepSize", "passes"] as const).filter((name) => o[name] !== undefined);
  if (o.algorithm === "batch" && onlineOnly.length > 0) {
    throw new DomainError(`${fn}: ${onlineOnly.join(", ")} apply to algorithm: "online" only; add algorithm: "online" or leave ${onlineOnly.length > 1 ? "them" : "it"} out.`);
  }
  if (o.algorithm === "online") {
    const unsupported = [
      o.missing === "marginalize" ? 'missing: "marginalize"' : "",
      o.trackElbo ? "trackElbo" : "",
      o.nInit > 1 ? "nInit > 1" : "",
      o.accelerate === "squarem" ? 'accelerate: "squarem"' : "",
      o.snapshots !== "none" ? "snapshots" : "",
      o.paramTol !== undefined ? "paramTol" : "",
      o.fixed !== undefined ? "fixed" : "",
    ].filter(Boolean);
    if (unsupported.length > 0) {
      throw new DomainError(`${fn}: algorithm: "online" does not take ${unsupported.join(", ")} (stepwise EM runs a fixed number of passes from one start); leave ${unsupported.length > 1 ? "them" : "it"} out.`);
    }
  }
  // With missing cells the shift is the observed mean of each column (NaN stays NaN).
  const shift = layout === null ? columnMeans(data, n, d) : observedColumnMeans(data, n, d, null, fn);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) data[i * d + a] -= shift[a];
  const fixed = o.fixed === undefined ? null : checkFixedBlocks(o.fixed, type, k, d, shift, fn);
  let init: GmmProblem["init"];
  if (typeof o.init === "object") {
    const user = o.init;
    const rows = rowsOf(user.means) as ArrayLike<ArrayLike<number>>; // an ml-matrix Matrix as rows too
    const means = Array.from({ length: rows?.length ?? 0 }, (_, c) => {
      const row = rows[c];
      return Array.isArray(row) || ArrayBuffer.isView(row) ? Array.from(row as ArrayLike<number>, (v, a) => (a < d ? v - shift[a] : v)) : row;
    });
    init = paramsFromUser({ ...user, means: rows === undefined || rows === null ? rows : (means as ArrayLike<ArrayLike<number>>) }, type, k, d, fn, "init");
  } else init = o.init;
  return {
    data,
    n,
    d,
    shift,
    k,
    type,
    weights: o.sampleWeights ?? null,
    regCovar: o.regCovar,
    init,
    trackElbo: o.trackElbo,
    order: o.order,
    emOptions: stoppingOf<GmmParams>(o),
    rng: o.seed,
    nInit: typeof init === "object" ? 1 : o.nInit,
    missingOption: o.missing,
    fixed,
    online: o.algorithm === "online" ? { batchSize: o.batchSize ?? 1000, stepSize: o.stepSize ?? 0.6, passes: o.passes ?? 1 } : null,
    missing: layout,
    imputed: layout === null ? null : meanImputed(data, n, d, new Float64Array(d)),
    threads: resolveThreads(o.threads, n, k, o.missing === "marginalize" ? 'missing: "marginalize"' : o.algorithm === "online" ? 'algorithm: "online"' : null, fn),
  };
}

/** @internal What to do about NaN cells, for the errors of the fits that refuse them. */
export const NAN_REMEDY =
  'Pass { missing: "marginalize" } to treat NaN as values missing at random (each row then contributes the marginal density ' +
  "of its observed coordinates), or remove or impute them first.";

/** The EM model of a run: the complete-data kernels, or the missing-value E-step. */
function modelOf(problem: GmmProblem, ctx: GmmContext, stats: GmmStats, trackElbo: boolean, parallel: ParallelEStep | null = null): ReturnType<typeof gaussianMixtureEM> {
  const { missing, data, d, k, type } = problem;
  if (missing === null) return gaussianMixtureEM(ctx, stats, trackElbo, parallel === null ? undefined : parallel.eStep);
  const mw = missingWorkspace(d, k);
  return gaussianMixtureEM(ctx, stats, false, (params, s) => eStepMissing(data, d, k, type, params, problem.weights, s, missing, mw));
}

/** The GmmContext of a problem (with missing values: built on the mean-imputed rows). */
function contextOf(problem: GmmProblem): GmmContext {
  const { data, n, d, k, type } = problem;
  const ctx = makeContext(problem.imputed ?? data, n, d, k, type, problem.weights, problem.regCovar);
  ctx.fixed = problem.fixed;
  return ctx;
}

/**
 * Runs EM `nRuns` times on a problem through the one restart loop, run r from `rngOf(r)`; the E-step
 * buffers of a run that is not kept are reused by the next (two sets at most, whatever nRuns).
 * @internal
 */
export function runGaussianMixture(
  problem: GmmProblem,
  nRuns: number,
  rngOf: (run: number) => Rng,
  onRun?: (run: number, result: EMResult<GmmParams>, context: GmmRun) => void,
): { best: EMResult<GmmParams>; context: GmmRun; restarts: EMRestart[] } {
  const { n, d, k, type } = problem;
  const parallel = problem.threads > 1 ? parallelEStep(problem.data, n, d, k, type, problem.weights, problem.threads) : null;
  try {
    return runRestarts<GmmParams, GmmStats, GmmRun>({
      nInit: nRuns,
      prepare: (run, recycled) => {
        const ctx = contextOf(problem);
        const stats = recycled?.stats ?? (parallel === null ? allocStats(n, d, k, type) : parallel.allocStats());
        const start = typeof problem.init === "object" ? problem.init : initialParams(ctx, problem.init, rngOf(run), stats, "fitGaussianMixture");
        const init = withFixedBlocks(start, problem.fixed, type, k, d, "fitGaussianMixture");
        return { model: modelOf(problem, ctx, stats, problem.trackElbo, parallel), init, context: { ctx, stats } };
      },
      options: problem.emOptions,
      onRun,
    });
  } finally {
    parallel?.release();
  }
}

/**
 * The fitted mixture of a run: components in the problem's order, means shifted back, snapshots in
 * the public form. Call while the run's buffers are valid (the engine ends with an E-step at the
 * returned parameters, so they hold its responsibilities).
 * @internal
 */
export function fittedFromRun(problem: GmmProblem, result: EMResult<GmmParams>, run: GmmRun, restarts: EMRestart[]): FittedGaussianMixture {
  const { n, d, k, type, shift } = problem;
  const { stats, ctx } = run;
  // After a stop on a non-finite log-likelihood the buffers belong to the rejected step: recompute.
  if (result.stopReason === "nonFinite") modelOf(problem, contextOf(problem), stats, false).eStep(result.params);
  const order = componentPermutation(problem.order, result.params.weights, (c) => result.params.means.subarray(c * d, (c + 1) * d));
  const position = new Array<number>(k);
  order.forEach((c, j) => (position[c] = j));
  const toPublic = (p: GmmParams): MixtureParamsSnapshot => {
    const user = paramsToUser(permuteParams(p, type, k, d, order), type, k, d);
    user.means = user.means.map((row) => row.map((v, a) => v + shift[a]));
    return user;
  };
  const fields = emFitFields(result, restarts, "logLikelihood", toPublic);
  const history: FittedGaussianMixture["history"] = fields.history;
  if (result.history.elbo) history.elbo = result.history.elbo;
  const params = permuteParams(result.params, type, k, d, order);
  for (let c = 0; c < k; c++) for (let a = 0; a < d; a++) params.means[c * d + a] += shift[a];
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) resp[i * k + j] = stats.resp[i * k + order[j]];
  return new FittedGaussianMixture(params, type, k, d, {
    logLikelihood: result.logLikelihood,
    iterations: result.iterations,
    eSteps: result.eSteps,
    converged: result.converged,
    stopReason: result.stopReason,
    history,
    monotonicity: result.monotonicity,
    rate: result.rate,
    degeneracies: ctx.degeneracies.map((e) => (e.component >= 0 && type !== "tied" ? { ...e, component: position[e.component] } : e)),
    restarts,
    n,
    totalWeight: ctx.totalWeight,
    labels: labelsFrom(resp, n, k),
    classLogLik: classificationLogLik(resp, n, k, problem.weights),
    nMissing: problem.missingOption === "marginalize" ? (problem.missing?.nMissing ?? 0) : undefined,
    nFixed: fixedParameterCount(problem.fixed, type, k, d),
  });
}

/**
 * Fits a k-component Gaussian mixture by maximum likelihood with EM.
 * @param X data, n rows × d columns (number[][], an ml-matrix Matrix or a DenseMatrix); for 1-D data
 *   pass `x.map((v) => [v])`
 * @param options {@link GaussianMixtureOptions}; `k` is required
 * @returns a {@link FittedGaussianMixture}: weights, means, covariances (full d×d matrices for every
 *   covariance type), logLikelihood (total), history, convergence and degeneracy reports, bic, aic
 *   and icl (numbers), and the methods predict, predictProba, scoreSamples, score, sample, bicOf, aicOf, iclOf
 * @throws InvalidInputError/ShapeError/NonFiniteError for bad X (ragged, NaN without
 *   `missing: "marginalize"`, a row or column entirely missing with it, k > n, ...),
 *   UnknownOptionError for a misspelt option, DomainError for a bad option value,
 *   NotPositiveDefiniteError for a user-given covariance that is not positive-definite
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitGaussianMixture(X, { k: 2, seed: 1, order: "mean" });
 * fit.logLikelihood;  // → -1130.264 — total over the 272 rows
 * fit.means;          // → [[2.04, 54.5], [4.29, 80.0]] — increasing mean: order "mean"
 * fit.bic;            // → 2322.2
 * fit.predict([[2, 50]]);
 * @example
 * // Values missing at random: NaN cells, marginalised in the E-step.
 * import { readCsv, fitGaussianMixture } from "mlem";
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * for (let i = 0; i < X.length; i += 7) X[i][i % 2] = NaN; // 39 of the 544 cells
 * const fit = fitGaussianMixture(X, { k: 2, seed: 1, order: "mean", missing: "marginalize" });
 * fit.nMissing;                // 39
 * fit.logLikelihood;           // the observed-data log-likelihood
 * fit.predictProba([[NaN, 80]]); // posteriors given waiting = 80 alone
 * fit.impute(X).values[0];     // row 0 with eruptions filled by its conditional mean
 */
export function fitGaussianMixture(X: MatrixLike, options: GaussianMixtureOptions): FittedGaussianMixture {
  const problem = gaussianMixtureProblem(X, options, "fitGaussianMixture");
  const { nInit, rng } = problem;
  if (problem.online !== null) {
    const { data, n, d, k, type, weights, regCovar, init } = problem;
    const { result, stats } = runOnline(data, n, d, k, type, weights, regCovar, init, rng, problem.online, "fitGaussianMixture");
    const restarts: EMRestart[] = [{ logLikelihood: result.logLikelihood, iterations: result.iterations, converged: false }];
    return fittedFromRun(problem, result, { ctx: contextOf(problem), stats }, restarts);
  }
  const { best, context, restarts } = runGaussianMixture(problem, nInit, () => (nInit === 1 ? rng : rng.split()));
  return fittedFromRun(problem, best, context, restarts);
}
