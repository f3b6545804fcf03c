/**
 * The Gaussian mixture as a public {@link EMModel} on plain parameters, for running EM one step at
 * a time with {@link emSteps} (teaching: E-step, plot the responsibilities, M-step, plot the
 * ellipses) or with {@link runEM} directly. Same kernels and degeneracy policy as
 * {@link fitGaussianMixture}; the conversions to plain arrays cost O(n·k) per step, so use
 * fitGaussianMixture for large data.
 * @module
 */
import { Rng } from "../core/rng.js";
import { parseOptions } from "../core/options.js";
import { toDenseMatrix, type MatrixLike } from "../core/validate.js";
import type { EMModel } from "../em/engine.js";
import type { MixtureParamsSnapshot } from "./fit.js";
import type { GmmStats } from "./kernel-primitives.js";
import { allocStats } from "./kernels.js";
import { elboKernel } from "./score.js";
import { gaussianMixtureEM, initialParams, makeContext, type Degeneracy } from "./model.js";
import { checkAgainstData, GMM_OPTIONS, paramsFromUser, paramsToUser, type CovarianceType, type GmmParams } from "./options.js";

const MODEL_OPTIONS = { k: GMM_OPTIONS.k, covarianceType: GMM_OPTIONS.covarianceType, regCovar: GMM_OPTIONS.regCovar, sampleWeights: GMM_OPTIONS.sampleWeights };

/** E-step output of {@link gaussianMixtureModel}: posterior probabilities and expected counts. */
export interface MixtureStepStats {
  /** rᵢc = P(component c | xᵢ, θ), n rows of length k. */
  responsibilities: number[][];
  /** N_c = Σᵢ wᵢ rᵢc, the expected number of points per component. */
  nk: number[];
}

/** A Gaussian mixture as an {@link EMModel} over plain parameters (see {@link gaussianMixtureModel}). */
export interface GaussianMixtureEMModel extends EMModel<MixtureParamsSnapshot, MixtureStepStats> {
  readonly k: number;
  readonly d: number;
  readonly covarianceType: CovarianceType;
  /** Degeneracies met by the M-steps so far (see fitGaussianMixture). */
  readonly degeneracies: Degeneracy[];
  /**
   * Starting parameters as fitGaussianMixture computes them.
   * @param init "kmeans++" (default) or "random"
   * @param seed seed or Rng (default 0)
   */
  initialParams(init?: "kmeans++" | "random", seed?: number | Rng): MixtureParamsSnapshot;
}

/**
 * A Gaussian mixture for step-by-step EM.
 * @param X data, n rows × d columns
 * @param options k (required), covarianceType, regCovar, sampleWeights, as in fitGaussianMixture
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const model = gaussianMixtureModel(X, { k: 2 });
 * for (const step of emSteps(model, model.initialParams("random", 1), { maxIter: 3 })) {
 *   // after an E-step: the responsibilities; after an M-step: the new parameters
 *   if (step.phase === "E") showFigure({ data: [pointsTrace(X, { responsibilities: step.stats.responsibilities })] });
 *   else showFigure({ data: [pointsTrace(X), ...ellipseTraces(step.params)] });
 * }
 */
export function gaussianMixtureModel(
  X: MatrixLike,
  options: { k: number; covarianceType?: CovarianceType; regCovar?: number; sampleWeights?: ArrayLike<number> },
): GaussianMixtureEMModel {
  const fn = "gaussianMixtureModel";
  const { data, n, d } = toDenseMatrix(X, fn, "X");
  const { k, covarianceType: type, regCovar, sampleWeights } = parseOptions(MODEL_OPTIONS, options, fn);
  checkAgainstData(k, sampleWeights, n, fn);
  const weights = sampleWeights ?? null;
  const ctx = makeContext(data, n, d, k, type, weights, regCovar);
  const buffer = allocStats(n, d, k, type);
  const inner = gaussianMixtureEM(ctx, buffer, false);
  // The moments behind each stats object handed out (the buffer itself is reused by the next E-step).
  const moments = new WeakMap<MixtureStepStats, { stats: GmmStats; params: GmmParams }>();
  const toInternal = (p: MixtureParamsSnapshot): GmmParams => paramsFromUser(p, type, k, d, fn, "params");
  const copyStats = (s: GmmStats): GmmStats => ({
    resp: s.resp.slice(),
    logDens: s.logDens.slice(),
    nk: s.nk.slice(),
    s1: s.s1.slice(),
    s2: s.s2.slice(),
    shift: s.shift.slice(),
  });
  return {
    k,
    d,
    nObservations: ctx.totalWeight,
    covarianceType: type,
    degeneracies: ctx.degeneracies,
    eStep(params) {
      const p = toInternal(params);
      const { stats, logLikelihood } = inner.eStep(p);
      const responsibilities: number[][] = [];
      for (let i = 0; i < n; i++) responsibilities.push(Array.from(stats.resp.subarray(i * k, (i + 1) * k)));
      const out: MixtureStepStats = { responsibilities, nk: Array.from(stats.nk) };
      moments.set(out, { stats: copyStats(stats), params: p });
      return { stats: out, logLikelihood };
    },
    mStep(stats, previous) {
      const m = moments.get(stats);
      const prev = m ? m.params : toInternal(previous);
      let internal: GmmStats;
      if (m) internal = m.stats;
      else {
        // Stats built by hand: recompute the moments from the given parameters.
        inner.eStep(prev);
        internal = buffer;
      }
      return paramsToUser(inner.mStep(internal, prev), type, k, d);
    },
    elbo(stats, params) {
      const resp = new Float64Array(n * k);
      stats.responsibilities.forEach((row, i) => resp.set(row, i * k));
      return elboKernel(data, n, d, k, type, toInternal(params), weights, resp);
    },
    clone: (p) => ({ weights: p.weights.slice(), means: p.means.map((r) => r.slice()), covariances: p.covariances.map((c) => c.map((r) => r.slice())) }),
    flatten: (p) => [...p.weights, ...p.means.flat(), ...p.covariances.flat(2)],
    initialParams(init = "kmeans++", seed = 0) {
      const p = initialParams(ctx, init, Rng.from(seed), allocStats(n, d, k, type), fn);
      return paramsToUser(p, type, k, d);
    },
  };
}
