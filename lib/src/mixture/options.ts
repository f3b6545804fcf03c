/**
 * Options of {@link fitGaussianMixture}, their defaults and validation, and the conversion of
 * user-supplied mixture parameters (initial values, or a model built by hand) into the compact
 * internal layout of each covariance type.
 * @module
 */
import { DomainError, InvalidInputError, NonFiniteError, NotPositiveDefiniteError, ShapeError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { bool, int, nonNegative, oneOf, option, type AssertSameType, type OptionsOf } from "../core/options.js";
import { rowsOf, toVector, type MatrixObject } from "../core/validate.js";
import { ORDER_OPTION, type ComponentOrder } from "../em/order.js";
import { isEMFit } from "../em/fit.js";
import { EM_FIT_OPTIONS, type EMFitOptions } from "../em/restarts.js";
import { checkThreads } from "./threads-option.js";

import { covarianceStrategy } from "./covariance/strategy.js";
import type { CovarianceType, GmmParams } from "./covariance/types.js";

export type { CovarianceType, GmmParams };

/**
 * The covariance types, in the order used by messages.
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * for (const covarianceType of COVARIANCE_TYPES) fitGaussianMixture(X, { k: 2, covarianceType });
 */
export const COVARIANCE_TYPES: readonly CovarianceType[] = ["full", "tied", "diag", "spherical"];

/**
 * Mixture parameters given by the user (as initial values, or to build a model by hand).
 * `covariances` may always be k full d×d matrices (the format fitted models return); it may also be
 * the compact form of the type: tied a single d×d matrix, diag k rows of d variances, spherical k
 * variances.
 */
export interface GaussianMixtureParams {
  /** Mixing weights, length k, positive, summing to 1 (renormalised if within 1e-8 of 1). */
  weights: ArrayLike<number>;
  /** Component means, k rows of length d (rows, or an ml-matrix Matrix). */
  means: ArrayLike<ArrayLike<number>> | MatrixObject;
  /** Covariances: see the interface doc for the accepted shapes; each matrix may be an ml-matrix Matrix. */
  covariances: ArrayLike<number> | ArrayLike<ArrayLike<number>> | ArrayLike<ArrayLike<ArrayLike<number>> | MatrixObject> | MatrixObject;
}

/** Options of {@link fitGaussianMixture}. The stopping options (tol, relTol, paramTol, maxIter) follow the rule of runEM. */
export interface GaussianMixtureOptions extends EMFitOptions {
  /** Number of components, 1 ≤ k ≤ n (required). */
  k: number;
  /** Covariance structure; default "full". */
  covarianceType?: CovarianceType;
  /**
   * Initialisation: "kmeans++" (default: k-means++ seeding then Lloyd's k-means, then one M-step
   * from the hard labels, as scikit-learn does), "random" (k distinct observations chosen at random
   * as centres, each point labelled by its nearest centre, then one M-step), explicit parameters,
   * or a previous fit (warm start: its weights, means and covariances).
   */
  init?: "kmeans++" | "random" | GaussianMixtureParams;
  /** Number of initialisations (restarts); the run with the highest final log-likelihood is kept. Default 1. Ignored (1) with explicit init. */
  nInit?: number;
  /** Added to the diagonal of every covariance after each M-step (absolute, as in scikit-learn). Default 1e-6. Rescale data far from unit scale, or set it accordingly. */
  regCovar?: number;
  /**
   * Tolerance on the remaining gain of the mean log-likelihood per observation, ℓ/Σw (the stopping
   * rule of runEM; scikit-learn's `tol` refers to the same quantity). Default 1e-10: the parameters
   * then agree with the exact maximiser to about 1e-5 relative even when EM is slow (rate ≈ 0.66
   * on Old Faithful's `waiting`); scikit-learn's default 1e-3 stops far earlier. 0 runs until ℓ
   * stops changing or maxIter.
   */
  tol?: number;
  /** Seed (or Rng) for the initialisation; default 0, so fits are reproducible. */
  seed?: number | Rng;
  /** Non-negative weight per observation (frequency weights: weight 2 = the row appears twice). */
  sampleWeights?: ArrayLike<number>;
  /** Record the ELBO after each M-step in `history.elbo` (one extra pass over the data per iteration). Default false. */
  trackElbo?: boolean;
  /** Order of the reported components (see ComponentOrder): "none" (default, as initialised), "weight" (decreasing) or "mean" (increasing, lexicographic). */
  order?: ComponentOrder;
  /**
   * What NaN entries of X mean. "reject" (default): they are an error. "marginalize": they are
   * values missing at random; each row contributes the marginal density of its observed coordinates,
   * and the M-step uses the conditional means and covariances of the missing ones (all four
   * covariance types, sampleWeights, restarts; not trackElbo). The initialisation (k-means++ or
   * random) runs on the rows with each missing cell replaced by its column's observed mean. Rows
   * with every value missing are rejected. With nothing missing the fit is the complete-data fit.
   * The fitted mixture keeps the option: its predict, predictProba and scoreSamples then accept
   * rows with NaN too (see GaussianMixture.missing).
   */
  missing?: "reject" | "marginalize";
  /**
   * "batch" (default): EM over all the data in every iteration. "online": stepwise EM (Cappé &
   * Moulines 2009) over shuffled mini-batches of `batchSize` rows, `passes` times over the data:
   * running averages of the expected sufficient statistics, s ← (1 − η_t) s + η_t s̄(batch), and an
   * M-step after each batch, with step sizes η_t from `stepSize`. It has no convergence test
   * (`converged` is false, `stopReason` "maxIter": it ran the passes asked for); `iterations` counts
   * the mini-batch updates and `history.logLikelihood` holds ℓ on all the data after each pass
   * (entry 0 at the start). For data that do not fit in memory, see fitGaussianMixtureStream.
   */
  algorithm?: "batch" | "online";
  /** Online only: rows per mini-batch (default 1000). */
  batchSize?: number;
  /**
   * Online only: the step sizes: an exponent a in (0.5, 1] for η_t = (t + 2)^(−a) (t = 0, 1, ... the
   * batch number; default 0.6), or a function t ↦ η_t with values in (0, 1] (the theory needs
   * Σ η_t = ∞ and Σ η_t² < ∞).
   */
  stepSize?: number | ((t: number) => number);
  /** Online only: passes over the data (default 1). */
  passes?: number;
  /**
   * Parameters EM must not change (see GaussianMixtureFixed): the others are estimated given them
   * by the exact constrained M-step; they replace those of `init` and of every start, and are not
   * counted in nParameters.
   */
  fixed?: GaussianMixtureFixed;
  /**
   * Threads of the E-step (Node only; default 1): an integer n runs it on n blocks of rows, the
   * calling thread on one and n − 1 worker threads (a pool made on first use and kept, not keeping
   * the process alive) on the others, summed in block order; "auto" uses 2 threads (at most the
   * machine's available parallelism) when n·k ≥ 100,000, else 1. Results equal those of threads: 1
   * up to the order of summation (within 1e-12 relative; only a stopping test met within rounding
   * of its threshold can end the two one iteration apart). Batch EM with complete data only:
   * `missing: "marginalize"` and `algorithm: "online"` run on one thread ("auto") or refuse n > 1;
   * outside Node "auto" is 1 and n > 1 an error.
   * @example
   * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
   * const one = fitGaussianMixture(X, { k: 2, seed: 1, threads: 1 });
   * const two = fitGaussianMixture(X, { k: 2, seed: 1, threads: 2 });
   * Math.abs(two.logLikelihood - one.logLikelihood) <= 1e-12 * Math.abs(one.logLikelihood); // → true
   */
  threads?: "auto" | number;
}

/**
 * The checked sample weights (a named type, so that the emitted declarations do not spell out
 * TypeScript 5.9's generic `Float64Array<ArrayBufferLike>`, which tslab's TypeScript 5.0 cannot read).
 * @internal
 */
export interface SampleWeightVector extends Float64Array {}

/**
 * The step-size option of online EM: an exponent in (0.5, 1] or a function of the batch number.
 * @internal
 */
export const STEP_SIZE_OPTION = option<number | ((t: number) => number), number | ((t: number) => number)>((v, fn, name) => {
  if (typeof v === "function") return v as (t: number) => number;
  if (typeof v !== "number" || !(v > 0.5 && v <= 1)) {
    throw new DomainError(`${fn}: ${name} must be an exponent a in (0.5, 1] (η_t = (t + 2)^−a) or a function t => η_t, got ${String(v)}.`);
  }
  return v;
});

/**
 * What {@link fitGaussianMixture} keeps fixed, in the shapes of {@link GaussianMixtureParams}.
 * @example
 * // Known mixing proportions; only the means and covariances are estimated.
 * const fixed: GaussianMixtureFixed = { weights: [0.35, 0.65] };
 */
export interface GaussianMixtureFixed {
  /** Mixing weights, length k, > 0, summing to 1. */
  weights?: GaussianMixtureParams["weights"];
  /** Means, k rows of length d. */
  means?: GaussianMixtureParams["means"];
  /** Covariances, in any shape `init` accepts for the covariance type. */
  covariances?: GaussianMixtureParams["covariances"];
}

/** @internal The options table of {@link fitGaussianMixture}. */
export const GMM_OPTIONS = {
  k: int({ min: 1, required: true, doc: "the number of components", belowMin: "a mixture needs at least one component (k ≥ 1)" }),
  covarianceType: oneOf(COVARIANCE_TYPES as readonly CovarianceType[], { default: "full" }),
  init: option<"kmeans++" | "random" | GaussianMixtureParams, "kmeans++" | "random" | GaussianMixtureParams, { default: "kmeans++" }>(
    (init, fn) => {
      // Warm start: a previous fit stands for its parameters.
      if (isEMFit(init)) {
        const f = init as unknown as GaussianMixtureParams;
        return { weights: f.weights, means: f.means, covariances: f.covariances };
      }
      if (init !== "kmeans++" && init !== "random" && (typeof init !== "object" || init === null || Array.isArray(init))) {
        throw new DomainError(`${fn}: init must be "kmeans++", "random" or { weights, means, covariances }, got ${String(init)}.`);
      }
      return init as "kmeans++" | "random" | GaussianMixtureParams;
    },
    { default: "kmeans++" },
  ),
  regCovar: nonNegative({ default: 1e-6 }),
  sampleWeights: option<ArrayLike<number>, SampleWeightVector>((v, fn, name) => toVector(v, fn, name)),
  trackElbo: bool({ default: false }),
  order: ORDER_OPTION,
  missing: oneOf(["reject", "marginalize"] as const, { default: "reject" }),
  algorithm: oneOf(["batch", "online"] as const, { default: "batch" }),
  batchSize: int({ min: 1 }),
  stepSize: STEP_SIZE_OPTION,
  passes: int({ min: 1 }),
  fixed: option<GaussianMixtureFixed, unknown>((v) => v), // checked against the data's shape in gaussianMixtureProblem
  threads: option<"auto" | number, "auto" | number, { default: 1 }>(checkThreads, { default: 1 }),
  ...EM_FIT_OPTIONS,
};
const optionsAgree: AssertSameType<OptionsOf<typeof GMM_OPTIONS>, GaussianMixtureOptions> = true;
void optionsAgree;


/**
 * The checks of the mixture options that need the data: k ≤ n, one non-negative weight per row
 * with at least k positive.
 * @internal
 */
export function checkAgainstData(k: number, sampleWeights: Float64Array | undefined, n: number, fn: string): void {
  if (k > n) {
    throw new ShapeError(`${fn}: k = ${k} components but only n = ${n} observations. Use k ≤ n (far fewer in practice).`);
  }
  if (sampleWeights === undefined) return;
  if (sampleWeights.length !== n) {
    throw new ShapeError(`${fn}: sampleWeights has length ${sampleWeights.length} but X has ${n} rows. Pass one weight per observation.`);
  }
  let positive = 0;
  for (let i = 0; i < n; i++) {
    if (sampleWeights[i] < 0) throw new DomainError(`${fn}: sampleWeights[${i}] = ${sampleWeights[i]} is negative; weights must be ≥ 0.`);
    if (sampleWeights[i] > 0) positive++;
  }
  if (positive < k) {
    throw new DomainError(`${fn}: only ${positive} observations have positive weight but k = ${k}. Use k ≤ the number of weighted observations.`);
  }
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

function matrixFrom(input: unknown, rows: number, cols: number, fn: string, name: string): Float64Array {
  const x = rowsOf(input);
  if (!isArrayLike(x)) throw new ShapeError(`${fn}: ${name} must be an array of ${rows} rows of length ${cols}.`);
  if (x.length !== rows) throw new ShapeError(`${fn}: ${name} has ${x.length} rows; expected ${rows}.`);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = x[i];
    if (!isArrayLike(row)) throw new ShapeError(`${fn}: ${name}[${i}] must be an array of length ${cols}.`);
    if (row.length !== cols) throw new ShapeError(`${fn}: ${name}[${i}] has length ${row.length}; expected ${cols}.`);
    const v = toVector(row, fn, `${name}[${i}]`);
    out.set(v, i * cols);
  }
  return out;
}

function checkSymmetric(a: Float64Array, d: number, offset: number, fn: string, name: string): void {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const x = a[offset + i * d + j];
      const y = a[offset + j * d + i];
      const scale = Math.sqrt(Math.abs(a[offset + i * d + i] * a[offset + j * d + j]));
      if (Math.abs(x - y) > 1e-10 * Math.max(scale, Number.MIN_VALUE)) {
        throw new DomainError(`${fn}: ${name} is not symmetric: entry [${i}][${j}] = ${x} but [${j}][${i}] = ${y}.`);
      }
      const m = 0.5 * (x + y);
      a[offset + i * d + j] = m;
      a[offset + j * d + i] = m;
    }
  }
}

/**
 * Converts user parameters to the internal layout (with factors), checking every shape, that the
 * weights are a probability vector and that each covariance is positive-definite.
 * @throws ShapeError, DomainError, NonFiniteError, NotPositiveDefiniteError
 * @internal
 */
export function paramsFromUser(p: GaussianMixtureParams, type: CovarianceType, k: number, d: number, fn: string, label: string): GmmParams {
  if (p === null || typeof p !== "object") throw new InvalidInputError(`${fn}: ${label} must be { weights, means, covariances }.`);
  for (const key of Object.keys(p)) {
    // covarianceType is accepted so that a fitted model's toParams() can be passed back as init.
    if (key === "covarianceType") {
      const given = (p as { covarianceType?: unknown }).covarianceType;
      if (given !== type) {
        throw new InvalidInputError(`${fn}: ${label}.covarianceType is '${String(given)}' but the fit uses '${type}'. Pass matching covarianceType, or leave it out of ${label}.`);
      }
      continue;
    }
    if (key !== "weights" && key !== "means" && key !== "covariances") {
      throw new InvalidInputError(`${fn}: ${label} has an unknown field '${key}'; expected weights, means, covariances.`);
    }
  }
  if (p.weights === undefined || p.means === undefined || p.covariances === undefined) {
    throw new InvalidInputError(`${fn}: ${label} needs all of weights, means and covariances.`);
  }
  const weights = toVector(p.weights, fn, `${label}.weights`);
  if (weights.length !== k) throw new ShapeError(`${fn}: ${label}.weights has length ${weights.length} but k = ${k}.`);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    if (!(weights[c] > 0)) throw new DomainError(`${fn}: ${label}.weights[${c}] = ${weights[c]}; weights must be > 0.`);
    sum += weights[c];
  }
  if (Math.abs(sum - 1) > 1e-8) throw new DomainError(`${fn}: ${label}.weights sum to ${sum}, not 1.`);
  for (let c = 0; c < k; c++) weights[c] /= sum;
  const means = matrixFrom(p.means, k, d, fn, `${label}.means`);
  const cov = covFromUser(p.covariances, type, k, d, fn, `${label}.covariances`);
  const params = withFactors({ weights, means, cov }, type, k, d);
  if (typeof params === "number") {
    throw new NotPositiveDefiniteError(
      `${fn}: ${label}.covariances${type === "tied" ? "" : `[${params}]`} is not positive-definite (Cholesky failed). ` +
        "Every covariance must be symmetric with positive eigenvalues.",
    );
  }
  return params;
}

function covFromUser(input: unknown, type: CovarianceType, k: number, d: number, fn: string, name: string): Float64Array {
  // An ml-matrix Matrix works wherever rows do: as the tied or diag matrix, or as one of k full covariances.
  const outer = rowsOf(input);
  const x = isArrayLike(outer) ? Array.from(outer, (m) => rowsOf(m)) : outer;
  if (!isArrayLike(x)) throw new ShapeError(`${fn}: ${name} must be an array.`);
  const first = x.length > 0 ? x[0] : undefined;
  const depth = typeof first === "number" ? 1 : isArrayLike(first) ? (isArrayLike(first.length > 0 ? first[0] : undefined) ? 3 : 2) : 0;
  if (depth === 0) throw new ShapeError(`${fn}: ${name} must be an array of numbers or of matrices.`);
  const fullK = (): Float64Array => {
    if (x.length !== k) throw new ShapeError(`${fn}: ${name} has ${x.length} matrices but k = ${k}.`);
    const out = new Float64Array(k * d * d);
    for (let c = 0; c < k; c++) {
      out.set(matrixFrom(x[c], d, d, fn, `${name}[${c}]`), c * d * d);
      checkSymmetric(out, d, c * d * d, fn, `${name}[${c}]`);
    }
    return out;
  };
  const positive = (v: number, where: string): void => {
    if (!(v > 0)) throw new NotPositiveDefiniteError(`${fn}: ${where} = ${v}; variances must be > 0.`);
  };
  if (type === "full") {
    if (depth !== 3) throw new ShapeError(`${fn}: ${name} must be k = ${k} matrices of size ${d}×${d} for covarianceType "full".`);
    return fullK();
  }
  if (type === "tied") {
    if (depth === 2) {
      const out = matrixFrom(x, d, d, fn, name);
      checkSymmetric(out, d, 0, fn, name);
      return out;
    }
    if (depth !== 3) throw new ShapeError(`${fn}: ${name} must be one ${d}×${d} matrix (or k equal ones) for covarianceType "tied".`);
    const all = fullK();
    for (let c = 1; c < k; c++) {
      for (let t = 0; t < d * d; t++) {
        if (all[c * d * d + t] !== all[t]) throw new DomainError(`${fn}: ${name}: covarianceType "tied" needs all k covariances equal; [${c}] differs from [0].`);
      }
    }
    return all.slice(0, d * d);
  }
  if (type === "diag") {
    let out: Float64Array;
    if (depth === 2) out = matrixFrom(x, k, d, fn, name);
    else if (depth === 3) {
      const all = fullK();
      out = new Float64Array(k * d);
      for (let c = 0; c < k; c++) {
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            if (i !== j && all[c * d * d + i * d + j] !== 0) {
              throw new DomainError(`${fn}: ${name}[${c}] has a non-zero off-diagonal entry [${i}][${j}] but covarianceType is "diag".`);
            }
          }
          out[c * d + i] = all[c * d * d + i * d + i];
        }
      }
    } else throw new ShapeError(`${fn}: ${name} must be k = ${k} rows of ${d} variances for covarianceType "diag".`);
    for (let t = 0; t < out.length; t++) positive(out[t], `${name}[${Math.floor(t / d)}][${t % d}]`);
    return out;
  }
  // spherical
  let out: Float64Array;
  if (depth === 1) {
    out = toVector(x, fn, name);
    if (out.length !== k) throw new ShapeError(`${fn}: ${name} has length ${out.length} but k = ${k} (one variance per component for "spherical").`);
  } else if (depth === 3) {
    const all = fullK();
    out = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      const v = all[c * d * d];
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          if (all[c * d * d + i * d + j] !== (i === j ? v : 0)) {
            throw new DomainError(`${fn}: ${name}[${c}] is not a multiple of the identity but covarianceType is "spherical".`);
          }
        }
      }
      out[c] = v;
    }
  } else throw new ShapeError(`${fn}: ${name} must be k = ${k} variances for covarianceType "spherical".`);
  for (let c = 0; c < k; c++) positive(out[c], `${name}[${c}]`);
  return out;
}

/**
 * Adds `invChol` and `logDet` to compact parameters. Returns the index of the first covariance
 * that is not positive-definite instead (for tied: 0).
 * @internal
 */
export function withFactors(p: { weights: Float64Array; means: Float64Array; cov: Float64Array }, type: CovarianceType, k: number, d: number): GmmParams | number {
  const strategy = covarianceStrategy(type);
  const invChol = new Float64Array(p.cov.length);
  const logDet = new Float64Array(k);
  for (let c = 0; c < (strategy.shared ? 1 : k); c++) {
    const f = strategy.factor(p.cov, invChol, d, c);
    if (f === null) return c;
    logDet[c] = f;
  }
  if (strategy.shared) logDet.fill(logDet[0]);
  for (let t = 0; t < p.means.length; t++) {
    if (!Number.isFinite(p.means[t])) throw new NonFiniteError(`GaussianMixture: internal: non-finite mean ${p.means[t]}.`);
  }
  return { weights: p.weights, means: p.means, cov: p.cov, invChol, logDet };
}

/**
 * Factorises covariance `c` of `cov` into `invChol` (inverse Cholesky factor, or 1/σ); returns
 * the log determinant, or null if the covariance is not positive-definite.
 * @internal
 */
export function factorOne(cov: Float64Array, invChol: Float64Array, type: CovarianceType, d: number, c: number): number | null {
  return covarianceStrategy(type).factor(cov, invChol, d, c);
}

/**
 * The parameters with components permuted: component j of the result is component perm[j] of p
 * (the tied covariance is shared and stays).
 * @internal
 */
export function permuteParams(p: GmmParams, type: CovarianceType, k: number, d: number, perm: readonly number[]): GmmParams {
  const per = covarianceStrategy(type).perComponent(d);
  const pick = (a: Float64Array, size: number): Float64Array => {
    const out = new Float64Array(a.length);
    for (let j = 0; j < k; j++) out.set(a.subarray(perm[j] * size, (perm[j] + 1) * size), j * size);
    return out;
  };
  return {
    weights: pick(p.weights, 1),
    means: pick(p.means, d),
    cov: per === 0 ? p.cov.slice() : pick(p.cov, per),
    invChol: per === 0 ? p.invChol.slice() : pick(p.invChol, per),
    logDet: pick(p.logDet, 1),
  };
}

/**
 * Internal parameters → public ones: weights, means (k×d) and full d×d covariance matrices for
 * every type.
 * @internal
 */
export function paramsToUser(p: GmmParams, type: CovarianceType, k: number, d: number): { weights: number[]; means: number[][]; covariances: number[][][] } {
  const strategy = covarianceStrategy(type);
  const weights = Array.from(p.weights);
  const means: number[][] = [];
  const covariances: number[][][] = [];
  const dense = new Float64Array(d * d);
  for (let c = 0; c < k; c++) {
    means.push(Array.from(p.means.subarray(c * d, (c + 1) * d)));
    dense.fill(0);
    strategy.denseInto(p.cov, d, c, dense, 0);
    const m: number[][] = [];
    for (let i = 0; i < d; i++) m.push(Array.from(dense.subarray(i * d, (i + 1) * d)));
    covariances.push(m);
  }
  return { weights, means, covariances };
}
