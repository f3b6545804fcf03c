/**
 * Online (stepwise) EM for Gaussian mixtures (Cappé & Moulines 2009; Liang & Klein 2009). Batch EM
 * averages the expected sufficient statistics over all n rows in every iteration; stepwise EM keeps
 * a running average over mini-batches,
 *
 *   s ← (1 − η_t) s + η_t s̄(B_t; θ(s)),   θ(s) = the M-step of s,
 *
 * with step sizes η_t → 0, Σ η_t = ∞, Σ η_t² < ∞ (default η_t = (t + 2)^−0.6). Memory is the size of
 * s (k·d² numbers for full covariances) plus one mini-batch, whatever the data size, so the same
 * update serves in-memory data (`fitGaussianMixture(X, { algorithm: "online" })`) and streams of row
 * chunks ({@link fitGaussianMixtureStream}, e.g. a CSV file read line by line).
 *
 * The statistics are kept as moments about a fixed origin (the data's column means in memory; the
 * first mini-batch's for a stream), so the E-step kernels, which take moments about the current
 * means, and the M-step kernel are the batch fit's own.
 * @module
 */
import { ConvergenceError, DomainError, InvalidInputError, ShapeError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { rowsOf, type MatrixLike } from "../core/validate.js";
import { convergenceRate, type EMResult } from "../em/engine.js";
import { covarianceStrategy } from "./covariance/strategy.js";
import { GaussianMixture } from "./gaussian-mixture.js";
import type { GmmStats } from "./kernel-primitives.js";
import { allocStats, eStepKernel, s2Length } from "./kernels.js";
import { mStepKernel } from "./m-step.js";
import { initialParams, makeContext } from "./model.js";
import { COVARIANCE_TYPES, GMM_OPTIONS, paramsFromUser, paramsToUser, STEP_SIZE_OPTION, withFactors, type CovarianceType, type GaussianMixtureParams, type GmmParams } from "./options.js";
import { func, int, nonNegative, oneOf, option, parseOptions, seedOption, type AssertSameType, type OptionsOf } from "../core/options.js";

/** The step size η_t of batch t (t = 0, 1, ...). @internal */
export function stepSizeAt(stepSize: number | ((t: number) => number), t: number, fn: string): number {
  const eta = typeof stepSize === "number" ? Math.pow(t + 2, -stepSize) : stepSize(t);
  if (!(eta > 0 && eta <= 1)) throw new DomainError(`${fn}: stepSize(${t}) = ${String(eta)}; step sizes must be in (0, 1].`);
  return eta;
}

/**
 * The running state of stepwise EM: the averaged statistics about the origin, the current
 * parameters (in the origin's frame) and the work buffers of one mini-batch.
 * @internal
 */
export class OnlineGmmState {
  readonly k: number;
  readonly d: number;
  readonly type: CovarianceType;
  readonly regCovar: number;
  /** Averaged statistics per unit weight: mean γ, mean γ(x − o), mean γ(x − o)(x − o)ᵀ (compact by type). */
  readonly s0: Float64Array;
  readonly s1: Float64Array;
  readonly s2: Float64Array;
  params: GmmParams;
  /** Mini-batch updates done. */
  updates = 0;
  private readonly batchStats: GmmStats;
  private readonly zeroShift: Float64Array;
  private readonly fn: string;

  constructor(params: GmmParams, k: number, d: number, type: CovarianceType, regCovar: number, maxBatch: number, fn: string) {
    this.k = k;
    this.d = d;
    this.type = type;
    this.regCovar = regCovar;
    this.params = params;
    this.fn = fn;
    this.s0 = new Float64Array(k);
    this.s1 = new Float64Array(k * d);
    this.s2 = new Float64Array(s2Length(type, d, k));
    this.batchStats = allocStats(maxBatch, d, k, type);
    this.zeroShift = new Float64Array(k * d);
    this.expectedStatistics(params);
  }

  /**
   * s at the start: the statistics θ₀ expects per observation (E[γ], E[γx], E[γxxᵀ] under θ₀), so the
   * first update averages the first batch with the start, as every later one averages with s.
   */
  private expectedStatistics(p: GmmParams): void {
    const { k, d, type } = this;
    this.s2.fill(0);
    for (let c = 0; c < k; c++) {
      const w = p.weights[c];
      this.s0[c] = w;
      for (let a = 0; a < d; a++) this.s1[c * d + a] = w * p.means[c * d + a];
    }
    covarianceStrategy(type).expectedSecondMoments(p, d, k, this.s2);
  }

  /**
   * One stepwise-EM update from the mini-batch `X` (m rows, in the origin's frame, row-major) with
   * optional row weights; returns the batch's mean log-likelihood under the parameters before the
   * update (a prequential estimate of the fit).
   */
  update(X: Float64Array, m: number, w: Float64Array | null, eta: number): number {
    const { k, d, type } = this;
    const st = this.batchStats;
    const ll = eStepKernel(X, m, d, k, type, this.params, w, st);
    let total = 0;
    if (w === null) total = m;
    else for (let i = 0; i < m; i++) total += w[i];
    if (!(total > 0)) return NaN;
    // The batch's moments about the current means → about the origin, per unit weight.
    const { nk, s1, shift } = st;
    const keep = 1 - eta;
    const f = eta / total;
    for (let c = 0; c < k; c++) this.s0[c] = keep * this.s0[c] + f * nk[c];
    for (let t = 0; t < k * d; t++) this.s1[t] = keep * this.s1[t] + f * (s1[t] + nk[Math.floor(t / d)] * shift[t]);
    covarianceStrategy(type).averageSecondMoments(this.s2, st, keep, f, d, k);
    this.params = this.mStep();
    this.updates++;
    return ll / total;
  }

  /** θ(s): the batch M-step kernel on the averaged statistics (moments about the origin). */
  private mStep(): GmmParams {
    const { k, d, type } = this;
    const view: GmmStats = { resp: new Float64Array(0), logDens: new Float64Array(0), nk: this.s0, s1: this.s1, s2: this.s2, shift: this.zeroShift };
    const raw = mStepKernel(view, this.params, type, d, k, this.regCovar);
    const p = withFactors(raw, type, k, d);
    if (typeof p === "number") {
      throw new ConvergenceError(
        `${this.fn}: after mini-batch ${this.updates + 1} the covariance of component ${p} is not positive-definite (a component collapsing onto a few points). ` +
          "Use larger mini-batches (batchSize), a slower-decaying step (a smaller stepSize exponent is faster to adapt, a larger one steadier), or a larger regCovar.",
      );
    }
    return p;
  }
}

/** Sum of the row weights, or m. */
function weightOf(w: Float64Array | null, m: number): number {
  if (w === null) return m;
  let s = 0;
  for (let i = 0; i < m; i++) s += w[i];
  return s;
}

/**
 * The online fit of in-memory, centred data (`fitGaussianMixture(X, { algorithm: "online" })`):
 * `passes` passes over a fresh seeded shuffle each, in mini-batches of `batchSize` rows, starting
 * from `init` or from k-means++/random initialisation on the first mini-batch; ℓ on all the data
 * after each pass. Returns an EMResult and the full-data E-step buffers at the final parameters.
 * @internal
 */
export function runOnline(
  data: Float64Array,
  n: number,
  d: number,
  k: number,
  type: CovarianceType,
  weights: Float64Array | null,
  regCovar: number,
  init: "kmeans++" | "random" | GmmParams,
  rng: Rng,
  settings: { batchSize: number; stepSize: number | ((t: number) => number); passes: number },
  fn: string,
): { result: EMResult<GmmParams>; stats: GmmStats } {
  const batchSize = Math.min(settings.batchSize, n);
  if (k > batchSize) throw new ShapeError(`${fn}: batchSize = ${batchSize} rows cannot initialise k = ${k} components; use batchSize ≥ k (far more in practice).`);
  const full = allocStats(n, d, k, type);
  const X = new Float64Array(batchSize * d);
  const w = weights === null ? null : new Float64Array(batchSize);
  const fill = (order: readonly number[], from: number, m: number): void => {
    for (let r = 0; r < m; r++) {
      const i = order[from + r];
      for (let a = 0; a < d; a++) X[r * d + a] = data[i * d + a];
      if (w !== null) w[r] = weights![i];
    }
  };
  let order = rng.permutation(n);
  let params: GmmParams;
  if (typeof init === "object") params = init;
  else {
    fill(order, 0, batchSize);
    const ctx = makeContext(X.slice(0, batchSize * d), batchSize, d, k, type, w === null ? null : w.slice(0, batchSize), regCovar);
    params = initialParams(ctx, init, rng, allocStats(batchSize, d, k, type), fn);
  }
  const state = new OnlineGmmState(params, k, d, type, regCovar, batchSize, fn);
  const ll = [eStepKernel(data, n, d, k, type, state.params, weights, full)];
  let eSteps = 1;
  const violations: Array<{ iteration: number; decrease: number }> = [];
  for (let pass = 0; pass < settings.passes; pass++) {
    if (pass > 0) order = rng.permutation(n);
    for (let from = 0; from < n; from += batchSize) {
      const m = Math.min(batchSize, n - from);
      fill(order, from, m);
      if (weightOf(w, m) > 0) state.update(X, m, w, stepSizeAt(settings.stepSize, state.updates, fn));
      eSteps++;
    }
    ll.push(eStepKernel(data, n, d, k, type, state.params, weights, full));
    eSteps++;
    const change = ll[ll.length - 1] - ll[ll.length - 2];
    if (change < -1e-10 * Math.max(1, Math.abs(ll[ll.length - 2]))) violations.push({ iteration: pass + 1, decrease: -change });
  }
  const result: EMResult<GmmParams> = {
    params: state.params,
    logLikelihood: ll[ll.length - 1],
    iterations: state.updates,
    eSteps,
    converged: false,
    stopReason: "maxIter",
    history: { logLikelihood: ll, snapshots: [] },
    // Stepwise EM does not promise a monotone ℓ (each update follows one batch): recorded, not enforced.
    monotonicity: { ok: violations.length === 0, violations },
    rate: convergenceRate(ll),
  };
  return { result, stats: full };
}

/**
 * The parameters {@link GaussianMixtureStreamOptions.onBatch} receives after each mini-batch: full
 * covariance matrices, as a fitted mixture reports them.
 * @example
 * const p: StreamedMixtureParams = { weights: [0.4, 0.6], means: [[2], [4]], covariances: [[[0.1]], [[0.2]]] };
 */
export interface StreamedMixtureParams {
  /** Mixing weights, length k. */
  weights: number[];
  /** Means, k × d. */
  means: number[][];
  /** Covariances, k × d × d. */
  covariances: number[][][];
}

/** Options of {@link fitGaussianMixtureStream}. */
export interface GaussianMixtureStreamOptions {
  /** Number of components (required). */
  k: number;
  /** Covariance structure; default "full". */
  covarianceType?: CovarianceType;
  /** Rows per mini-batch: chunks are re-cut to this size (default 1000). */
  batchSize?: number;
  /** Step sizes: an exponent in (0.5, 1] for η_t = (t + 2)^−a, or t ↦ η_t (default 0.6). */
  stepSize?: number | ((t: number) => number);
  /** Added to every covariance's diagonal after each M-step (default 1e-6, as fitGaussianMixture). */
  regCovar?: number;
  /** "kmeans++" (default) or "random" on the first mini-batch, explicit parameters, or a previous fit (warm start). */
  init?: "kmeans++" | "random" | GaussianMixtureParams;
  /** Seed of the initialisation (default 0). */
  seed?: number | Rng;
  /** Called after every mini-batch update with the running count and the parameters (to trace or report progress). */
  onBatch?: (info: { batch: number; observations: number; params: StreamedMixtureParams }) => void;
}

const STREAM_OPTIONS = {
  k: GMM_OPTIONS.k,
  covarianceType: oneOf(COVARIANCE_TYPES as readonly CovarianceType[], { default: "full" }),
  batchSize: int({ min: 1, default: 1000 }),
  stepSize: option<number | ((t: number) => number), number | ((t: number) => number), { default: number }>((v, fn, name) => STEP_SIZE_OPTION.check(v, fn, name), { default: 0.6 }),
  regCovar: nonNegative({ default: 1e-6 }),
  init: GMM_OPTIONS.init,
  seed: seedOption(),
  onBatch: func<(info: { batch: number; observations: number; params: StreamedMixtureParams }) => void>(),
};
const streamOptionsAgree: AssertSameType<OptionsOf<typeof STREAM_OPTIONS>, GaussianMixtureStreamOptions> = true;
void streamOptionsAgree;

/**
 * A Gaussian mixture fitted by {@link fitGaussianMixtureStream}: the mixture and what the stream was.
 * @example
 * const chunks = [[[1, 2], [1.5, 1.8], [1.2, 2.2]], [[8, 8], [9, 11], [8.5, 9]]];
 * const fit: StreamedGaussianMixture = await fitGaussianMixtureStream(chunks, { k: 2, batchSize: 6 });
 * fit.observations; // → 6
 * fit.predict([[1, 2], [9, 10]]).length; // → 2
 */
export class StreamedGaussianMixture extends GaussianMixture {
  /** Rows seen. */
  readonly observations: number;
  /** Mini-batch updates. */
  readonly updates: number;
  /**
   * For each mini-batch, its mean log-likelihood under the parameters before it updated them: a
   * prequential estimate of the fit's mean log-likelihood on new data (no pass over old data needed).
   */
  readonly history: { batchMeanLogLikelihood: number[] };

  /** @internal */
  constructor(internal: GmmParams, type: CovarianceType, k: number, d: number, info: { observations: number; updates: number; batchMeanLogLikelihood: number[] }) {
    super(internal, type, k, d);
    this.observations = info.observations;
    this.updates = info.updates;
    this.history = { batchMeanLogLikelihood: info.batchMeanLogLikelihood };
  }
}

/** The rows of one chunk as a row-major array, checked. */
function chunkRows(chunk: unknown, d: number | null, fn: string, index: number): { data: number[][]; d: number } {
  const rows = rowsOf(chunk as MatrixLike) as ArrayLike<ArrayLike<number>> | null;
  if (!rows || typeof rows.length !== "number") throw new InvalidInputError(`${fn}: chunk ${index} must be an array of rows (or an ml-matrix Matrix).`);
  const out: number[][] = [];
  let dim = d;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!r || typeof r.length !== "number") throw new ShapeError(`${fn}: chunk ${index}, row ${i} is not an array of numbers.`);
    if (dim === null) dim = r.length;
    if (r.length !== dim) throw new ShapeError(`${fn}: chunk ${index}, row ${i} has ${r.length} values but the stream's rows have ${dim}.`);
    for (let a = 0; a < r.length; a++) {
      if (typeof r[a] !== "number" || !Number.isFinite(r[a])) {
        throw new InvalidInputError(`${fn}: chunk ${index}, row ${i}, column ${a} is ${String(r[a])}; the stream must hold finite numbers (remove or impute missing values first).`);
      }
    }
    out.push(Array.from(r));
  }
  return { data: out, d: dim ?? 0 };
}

/**
 * Fits a Gaussian mixture by online (stepwise) EM to a stream of row chunks, in memory bounded by
 * one mini-batch and the sufficient statistics, whatever the stream's length (module doc). Chunks
 * may have any number of rows: they are re-cut into mini-batches of `batchSize`. The first
 * mini-batch initialises the fit (k-means++ by default) and fixes the origin of the statistics.
 * @param source an iterable or async iterable of chunks, each an array of rows (or an ml-matrix
 *   Matrix): an array of arrays, a generator, or `readCsvChunks(path, columns)` (Node)
 * @param options see {@link GaussianMixtureStreamOptions}; `k` is required
 * @returns a {@link StreamedGaussianMixture}: the mixture (predict, predictProba, scoreSamples, ...),
 *   the rows seen and each mini-batch's mean log-likelihood before its update
 * @throws ShapeError when rows differ in length; InvalidInputError for non-finite values or an
 *   empty stream; ConvergenceError when a covariance becomes singular (the message says what to change)
 * @example
 * import { readCsvChunks, fitGaussianMixtureStream } from "mlem"; // readCsvChunks: Node only
 * const chunks = readCsvChunks("data/faithful.csv", ["eruptions", "waiting"], { chunkRows: 100 });
 * const fit = await fitGaussianMixtureStream(chunks, { k: 2, seed: 1, batchSize: 50 });
 * fit.observations; // → 272
 * fit.updates; // → 6 — five mini-batches of 50, then the last 22 rows
 * fit.history.batchMeanLogLikelihood.length; // → 6
 */
export async function fitGaussianMixtureStream(
  source: Iterable<MatrixLike> | AsyncIterable<MatrixLike>,
  options: GaussianMixtureStreamOptions,
): Promise<StreamedGaussianMixture> {
  const fn = "fitGaussianMixtureStream";
  const o = parseOptions(STREAM_OPTIONS, options, fn);
  if (source === null || typeof source !== "object" || (!(Symbol.asyncIterator in source) && !(Symbol.iterator in source))) {
    throw new InvalidInputError(`${fn}: source must be an iterable or async iterable of row chunks (arrays of rows).`);
  }
  const { k, covarianceType: type, batchSize, stepSize, regCovar } = o;
  let d: number | null = null;
  let origin: Float64Array | null = null;
  let state: OnlineGmmState | null = null;
  let X = new Float64Array(0);
  let filled = 0;
  let observations = 0;
  let chunkIndex = 0;
  const trace: number[] = [];
  const flush = (): void => {
    if (filled === 0) return;
    if (state === null) {
      if (filled < k) throw new ShapeError(`${fn}: the stream has ${filled} rows, too few to initialise k = ${k} components.`);
      let params: GmmParams;
      if (typeof o.init === "object") {
        const user = o.init; // a previous fit arrives here as its { weights, means, covariances }
        const rows = rowsOf(user.means) as ArrayLike<ArrayLike<number>>;
        const means = Array.from({ length: rows?.length ?? 0 }, (_, c) => Array.from(rows[c], (v, a) => v - origin![a]));
        params = paramsFromUser({ ...user, means }, type, k, d!, fn, "init");
      } else {
        const ctx = makeContext(X.slice(0, filled * d!), filled, d!, k, type, null, regCovar);
        params = initialParams(ctx, o.init, o.seed, allocStats(filled, d!, k, type), fn);
      }
      state = new OnlineGmmState(params, k, d!, type, regCovar, batchSize, fn);
    }
    trace.push(state.update(X, filled, null, stepSizeAt(stepSize, state.updates, fn)));
    filled = 0;
    if (o.onBatch) {
      const p = paramsToUser(state.params, type, k, d!);
      p.means = p.means.map((row) => row.map((v, a) => v + origin![a]));
      o.onBatch({ batch: state.updates, observations, params: p });
    }
  };
  const take = (chunk: unknown): void => {
    const { data, d: dim } = chunkRows(chunk, d, fn, chunkIndex++);
    if (data.length === 0) return;
    if (d === null) {
      d = dim;
      X = new Float64Array(batchSize * d);
      // The origin: the first chunk's column means (the statistics are moments about it).
      origin = new Float64Array(d);
      for (const r of data) for (let a = 0; a < d; a++) origin[a] += r[a] / data.length;
    }
    for (const r of data) {
      for (let a = 0; a < d; a++) X[filled * d + a] = r[a] - origin![a];
      filled++;
      observations++;
      if (filled === batchSize) flush();
    }
  };
  if (Symbol.asyncIterator in source) for await (const chunk of source as AsyncIterable<MatrixLike>) take(chunk);
  else for (const chunk of source as Iterable<MatrixLike>) take(chunk);
  flush();
  if (state === null || d === null || origin === null) throw new InvalidInputError(`${fn}: the stream had no rows.`);
  const s = state as OnlineGmmState;
  const params = s.params;
  const means = params.means.slice();
  for (let c = 0; c < k; c++) for (let a = 0; a < d; a++) means[c * d + a] += origin[a];
  return new StreamedGaussianMixture({ ...params, means }, type, k, d, { observations, updates: s.updates, batchMeanLogLikelihood: trace });
}
