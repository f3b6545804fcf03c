/**
 * Baum–Welch: maximum-likelihood fitting of hidden Markov models by EM, on the generic engine
 * ({@link runEM}), so every fit comes with its log-likelihood history, monotonicity check and rate.
 *
 * E-step: forward–backward gives the posterior state probabilities γ_t(k) and expected transition
 * counts ξ(i, j) = Σ_t P(s_t = i, s_t+1 = j | x). M-step: initial ∝ Σ_sequences γ_0, transition row i
 * ∝ ξ(i, ·), and the γ-weighted MLE of each state's emission distribution.
 *
 * Degenerate cases, handled so that every M-step is still a maximiser of Q (so the log-likelihood
 * still cannot decrease):
 * - a state with zero expected visits (Σ_t γ_t(k) = 0) keeps its previous emission parameters, and a
 *   state never left (ξ(i, ·) = 0) keeps its previous transition row: with zero weight, any value
 *   maximises Q, and keeping the old one keeps every transition row a probability distribution;
 * - Gaussian variances are floored at `minVariance` (default 1e-6 × the variance of the data):
 *   without a floor a state sitting on one observation drives the likelihood to +∞. Q is unimodal in
 *   each variance, so the clamped value is the constrained maximiser.
 * Each transition row is renormalised to sum to 1 after every M-step.
 * @module
 */
import { DomainError, InvalidInputError, ShapeError } from "../core/errors.js";
import { rowsOf, toVector, type MatrixObject } from "../core/validate.js";
import { COVARIANCE_TYPES, type CovarianceType } from "../mixture/options.js";
import { Rng } from "../core/rng.js";
import { int, oneOf, option, parseOptions, type AssertSameType, type OptionsOf } from "../core/options.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import type { EMModel } from "../em/engine.js";
import { emFitFields, informationCriteria, isEMFit, type EMFit, type InformationCriteria } from "../em/fit.js";
import { componentPermutation, ORDER_OPTION, type ComponentOrder } from "../em/order.js";
import { readAbove, readFinite, readSimplex } from "../em/unflatten.js";
import { EM_FIT_OPTIONS, runRestarts, stoppingOf, type EMFitOptions } from "../em/restarts.js";
import { createWorkspace, forwardBackwardCore, type ForwardBackwardWorkspace } from "./forwardBackward.js";
import {
  type AnyHMM,
  type HMM,
  type HMMEmissionType,
  type HMMInternal,
  type MultivariateHMM,
  type ObservationSequence,
  cloneInternalHMM,
  fromInternalHMM,
  hmmParameterCount,
  isMultivariateHMM,
  sequenceLength,
  toInternalHMM,
  toMultivariateSequence,
  toObservationSequence,
} from "./model.js";
import { viterbiCore } from "./viterbi.js";
import { compactCovariances, covariancesFromCompact, dataSpread, multivariateEmissionStep, randomMultivariateEmissions } from "./multivariate.js";
import { checkFixed, fixedParameterCount, withFixed, type HMMFixedParameters } from "./fixed.js";
import { meanOf, range, rootMeanSquareDeviation } from "../distributions/internal.js";

/** Inferred symbol counts above this (and above the number of observations) are refused as a likely coding mistake. */
const MAX_INFERRED_SYMBOLS = 65536;
/**
 * Smallest data variance for Gaussian emissions with the default floor: the floor (1e-6 × the
 * variance) must stay a normal double with room for the states' variances.
 */
const MIN_DATA_VARIANCE = 1e-290;

/**
 * Options of {@link baumWelchModel}.
 * @example
 * const opts: BaumWelchModelOptions = { emission: "gaussian", minVariance: 1e-4 };
 */
export interface BaumWelchModelOptions {
  /** Emission family. */
  emission: HMMEmissionType;
  /** Categorical only: number of symbols M (default: largest observed symbol + 1). */
  nSymbols?: number;
  /** Gaussian only: lower bound on the state variances (default 1e-6 × variance of all observations). */
  minVariance?: number;
}

/**
 * E-step statistics of Baum–Welch (buffers reused between iterations).
 * @example
 * const x = readCsv("data/earthquakes.csv").numbers("count");
 * const init: HMM = { initial: [0.5, 0.5], transition: [[0.9, 0.1], [0.1, 0.9]], emissions: { type: "poisson", rates: [15, 25] } };
 * const { stats } = baumWelchModel(x, { emission: "poisson" }).eStep(init); stats.expectedTransitions;
 */
export interface BaumWelchStats {
  /** The model the E-step was run at (internal flat form). */
  at: HMMInternal;
  /** Per sequence, T×K posterior state probabilities. */
  gammas: Float64Array[];
  /** K×K expected transition counts summed over sequences. */
  expectedTransitions: Float64Array;
  /** K: Σ over sequences of γ_0. */
  initialCounts: Float64Array;
}

/**
 * The Baum–Welch {@link EMModel} for a set of sequences, plus what fitHMM needs about the data.
 * @example
 * const x = readCsv("data/earthquakes.csv").numbers("count");
 * const bw: BaumWelchModel = baumWelchModel(x, { emission: "poisson" }); bw.nObservations; // → 107
 */
export interface BaumWelchModel extends EMModel<HMM, BaumWelchStats> {
  /** Number of observations over all sequences. */
  readonly nObservations: number;
  /** Categorical: the number of symbols M; otherwise 0. */
  readonly nSymbols: number;
  /** Gaussian: the variance floor in use; otherwise 0. */
  readonly minVariance: number;
}

/** What buildBaumWelch returns: the Baum–Welch model for univariate or multivariate parameters. */
interface BaumWelchCore extends EMModel<AnyHMM, BaumWelchStats> {
  /** Number of observations over all sequences (weighted by sampleWeights: Σ w_s T_s). */
  readonly nObservations: number;
  readonly nSymbols: number;
  readonly minVariance: number;
  /** Multivariate: the dimension D; otherwise 0. */
  readonly d: number;
  /** Multivariate: the data's per-coordinate variances and covariance (for random starts). */
  readonly spread: { variances: Float64Array; covariance: Float64Array } | null;
}

/** The multivariate settings of a fit: the covariance type. */
interface MultivariateSpec {
  covarianceType: CovarianceType;
}

function isSequenceList(obs: unknown): boolean {
  if (!Array.isArray(obs) || obs.length === 0) return false;
  const first = obs[0] as unknown;
  return Array.isArray(first) || (ArrayBuffer.isView(first) && !(first instanceof DataView));
}

function isMatrixObject(x: unknown): boolean {
  return x !== null && typeof x === "object" && typeof (x as MatrixObject).to2DArray === "function";
}

/**
 * Multivariate observations: one T×D matrix (rows, or an ml-matrix Matrix) or a list of them (an
 * array whose first element is itself a matrix: an array of rows, or a Matrix). All share D.
 */
function toMultivariateSequences(observations: unknown, fn: string): ObservationSequence[] {
  const outer = rowsOf(observations as unknown);
  if (!Array.isArray(outer) || outer.length === 0) {
    throw new InvalidInputError(`${fn}: observations must be a T×D matrix (an array of rows of D numbers, or an ml-matrix Matrix), or an array of such matrices (several sequences).`);
  }
  const first = outer[0] as unknown;
  const firstRows = isMatrixObject(first) ? null : first;
  const isList = isMatrixObject(first) || (Array.isArray(firstRows) && firstRows.length > 0 && (Array.isArray(firstRows[0]) || ArrayBuffer.isView(firstRows[0]) || isMatrixObject(firstRows[0])));
  if (!isList) return [toMultivariateSequence(outer, undefined, fn, "observations")];
  const seqs: ObservationSequence[] = [];
  for (let i = 0; i < outer.length; i++) seqs.push(toMultivariateSequence(outer[i], seqs.length > 0 ? seqs[0].d : undefined, fn, `observations[${i}]`));
  return seqs;
}

/** Checks per-sequence frequency weights: one finite weight ≥ 0 per sequence, at least one positive. */
function checkSequenceWeights(weights: Float64Array | undefined, nSeq: number, fn: string): Float64Array | null {
  if (weights === undefined) return null;
  if (weights.length !== nSeq) {
    throw new ShapeError(`${fn}: sampleWeights has length ${weights.length} but there ${nSeq === 1 ? "is 1 sequence" : `are ${nSeq} sequences`}. Pass one weight per sequence.`);
  }
  let positive = 0;
  for (let i = 0; i < nSeq; i++) {
    if (!(weights[i] >= 0)) throw new DomainError(`${fn}: sampleWeights[${i}] = ${weights[i]} is negative; weights must be ≥ 0.`);
    if (weights[i] > 0) positive++;
  }
  if (positive === 0) throw new DomainError(`${fn}: every sampleWeight is 0; at least one sequence needs positive weight.`);
  return weights;
}

/** Validates one sequence or a list of sequences. */
function toSequences(observations: unknown, type: HMMEmissionType, fn: string, nSymbols?: number): ObservationSequence[] {
  if (isSequenceList(observations)) {
    return (observations as unknown[]).map((s, i) => toObservationSequence(s, type, fn, `observations[${i}]`, nSymbols));
  }
  return [toObservationSequence(observations, type, fn, "observations", nSymbols)];
}

/**
 * The Baum–Welch EM model for one sequence (number[]) or several (number[][]), for use with
 * {@link runEM} or {@link emSteps}. Parameters are public {@link HMM} objects. {@link fitHMM} is the
 * convenient front end (initialisation, restarts, BIC, decoding).
 * @example
 * const counts = readCsv("data/earthquakes.csv").numbers("count");
 * const bw = baumWelchModel(counts, { emission: "poisson" });
 * const init = { initial: [0.5, 0.5], transition: [[0.9, 0.1], [0.1, 0.9]], emissions: { type: "poisson", rates: [10, 30] } };
 * const res = runEM(bw, init, { tol: 1e-10 });
 * res.params.transition; res.monotonicity.ok;
 */
export function baumWelchModel(observations: ArrayLike<number> | ArrayLike<number>[], options: BaumWelchModelOptions): BaumWelchModel {
  const fn = "baumWelchModel";
  checkOptions(options, ["emission", "nSymbols", "minVariance"], fn);
  if (!options || !["gaussian", "poisson", "categorical"].includes(options.emission)) {
    throw new InvalidInputError(`${fn}: options.emission must be "gaussian", "poisson" or "categorical", got ${String(options?.emission)}.`);
  }
  const type = options.emission;
  if (options.nSymbols !== undefined) assertNumber(options.nSymbols, fn, "nSymbols", { ge: 1, integer: true });
  const seqs = toSequences(observations, type, fn, options.nSymbols);
  // Univariate data only here, so the parameters are univariate HMMs.
  return buildBaumWelch(seqs, type, options.nSymbols, options.minVariance, fn) as unknown as BaumWelchModel;
}

function buildBaumWelch(
  seqs: ObservationSequence[],
  type: HMMEmissionType,
  nSymbolsOpt: number | undefined,
  minVarianceOpt: number | undefined,
  fn: string,
  fixedSpec?: { given: unknown; k: number; checked?: HMMFixedParameters },
  sequenceWeights: Float64Array | null = null,
  multivariate: MultivariateSpec | null = null,
): BaumWelchCore {
  let nObs = 0;
  let maxSym = 0;
  for (let i = 0; i < seqs.length; i++) {
    const s = seqs[i];
    const T = sequenceLength(s);
    nObs += sequenceWeights === null ? T : sequenceWeights[i] * T;
    if (multivariate === null) for (let t = 0; t < s.x.length; t++) if (s.x[t] > maxSym) maxSym = s.x[t];
  }
  if (type === "categorical" && nSymbolsOpt === undefined && maxSym + 1 > Math.max(MAX_INFERRED_SYMBOLS, nObs)) {
    const distinct = new Set<number>();
    for (const s of seqs) for (let t = 0; t < s.x.length; t++) distinct.add(s.x[t]);
    throw new DomainError(
      `${fn}: the largest symbol is ${maxSym}, so each state would need a table of ${maxSym + 1} emission probabilities, ` +
        `but there are only ${nObs} observations (${distinct.size} distinct symbols). Categorical symbols are indices 0..M−1: ` +
        "recode them (e.g. replace each distinct value by its rank), or pass nSymbols explicitly if there really are that many categories.",
    );
  }
  const nSymbols = type === "categorical" ? (nSymbolsOpt ?? maxSym + 1) : 0;
  // Fixed parameters (fitHMM's `fixed`), checked once the symbol count is known; see fixed.ts.
  const fixed = fixedSpec && fixedSpec.given !== undefined ? checkFixed(fixedSpec.given, fixedSpec.k, type, nSymbols, fn, multivariate !== null) : undefined;
  if (fixedSpec) fixedSpec.checked = fixed;
  let minVariance = 0;
  // Gaussian emissions are computed on x − shift (the data mean): with a large offset (say 1e12 + a
  // signal of unit size) the M-step's Σγx and (x − μ)² then keep their digits, and ℓ is accurate
  // enough for the tolerance test. The parameters stay on the original scale.
  let shift = 0;
  let work = seqs;
  const d = multivariate === null ? 0 : (seqs[0].d as number);
  let spread: { variances: Float64Array; covariance: Float64Array } | null = null;
  if (multivariate !== null) {
    // Means and covariances are estimated about the current means (the mixture's moments), so no
    // data shift is needed; the floor scales with the least spread-out coordinate.
    if (minVarianceOpt !== undefined) assertNumber(minVarianceOpt, fn, "minVariance", { gt: 0 });
    spread = dataSpread(seqs, d, fn, minVarianceOpt !== undefined);
    let smallest = Infinity;
    for (let a = 0; a < d; a++) smallest = Math.min(smallest, spread.variances[a]);
    minVariance = minVarianceOpt ?? 1e-6 * smallest;
  } else if (type === "gaussian") {
    const all = new Float64Array(nObs);
    let o = 0;
    for (const s of seqs) {
      all.set(s.x, o);
      o += s.x.length;
    }
    shift = meanOf(all);
    const spread = rootMeanSquareDeviation(all, shift);
    const variance = spread * spread;
    const [lo, hi] = range(all);
    if (minVarianceOpt !== undefined) {
      assertNumber(minVarianceOpt, fn, "minVariance", { gt: 0 });
      minVariance = minVarianceOpt;
    } else if (lo === hi) {
      throw new DomainError(
        `${fn}: all ${nObs} observations are equal (${seqs[0].x[0]}); Gaussian states need spread. ` +
          `Pass minVariance explicitly if you really want to fit this.`,
      );
    }
    if (!Number.isFinite(variance) || (minVarianceOpt === undefined && !(variance >= MIN_DATA_VARIANCE))) {
      throw new DomainError(
        `${fn}: the observations spread over ${spread.toExponential(2)} (standard deviation), whose square, the variance, ` +
          `${Number.isFinite(variance) ? "is below 1e-290, too small for double precision" : "overflows double precision"}, so Gaussian state variances cannot be represented. ` +
          `Rescale the data first (e.g. divide by ${spread.toExponential(0)}) and scale the fitted means back (variances by the square).`,
      );
    }
    if (minVarianceOpt === undefined) minVariance = 1e-6 * variance;
    work = seqs.map((s) => {
      const x = new Float64Array(s.x.length);
      for (let t = 0; t < x.length; t++) x[t] = s.x[t] - shift;
      return { x, logFactorial: null };
    });
  }
  const workspaces: ForwardBackwardWorkspace[] = [];
  const gammas: Float64Array[] = [];
  let currentK = -1;
  let xi = new Float64Array(0);
  // With sequence weights, each sequence's expected transitions go here first, then w_s times them to xi.
  let xiOne = xi;
  let init0 = new Float64Array(0);
  const ensure = (k: number): void => {
    if (k === currentK) return;
    currentK = k;
    workspaces.length = 0;
    gammas.length = 0;
    for (const s of work) {
      workspaces.push(createWorkspace(sequenceLength(s), k));
      gammas.push(new Float64Array(sequenceLength(s) * k));
    }
    xi = new Float64Array(k * k);
    xiOne = sequenceWeights === null ? xi : new Float64Array(k * k);
    init0 = new Float64Array(k);
  };

  const eStep = (params: AnyHMM): { stats: BaumWelchStats; logLikelihood: number } => {
    const m = toInternalHMM(params, fn);
    if (m.type !== type) throw new InvalidInputError(`${fn}: the parameters have ${m.type} emissions but the model was built for ${type}.`);
    if ((m.gmm !== null) !== (multivariate !== null) || (multivariate !== null && (m.d !== d || m.covarianceType !== multivariate.covarianceType))) {
      throw new InvalidInputError(
        `${fn}: the parameters have ${m.gmm === null ? "univariate" : `${m.d}-dimensional "${m.covarianceType}"`} emissions but the model was built for ` +
          `${multivariate === null ? "univariate" : `${d}-dimensional "${multivariate.covarianceType}"`} ones.`,
      );
    }
    if (type === "gaussian") for (let j = 0; j < m.k; j++) m.location[j] -= shift;
    if (type === "categorical" && m.m !== nSymbols) {
      throw new ShapeError(`${fn}: the parameters have ${m.m} symbols but the data need ${nSymbols} (symbols 0..${nSymbols - 1}).`);
    }
    const k = m.k;
    ensure(k);
    xi.fill(0);
    init0.fill(0);
    let ll = 0;
    for (let s = 0; s < work.length; s++) {
      // Frequency weights: weight w counts the sequence w times (w = 1 multiplies exactly, so
      // unweighted fits are unchanged bit for bit).
      const ws = sequenceWeights === null ? 1 : sequenceWeights[s];
      if (ws === 0) continue;
      if (xiOne !== xi) xiOne.fill(0);
      const l = forwardBackwardCore(m, work[s], workspaces[s], gammas[s], xiOne);
      if (l === -Infinity) return { stats: { at: m, gammas, expectedTransitions: xi, initialCounts: init0 }, logLikelihood: -Infinity };
      ll += ws * l;
      if (xiOne !== xi) for (let i = 0; i < k * k; i++) xi[i] += ws * xiOne[i];
      for (let j = 0; j < k; j++) init0[j] += ws * gammas[s][j];
    }
    return { stats: { at: m, gammas, expectedTransitions: xi, initialCounts: init0 }, logLikelihood: ll };
  };

  const mStep = (stats: BaumWelchStats): AnyHMM => {
    const prev = stats.at;
    const k = prev.k;
    const next = cloneInternalHMM(prev);
    let tot = 0;
    for (let j = 0; j < k; j++) tot += stats.initialCounts[j];
    for (let j = 0; j < k; j++) next.initial[j] = stats.initialCounts[j] / tot;
    for (let i = 0; i < k; i++) {
      let rs = 0;
      for (let j = 0; j < k; j++) rs += stats.expectedTransitions[i * k + j];
      if (rs > 0) for (let j = 0; j < k; j++) next.transition[i * k + j] = stats.expectedTransitions[i * k + j] / rs;
      // rs = 0: the state is never left within the data; keep the previous row (see module doc).
    }
    if (multivariate !== null) {
      next.gmm = multivariateEmissionStep(work, stats.gammas, sequenceWeights, prev, minVariance, fn);
      return withFixed(fromInternalHMM(next), fixed);
    }
    const w = new Float64Array(k);
    const wx = new Float64Array(k);
    for (let s = 0; s < work.length; s++) {
      const x = work[s].x;
      const g = stats.gammas[s];
      const ws = sequenceWeights === null ? 1 : sequenceWeights[s];
      if (ws === 0) continue;
      for (let t = 0; t < x.length; t++) {
        for (let j = 0; j < k; j++) {
          const gj = g[t * k + j] * ws;
          w[j] += gj;
          wx[j] += gj * x[t];
        }
      }
    }
    if (type === "gaussian" || type === "poisson") {
      for (let j = 0; j < k; j++) if (w[j] > 0) next.location[j] = wx[j] / w[j];
    }
    // Fixed means: the variances below are then re-estimated around them (the constrained M-step).
    const fixedMeans = fixed?.emissions?.means;
    if (type === "gaussian" && fixedMeans) for (let j = 0; j < k; j++) next.location[j] = fixedMeans[j] - shift;
    if (type === "gaussian") {
      // Second pass around the new mean: the Σx² − n x̄² shortcut loses digits when |mean| ≫ sd.
      const ss = new Float64Array(k);
      for (let s = 0; s < work.length; s++) {
        const x = work[s].x;
        const g = stats.gammas[s];
        const ws = sequenceWeights === null ? 1 : sequenceWeights[s];
        if (ws === 0) continue;
        for (let t = 0; t < x.length; t++) {
          for (let j = 0; j < k; j++) {
            const r = x[t] - next.location[j];
            ss[j] += g[t * k + j] * ws * r * r;
          }
        }
      }
      for (let j = 0; j < k; j++) if (w[j] > 0) next.variances[j] = Math.max(minVariance, ss[j] / w[j]);
    } else if (type === "categorical") {
      const M = nSymbols;
      const counts = new Float64Array(k * M);
      for (let s = 0; s < work.length; s++) {
        const x = work[s].x;
        const g = stats.gammas[s];
        const ws = sequenceWeights === null ? 1 : sequenceWeights[s];
        if (ws === 0) continue;
        for (let t = 0; t < x.length; t++) for (let j = 0; j < k; j++) counts[j * M + x[t]] += g[t * k + j] * ws;
      }
      for (let j = 0; j < k; j++) {
        if (!(w[j] > 0)) continue;
        let cs = 0;
        for (let c = 0; c < M; c++) cs += counts[j * M + c];
        for (let c = 0; c < M; c++) next.probabilities[j * M + c] = counts[j * M + c] / cs;
      }
    }
    if (type === "gaussian") for (let j = 0; j < k; j++) next.location[j] += shift;
    return withFixed(fromInternalHMM(next), fixed);
  };

  // Element by element: push(...row) would pass every entry as an argument and overflow the stack
  // for long rows (a categorical table with 10⁵ symbols).
  const flatten = (p: AnyHMM): number[] => {
    const out: number[] = [];
    const append = (v: ArrayLike<number>): void => {
      for (let i = 0; i < v.length; i++) out.push(v[i]);
    };
    append(p.initial);
    for (const row of p.transition) append(row);
    if (isMultivariateHMM(p)) {
      const e = p.emissions;
      for (const row of e.means) append(row);
      append(compactCovariances(e, p.initial.length, d));
      return out;
    }
    const e = p.emissions;
    if (e.type === "gaussian") {
      // Means relative to the data's location, so the parameter steps (rate estimate) do not drown
      // in the offset.
      for (let j = 0; j < e.means.length; j++) out.push(e.means[j] - shift);
      append(e.variances);
    } else if (e.type === "poisson") append(e.rates);
    else for (const row of e.probabilities) append(row);
    return out;
  };

  // The inverse of flatten, for SQUAREM: null outside the parameter space (a negative probability,
  // a variance below the floor, a rate ≤ 0). Rows are renormalised; structural zeros stay zero.
  const unflatten = (v: ArrayLike<number>, like: AnyHMM): AnyHMM | null => {
    const k = like.initial.length;
    const initial = readSimplex(v, 0, k);
    if (!initial) return null;
    const transition: number[][] = [];
    for (let i = 0; i < k; i++) {
      const row = readSimplex(v, k + i * k, k);
      if (!row) return null;
      transition.push(row);
    }
    const o = k + k * k;
    if (isMultivariateHMM(like)) {
      const flatMeans = readFinite(v, o, k * d);
      const ct = like.emissions.covarianceType;
      const covariances = flatMeans && covariancesFromCompact(v, o + k * d, ct, k, d, minVariance);
      if (!flatMeans || !covariances) return null;
      const means = Array.from({ length: k }, (_, j) => flatMeans.slice(j * d, (j + 1) * d));
      return { initial, transition, emissions: { type: "gaussian", covarianceType: ct, means, covariances } };
    }
    const e = like.emissions;
    if (e.type === "gaussian") {
      const means = readFinite(v, o, k);
      const variances = readFinite(v, o + k, k);
      if (!means || !variances || variances.some((s2) => !(s2 >= minVariance))) return null;
      return { initial, transition, emissions: { type: "gaussian", means: means.map((m) => m + shift), variances } };
    }
    if (e.type === "poisson") {
      const rates = readAbove(v, o, k, 0);
      return rates ? { initial, transition, emissions: { type: "poisson", rates } } : null;
    }
    const M = e.probabilities[0].length;
    const probabilities: number[][] = [];
    for (let j = 0; j < k; j++) {
      const row = readSimplex(v, o + j * M, M);
      if (!row) return null;
      probabilities.push(row);
    }
    return { initial, transition, emissions: { type: "categorical", probabilities } };
  };

  return { eStep, mStep, flatten, unflatten, nObservations: nObs, nSymbols, minVariance, d, spread };
}

/**
 * Options of {@link fitHMM}.
 * @example
 * const opts: HMMFitOptions = { k: 3, emission: "poisson", nInit: 10, seed: 42 };
 */
export interface HMMFitOptions extends EMFitOptions {
  /** Number of hidden states K (integer ≥ 1, at most the number of observations). */
  k: number;
  /** Emission family: "gaussian" (real values), "poisson" (counts) or "categorical" (symbols 0..M-1). */
  emission: HMMEmissionType;
  /**
   * Gaussian only: fit multivariate normal emissions to T×D observations (rows), with this
   * covariance structure: "full", "tied", "diag" or "spherical" (see MultivariateGaussianEmissions).
   * Without it, gaussian emissions are univariate and an array of number arrays is several sequences.
   */
  covarianceType?: CovarianceType;
  /** Starting model for the first run (the other nInit − 1 runs start at random), or a previous fit (warm start: its `model`). Zeros in its transition matrix stay zero (a left-right model stays left-right). */
  init?: AnyHMM | HMMFit<AnyHMM>;
  /**
   * One non-negative weight per sequence (frequency weights: weight 2 counts the sequence twice,
   * 0 leaves it out of the fit). ℓ, BIC's n and the M-step are weighted; posteriors and Viterbi
   * paths are still reported for every sequence.
   */
  sampleWeights?: ArrayLike<number>;
  /**
   * Parameters EM must not change (see HMMFixedParameters): they replace those of `init` and of the
   * random starts, the others are estimated given them, and they are not counted in nParameters.
   */
  fixed?: HMMFixedParameters;
  /** Categorical only: number of symbols M (default: largest observed symbol + 1). */
  nSymbols?: number;
  /**
   * Gaussian only: variance floor (default 1e-6 × variance of all observations). Multivariate: a
   * floor on every eigenvalue of each state covariance (default 1e-6 × the smallest per-coordinate
   * variance of the data), applied as the exact constrained M-step (eigenvalues clipped), so ℓ stays
   * monotone.
   */
  minVariance?: number;
  /**
   * Order of the reported states (see ComponentOrder): "none" (default, as fitted), "weight"
   * (decreasing share of the observations, the mean posterior probability) or "mean" (increasing
   * emission mean: the Gaussian mean, the Poisson rate, the mean symbol of a categorical state;
   * multivariate: the mean vectors in lexicographic order).
   */
  order?: ComponentOrder;
}

/**
 * What {@link fitHMM} returns.
 * @example
 * const x = readCsv("data/earthquakes.csv").numbers("count");
 * const { model, logLikelihood, bic, viterbiPath }: HMMFit = fitHMM(x, { k: 2, emission: "poisson" });
 */
export interface HMMFit<M extends AnyHMM = HMM> extends EMFit<M>, InformationCriteria {
  /** The fitted model, states in the `order` asked for. */
  model: M;
  /**
   * Maximised log-likelihood (summed over sequences, weighted by sampleWeights). nParameters =
   * (K−1) + K(K−1) + the emission parameters (2K gaussian, K poisson, K(M−1) categorical;
   * multivariate K·D means plus K·D(D+1)/2 full, D(D+1)/2 tied, K·D diag or K spherical covariance
   * parameters); BIC uses n = nObservations.
   */
  logLikelihood: number;
  /** Number of observations over all sequences (with sampleWeights: Σ w_s T_s). */
  nObservations: number;
  /**
   * Posterior state probabilities under the fitted model, one row (length K) per observation; for
   * several sequences the sequences' rows follow one another (see `sequenceStarts`).
   */
  posteriors: number[][];
  /** Viterbi path under the fitted model, per observation, sequences concatenated like `posteriors`. */
  viterbiPath: number[];
  /** Index of the first observation of each sequence in `posteriors` / `viterbiPath`. */
  sequenceStarts: number[];
}

const FIT_OPTIONS = {
  k: int({ min: 1, required: true, doc: "the number of hidden states" }),
  emission: oneOf(["gaussian", "poisson", "categorical"] as const, { required: true, doc: "the emission family" }),
  covarianceType: oneOf(COVARIANCE_TYPES as readonly CovarianceType[], {}),
  init: option<AnyHMM | HMMFit<AnyHMM>, unknown>((v) => (isEMFit(v) ? (v as unknown as HMMFit<AnyHMM>).model : v)),
  sampleWeights: option<ArrayLike<number>, Float64Array>((v, fn, name) => toVector(v, fn, name)),
  nSymbols: int({ min: 1 }),
  minVariance: option<number, unknown>((v) => v), // checked by the Baum–Welch model, which takes it too
  fixed: option<HMMFixedParameters, unknown>((v) => v), // checked by the Baum–Welch model, which knows the symbol count
  order: ORDER_OPTION,
  ...EM_FIT_OPTIONS,
};
const optionsAgree: AssertSameType<OptionsOf<typeof FIT_OPTIONS>, HMMFitOptions> = true;
void optionsAgree;

function randomStart(seqs: ObservationSequence[], type: HMMEmissionType, k: number, nSymbols: number, rng: Rng, bw: BaumWelchCore, mv: MultivariateSpec | null): AnyHMM {
  if (mv !== null) {
    const initial = new Array<number>(k).fill(1 / k);
    const transition = Array.from({ length: k }, (_, i) => dirichletRow(k, rng).map((v, j) => 0.4 * v + (i === j ? 0.6 : 0)));
    const emissions = randomMultivariateEmissions(seqs, k, bw.d, mv.covarianceType, bw.spread as NonNullable<BaumWelchCore["spread"]>, bw.minVariance, rng);
    return { initial, transition, emissions };
  }
  const all: number[] = [];
  for (const s of seqs) for (let t = 0; t < s.x.length; t++) all.push(s.x[t]);
  const n = all.length;
  const initial = new Array<number>(k).fill(1 / k);
  const dirichlet = (len: number): number[] => dirichletRow(len, rng);
  // Sticky rows: HMM regimes usually persist, and a diagonal-heavy start finds them more often.
  const transition = Array.from({ length: k }, (_, i) => dirichlet(k).map((v, j) => 0.4 * v + (i === j ? 0.6 : 0)));
  const mean = all.reduce((a, b) => a + b, 0) / n;
  const variance = all.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  const pick = (): number[] => {
    const idx = rng.permutation(n).slice(0, k);
    return idx.map((i) => all[i]).sort((a, b) => a - b);
  };
  if (type === "gaussian") {
    const sd = Math.sqrt(variance);
    // Jitter so equal data points still give distinct means.
    const means = pick().map((v) => v + 0.01 * sd * rng.normal());
    return { initial, transition, emissions: { type, means, variances: new Array<number>(k).fill(Math.max(variance, 1e-300)) } };
  }
  if (type === "poisson") {
    const floor = Math.max(0.1 * mean, 1e-3);
    const rates = pick().map((v) => Math.max(v, floor) * (1 + 0.05 * rng.uniform()));
    return { initial, transition, emissions: { type, rates } };
  }
  const freq = new Array<number>(nSymbols).fill(0);
  for (const v of all) freq[v] += 1 / n;
  const probabilities = Array.from({ length: k }, () => {
    const d = dirichlet(nSymbols);
    return freq.map((f, c) => 0.5 * f + 0.5 * d[c]);
  });
  return { initial, transition, emissions: { type, probabilities } };
}

/** A Dirichlet(1, …, 1) draw of length `len` (the random transition rows). */
function dirichletRow(len: number, rng: Rng): number[] {
  const g = Array.from({ length: len }, () => rng.exponential());
  const s = g.reduce((a, b) => a + b, 0);
  return g.map((v) => v / s);
}

/** The model with its states permuted: state j of the result is state perm[j] of `model`. */
function permuteStates(model: AnyHMM, perm: readonly number[]): AnyHMM {
  const initial = perm.map((i) => model.initial[i]);
  const transition = perm.map((i) => perm.map((j) => model.transition[i][j]));
  if (isMultivariateHMM(model)) {
    const e = model.emissions;
    return {
      initial,
      transition,
      emissions: { type: "gaussian", covarianceType: e.covarianceType, means: perm.map((i) => e.means[i].slice()), covariances: perm.map((i) => e.covariances[i].map((r) => r.slice())) },
    };
  }
  const e = model.emissions;
  const emissions =
    e.type === "gaussian"
      ? { type: e.type, means: perm.map((i) => e.means[i]), variances: perm.map((i) => e.variances[i]) }
      : e.type === "poisson"
        ? { type: e.type, rates: perm.map((i) => e.rates[i]) }
        : { type: e.type, probabilities: perm.map((i) => e.probabilities[i].slice()) };
  return { initial, transition, emissions };
}

/** The emission mean of state j (the "mean" order key; multivariate: the mean vector). */
function emissionMean(model: AnyHMM, j: number): number[] {
  if (isMultivariateHMM(model)) return model.emissions.means[j];
  const e = model.emissions;
  if (e.type === "gaussian") return [e.means[j]];
  if (e.type === "poisson") return [e.rates[j]];
  let m = 0;
  e.probabilities[j].forEach((p, c) => (m += p * c));
  return [m];
}

/**
 * Multivariate observations for {@link fitHMM} with a covarianceType: one T×D matrix (an array of
 * rows, or an ml-matrix Matrix) or an array of such matrices (several sequences, same D).
 * @example
 * const one: MultivariateObservations = [[3.6, 79], [1.8, 54], [3.33, 74]];
 * const several: MultivariateObservations = [[[3.6, 79], [1.8, 54]], [[2.3, 62], [4.5, 85]]];
 */
export type MultivariateObservations = ArrayLike<ArrayLike<number>> | MatrixObject | ArrayLike<ArrayLike<ArrayLike<number>> | MatrixObject>;

/**
 * Fits a K-state hidden Markov model by Baum–Welch (EM on the generic engine) from `nInit` starts,
 * keeping the best. Returns the model, the log-likelihood path and monotonicity check, BIC/AIC, the
 * posterior state probabilities and the Viterbi path.
 *
 * With `covarianceType` (gaussian only) the observations are T×D rows and the states emit
 * multivariate normals (see MultivariateGaussianEmissions): the E-step evaluates every state's
 * log-density at every row once (inverse Cholesky factors), then runs the same scaled
 * forward–backward; the M-step is the Gaussian mixture's, weighted by the state posteriors.
 * @param observations one sequence (number[], length T) or several (number[][], sequences may differ in length); with covarianceType one T×D matrix or several
 * @param options `k` and `emission` are required; see {@link HMMFitOptions}
 * @example
 * import { readCsv, fitHMM } from "mlem";
 * const quakes = readCsv("data/earthquakes.csv").numbers("count");
 * const fit = fitHMM(quakes, { k: 2, emission: "poisson", nInit: 5, seed: 1 });
 * fit.model.emissions;  // → { type: "poisson", rates: [15.42, 26.02] }
 * fit.logLikelihood;    // → -341.88 — initial distribution estimated, as Baum–Welch does
 * fit.viterbiPath;      // most likely regime of each year
 * // Two-dimensional: Old Faithful's (eruptions, waiting) pairs, full covariances.
 * const faithful = readCsv("data/faithful.csv");
 * const waits = faithful.numbers("waiting");
 * const pairs = faithful.numbers("eruptions").map((e, t) => [e, waits[t]]);
 * const fit2 = fitHMM(pairs, { k: 2, emission: "gaussian", covarianceType: "full", nInit: 5, seed: 1, order: "mean" });
 * fit2.logLikelihood;          // → -1096.10
 * fit2.model.transition[0][1]; // → 0.94 — a short eruption is mostly followed by a long one
 */
export function fitHMM(observations: MultivariateObservations, options: HMMFitOptions & { covarianceType: CovarianceType }): HMMFit<MultivariateHMM>;
export function fitHMM(observations: ArrayLike<number> | ArrayLike<number>[], options: HMMFitOptions): HMMFit;
export function fitHMM(observations: unknown, options: HMMFitOptions): HMMFit<AnyHMM> {
  const fn = "fitHMM";
  const o = parseOptions(FIT_OPTIONS, options, fn);
  const { k, emission: type, seed: rng } = o;
  if (o.nSymbols !== undefined && type !== "categorical") throw new InvalidInputError(`${fn}: nSymbols applies to categorical emissions only.`);
  if (o.minVariance !== undefined && type !== "gaussian") {
    throw new InvalidInputError(`${fn}: minVariance applies to gaussian emissions only.`);
  }
  if (o.covarianceType !== undefined && type !== "gaussian") {
    throw new InvalidInputError(`${fn}: covarianceType applies to gaussian emissions only (multivariate normal states); ${type} emissions are univariate. Leave covarianceType out.`);
  }
  const mv: MultivariateSpec | null = o.covarianceType === undefined ? null : { covarianceType: o.covarianceType };
  const given = { nSymbols: o.nSymbols, minVariance: o.minVariance as number | undefined, init: o.init as AnyHMM | undefined };
  const seqs = mv === null ? toSequences(observations, type, fn, given.nSymbols) : toMultivariateSequences(observations, fn);
  const sequenceWeights = checkSequenceWeights(o.sampleWeights, seqs.length, fn);
  const fixedSpec: { given: unknown; k: number; checked?: HMMFixedParameters } = { given: o.fixed, k };
  const bw = buildBaumWelch(seqs, type, given.nSymbols, given.minVariance, fn, fixedSpec, sequenceWeights, mv);
  const fixed = fixedSpec.checked;
  const nObs = bw.nObservations;
  let nFitted = 0; // observations in sequences of positive weight
  for (let s = 0; s < seqs.length; s++) if (sequenceWeights === null || sequenceWeights[s] > 0) nFitted += sequenceLength(seqs[s]);
  if (k > nFitted) {
    throw new ShapeError(`${fn}: k = ${k} states but only ${nFitted} observations${sequenceWeights === null ? "" : " with positive weight"}. Use k ≤ ${nFitted} (in practice far fewer).`);
  }
  let init: AnyHMM | undefined;
  if (given.init !== undefined) {
    const mi = toInternalHMM(given.init, fn);
    if (mi.k !== k) throw new ShapeError(`${fn}: init has ${mi.k} states but k = ${k}.`);
    if (mi.type !== type) throw new InvalidInputError(`${fn}: init has ${mi.type} emissions but emission = "${type}".`);
    if (type === "categorical" && mi.m !== bw.nSymbols) {
      throw new ShapeError(`${fn}: init has ${mi.m} symbols per state but the data need ${bw.nSymbols} (symbols 0..${bw.nSymbols - 1}).`);
    }
    if (mv === null && mi.gmm !== null) {
      throw new InvalidInputError(`${fn}: init has multivariate (${mi.d}-dimensional) emissions; pass covarianceType: "${mi.covarianceType}" and T×D observations to fit such a model.`);
    }
    if (mv !== null && mi.gmm === null) {
      throw new InvalidInputError(`${fn}: init has univariate gaussian emissions but covarianceType is given; init needs means as K rows of length D and covariances.`);
    }
    if (mv !== null && mi.d !== bw.d) throw new ShapeError(`${fn}: init has ${mi.d}-dimensional means but the observations have D = ${bw.d}.`);
    if (mv !== null && mi.covarianceType !== mv.covarianceType) {
      throw new InvalidInputError(`${fn}: init has covarianceType "${mi.covarianceType}" but the fit uses "${mv.covarianceType}". Pass matching types.`);
    }
    init = withFixed(fromInternalHMM(mi), fixed);
    if (bw.eStep(init).logLikelihood === -Infinity) {
      throw new DomainError(
        `${fn}: the observations have probability zero under init (a zero emission probability, rate or transition ` +
          `rules out every state path). EM cannot move from there; start from a model with positive probabilities.`,
      );
    }
  }
  const { best: res, restarts } = runRestarts({
    nInit: o.nInit,
    prepare: (r) => ({ model: bw, init: r === 0 && init ? init : withFixed(randomStart(seqs, type, k, bw.nSymbols, rng, bw, mv), fixed), context: null }),
    options: stoppingOf(o),
  });
  // Posterior state probabilities at the fitted model, and each state's share of the observations
  // (the "weight" order key, weighted like the fit).
  const mi = toInternalHMM(res.params, fn);
  const gammaRun: Float64Array[] = [];
  const occupancy = new Array<number>(k).fill(0);
  for (let si = 0; si < seqs.length; si++) {
    const s = seqs[si];
    const ws = sequenceWeights === null ? 1 : sequenceWeights[si];
    const T = sequenceLength(s);
    const g = new Float64Array(T * k);
    forwardBackwardCore(mi, s, createWorkspace(T, k), g, null);
    gammaRun.push(g);
    for (let t = 0; t < T; t++) for (let j = 0; j < k; j++) occupancy[j] += (ws * g[t * k + j]) / nObs;
  }
  const perm = componentPermutation(o.order, occupancy, (j) => emissionMean(res.params, j));
  const reorder = (m: AnyHMM): AnyHMM => permuteStates(m, perm);
  const model = reorder(res.params);
  const ordered = toInternalHMM(model, fn);
  // One row array per time step, built once in the final state order.
  const posteriors: number[][] = [];
  for (const g of gammaRun) {
    for (let o = 0; o < g.length; o += k) {
      const row = new Array<number>(k);
      for (let j = 0; j < k; j++) row[j] = g[o + perm[j]];
      posteriors.push(row);
    }
  }
  const viterbiPath: number[] = [];
  const sequenceStarts: number[] = [];
  for (const s of seqs) {
    sequenceStarts.push(viterbiPath.length);
    const path = viterbiCore(ordered, s, fn).path;
    for (let t = 0; t < path.length; t++) viterbiPath.push(path[t]);
  }
  return {
    model,
    ...emFitFields(res, restarts, "logLikelihood", reorder),
    ...informationCriteria(res.logLikelihood, hmmParameterCount(mi) - fixedParameterCount(fixed, k, bw.nSymbols), nObs),
    nObservations: nObs,
    posteriors,
    viterbiPath,
    sequenceStarts,
  };
}
