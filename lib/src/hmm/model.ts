/**
 * Hidden Markov model types, validation and the emission log-densities shared by forward–backward,
 * Viterbi, sampling, brute-force enumeration and Baum–Welch.
 *
 * A model with K states has an initial distribution (length K), a K×K transition matrix whose row i
 * is the distribution of the next state given state i (every row sums to 1), and one emission
 * distribution per state. Observations are one univariate sequence (`number[]`, length T).
 * @module
 */
import { DomainError, InvalidInputError, ShapeError } from "../core/errors.js";
import { checkOptions } from "../core/validate.js";
import { lgamma } from "../core/special.js";
import { rowsOf, type MatrixObject } from "../core/validate.js";
import { COVARIANCE_TYPES, paramsFromUser, paramsToUser, type CovarianceType, type GmmParams } from "../mixture/options.js";
import { logProbRow, rowScratch } from "../mixture/kernel-primitives.js";

/**
 * The emission families {@link fitHMM} supports.
 * @example
 * const type: HMMEmissionType = "poisson";
 */
export type HMMEmissionType = "gaussian" | "poisson" | "categorical";

/**
 * Normal emissions: in state k an observation is N(means[k], variances[k]). Both length K.
 * @example
 * const e: GaussianEmissions = { type: "gaussian", means: [0, 3], variances: [1, 2] };
 */
export interface GaussianEmissions {
  type: "gaussian";
  /** State means, length K. */
  means: number[];
  /** State variances (> 0), length K. */
  variances: number[];
}

/**
 * Poisson emissions: in state k an observation is Poisson(rates[k]). Length K.
 * @example
 * const e: PoissonEmissions = { type: "poisson", rates: [2, 10] };
 */
export interface PoissonEmissions {
  type: "poisson";
  /** State rates (≥ 0), length K. */
  rates: number[];
}

/**
 * Categorical emissions over the symbols 0..M-1: in state k, P(x = m) = probabilities[k][m].
 * K×M, every row sums to 1.
 * @example
 * const e: CategoricalEmissions = { type: "categorical", probabilities: [[0.9, 0.1], [0.2, 0.8]] };
 */
export interface CategoricalEmissions {
  type: "categorical";
  /** K×M emission probabilities; row k is the symbol distribution of state k. */
  probabilities: number[][];
}

/**
 * Multivariate normal emissions on D-dimensional observations: in state k an observation (a row of
 * length D) is N(means[k], covariances[k]). `covarianceType` (the names of fitGaussianMixture) says
 * how the covariances are parametrised, which decides what Baum–Welch estimates and how many
 * parameters BIC counts: "full" (each state its own D×D matrix), "tied" (one D×D matrix shared by
 * all states), "diag" (each state its own diagonal), "spherical" (each state its own σ²·I).
 * `covariances` is K full D×D matrices (what fits return); at run time the compact form of the type
 * is accepted too (tied: one D×D matrix, diag: K rows of D variances, spherical: K variances).
 * @example
 * const e: MultivariateGaussianEmissions = {
 *   type: "gaussian",
 *   covarianceType: "full",
 *   means: [[2, 55], [4.3, 80]],
 *   covariances: [[[0.1, 0.5], [0.5, 35]], [[0.2, 0.9], [0.9, 35]]],
 * };
 */
export interface MultivariateGaussianEmissions {
  type: "gaussian";
  /** How the covariances are parametrised (default "full" for a model built by hand). */
  covarianceType: CovarianceType;
  /** State means, K rows of length D. */
  means: number[][];
  /** K symmetric positive-definite D×D matrices (or the compact form of the type, see above). */
  covariances: number[][][];
}

/**
 * The emission part of an {@link HMM}.
 * @example
 * const e: HMMEmissions = { type: "poisson", rates: [2, 10] };
 */
export type HMMEmissions = GaussianEmissions | PoissonEmissions | CategoricalEmissions;

/**
 * A hidden Markov model with K states.
 * @example
 * const model: HMM = {
 *   initial: [0.5, 0.5],
 *   transition: [[0.9, 0.1], [0.2, 0.8]],
 *   emissions: { type: "poisson", rates: [2, 10] },
 * };
 */
export interface HMM {
  /** P(state at t = 0), length K, sums to 1. */
  initial: number[];
  /** K×K, transition[i][j] = P(next state j | state i); every row sums to 1. */
  transition: number[][];
  /** Emission distribution of each state. */
  emissions: HMMEmissions;
}

/**
 * A hidden Markov model with multivariate normal emissions (observations are rows of length D).
 * @example
 * const model: MultivariateHMM = {
 *   initial: [0.5, 0.5],
 *   transition: [[0.1, 0.9], [0.6, 0.4]],
 *   emissions: { type: "gaussian", covarianceType: "diag", means: [[2, 55], [4.3, 80]], covariances: [[[0.1, 0], [0, 35]], [[0.2, 0], [0, 35]]] },
 * };
 * hmmLogLikelihood(model, [[2.1, 54], [4.4, 79]]); // log p of two (duration, waiting) pairs
 */
export interface MultivariateHMM {
  /** P(state at t = 0), length K, sums to 1. */
  initial: number[];
  /** K×K, transition[i][j] = P(next state j | state i); every row sums to 1. */
  transition: number[][];
  /** Multivariate normal emission distribution of each state. */
  emissions: MultivariateGaussianEmissions;
}

/**
 * Either kind of hidden Markov model: univariate emissions ({@link HMM}) or multivariate normal
 * ones ({@link MultivariateHMM}); what forwardBackward, viterbi and the other functions accept.
 * @example
 * const models: AnyHMM[] = [
 *   { initial: [1], transition: [[1]], emissions: { type: "poisson", rates: [3] } },
 *   { initial: [1], transition: [[1]], emissions: { type: "gaussian", covarianceType: "spherical", means: [[0, 0]], covariances: [[[1, 0], [0, 1]]] } },
 * ];
 */
export type AnyHMM = HMM | MultivariateHMM;

/** Internal flat form: Float64Arrays, transition row-major K×K, categorical probabilities row-major K×M. */
export interface HMMInternal {
  k: number;
  initial: Float64Array;
  transition: Float64Array;
  type: HMMEmissionType;
  /** gaussian: means; poisson: rates; categorical: unused (length 0). */
  location: Float64Array;
  /** gaussian: variances; otherwise unused (length 0). */
  variances: Float64Array;
  /** categorical: number of symbols M; otherwise 0. */
  m: number;
  /** categorical: K×M probabilities; otherwise unused (length 0). */
  probabilities: Float64Array;
  /** Multivariate gaussian: the dimension D; univariate models: 0. */
  d: number;
  /** Multivariate gaussian: the covariance type; otherwise null. */
  covarianceType: CovarianceType | null;
  /** Multivariate gaussian: means, compact covariances and their inverse Cholesky factors (the mixture layout; weights unused); otherwise null. */
  gmm: GmmParams | null;
}

/** One observation sequence, validated, with per-observation constants precomputed. */
export interface ObservationSequence {
  /** Univariate: the T observations. Multivariate: the T×D observations, row-major. */
  x: Float64Array;
  /** Multivariate: the dimension D (then x has T·D entries); absent for univariate sequences. */
  d?: number;
  /** Poisson only: log(x_t!) so the hot loop does not call lgamma. */
  logFactorial: Float64Array | null;
}

const ROW_TOL = 1e-6;

/**
 * Checks a probability vector and renormalises it to sum exactly to 1. Sums off by more than 1e-6
 * are rejected (a silent rescaling would hide a mistake); a zero row gets a message with the remedy.
 */
export function checkProbabilityRow(row: unknown, len: number, fn: string, name: string): Float64Array {
  if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
    throw new InvalidInputError(`${fn}: ${name} must be an array of ${len} probabilities.`);
  }
  const r = row as ArrayLike<unknown>;
  if (r.length !== len) throw new ShapeError(`${fn}: ${name} has length ${r.length}; expected ${len}.`);
  const out = new Float64Array(len);
  let s = 0;
  for (let j = 0; j < len; j++) {
    const v = r[j];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new DomainError(`${fn}: ${name}[${j}] = ${String(v)}; probabilities must be finite and ≥ 0.`);
    }
    out[j] = v;
    s += v;
  }
  if (s === 0) {
    throw new DomainError(
      `${fn}: ${name} is all zeros. Every row must be a probability distribution; ` +
        `for an absorbing state put 1 on the diagonal.`,
    );
  }
  if (Math.abs(s - 1) > ROW_TOL) {
    throw new DomainError(`${fn}: ${name} sums to ${s}, not 1. Divide the row by its sum.`);
  }
  for (let j = 0; j < len; j++) out[j] /= s;
  return out;
}

/**
 * Validates a public {@link HMM} and converts it to the internal flat form (copies).
 * @example
 * const m = toInternalHMM({ initial: [1, 0], transition: [[0.9, 0.1], [0.1, 0.9]], emissions: { type: "poisson", rates: [1, 5] } }, "viterbi");
 */
export function toInternalHMM(model: unknown, fn: string): HMMInternal {
  if (model === null || typeof model !== "object") {
    throw new InvalidInputError(`${fn}: model must be an object { initial, transition, emissions }.`);
  }
  checkOptions(model, ["initial", "transition", "emissions"], fn, "model field");
  const mdl = model as Partial<HMM>;
  if (!Array.isArray(mdl.initial) && !ArrayBuffer.isView(mdl.initial)) {
    throw new InvalidInputError(`${fn}: model.initial must be an array of K probabilities.`);
  }
  const k = (mdl.initial as ArrayLike<number>).length;
  if (k < 1) throw new ShapeError(`${fn}: model.initial is empty; a model needs at least one state.`);
  const initial = checkProbabilityRow(mdl.initial, k, fn, "model.initial");
  if (!Array.isArray(mdl.transition) || mdl.transition.length !== k) {
    throw new ShapeError(`${fn}: model.transition must be a ${k}×${k} array of rows (K = initial.length = ${k}).`);
  }
  const transition = new Float64Array(k * k);
  for (let i = 0; i < k; i++) transition.set(checkProbabilityRow(mdl.transition[i], k, fn, `model.transition[${i}]`), i * k);
  const em = mdl.emissions as HMMEmissions | undefined;
  if (em === undefined || em === null || typeof em !== "object") {
    throw new InvalidInputError(`${fn}: model.emissions must be an object with a 'type' ("gaussian", "poisson" or "categorical").`);
  }
  const base = {
    k,
    initial,
    transition,
    location: new Float64Array(0),
    variances: new Float64Array(0),
    m: 0,
    probabilities: new Float64Array(0),
    d: 0,
    covarianceType: null,
    gmm: null,
  };
  if (em.type === "gaussian" && isMultivariateEmissions(em)) return { ...base, type: "gaussian", ...multivariateFromUser(em, k, fn) };
  const vec = (v: unknown, name: string, check: (x: number) => boolean, what: string): Float64Array => {
    if ((!Array.isArray(v) && !ArrayBuffer.isView(v)) || (v as ArrayLike<number>).length !== k) {
      throw new ShapeError(`${fn}: ${name} must be an array of length K = ${k}.`);
    }
    const a = v as ArrayLike<unknown>;
    const out = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const x = a[i];
      if (typeof x !== "number" || !Number.isFinite(x) || !check(x)) throw new DomainError(`${fn}: ${name}[${i}] = ${String(x)}; ${what}.`);
      out[i] = x;
    }
    return out;
  };
  const emissionFields = { gaussian: ["type", "means", "variances"], poisson: ["type", "rates"], categorical: ["type", "probabilities"] };
  if (Object.prototype.hasOwnProperty.call(emissionFields, em.type)) {
    checkOptions(em, emissionFields[em.type], fn, `${em.type} emissions field`);
  }
  switch (em.type) {
    case "gaussian":
      return {
        ...base,
        type: "gaussian",
        location: vec(em.means, "model.emissions.means", () => true, "means must be finite"),
        variances: vec(em.variances, "model.emissions.variances", (x) => x > 0, "variances must be finite and > 0"),
      };
    case "poisson":
      return { ...base, type: "poisson", location: vec(em.rates, "model.emissions.rates", (x) => x >= 0, "rates must be finite and ≥ 0") };
    case "categorical": {
      const p = em.probabilities;
      if (!Array.isArray(p) || p.length !== k || !Array.isArray(p[0])) {
        throw new ShapeError(`${fn}: model.emissions.probabilities must be a K×M array (K = ${k} rows, one per state).`);
      }
      const m = p[0].length;
      if (m < 1) throw new ShapeError(`${fn}: model.emissions.probabilities[0] is empty; there must be at least one symbol.`);
      const probabilities = new Float64Array(k * m);
      for (let i = 0; i < k; i++) probabilities.set(checkProbabilityRow(p[i], m, fn, `model.emissions.probabilities[${i}]`), i * m);
      return { ...base, type: "categorical", m, probabilities };
    }
    default:
      throw new InvalidInputError(
        `${fn}: model.emissions.type is '${String((em as { type?: unknown }).type)}'; use "gaussian", "poisson" or "categorical".`,
      );
  }
}

/** True when gaussian emissions are the multivariate form (means are rows, or a covarianceType is given). @internal */
export function isMultivariateEmissions(e: unknown): e is MultivariateGaussianEmissions {
  if (e === null || typeof e !== "object") return false;
  const g = e as { covarianceType?: unknown; means?: unknown };
  if (g.covarianceType !== undefined) return true;
  const means = rowsOf(g.means as unknown);
  return Array.isArray(means) && means.length > 0 && (Array.isArray(means[0]) || ArrayBuffer.isView(means[0]));
}

/** True for a model with multivariate gaussian emissions. @internal */
export function isMultivariateHMM(model: AnyHMM): model is MultivariateHMM {
  return model.emissions.type === "gaussian" && isMultivariateEmissions(model.emissions);
}

function multivariateFromUser(em: MultivariateGaussianEmissions, k: number, fn: string): { d: number; covarianceType: CovarianceType; gmm: GmmParams } {
  checkOptions(em, ["type", "covarianceType", "means", "covariances"], fn, "multivariate gaussian emissions field");
  const covarianceType = em.covarianceType ?? "full";
  if (!COVARIANCE_TYPES.includes(covarianceType)) {
    throw new InvalidInputError(`${fn}: model.emissions.covarianceType is '${String(covarianceType)}'; use ${COVARIANCE_TYPES.map((t) => `"${t}"`).join(", ")}.`);
  }
  const means = rowsOf(em.means as unknown);
  if (!Array.isArray(means) || means.length !== k) throw new ShapeError(`${fn}: model.emissions.means must be K = ${k} rows (one mean vector per state).`);
  const first = rowsOf(means[0] as unknown) as ArrayLike<unknown>;
  const d = first && typeof first.length === "number" ? first.length : 0;
  if (d < 1) throw new ShapeError(`${fn}: model.emissions.means[0] is empty; a mean vector has D ≥ 1 entries.`);
  // The mixture's validation of means and per-type covariances (shapes, symmetry, Cholesky); weights are unused here.
  const gmm = paramsFromUser(
    { weights: new Array<number>(k).fill(1 / k), means: means as ArrayLike<ArrayLike<number>>, covariances: em.covariances as ArrayLike<ArrayLike<ArrayLike<number>>> },
    covarianceType,
    k,
    d,
    fn,
    "model.emissions",
  );
  return { d, covarianceType, gmm };
}

/** The public multivariate emissions of the internal form (K full D×D covariances). @internal */
export function multivariateToUser(m: HMMInternal): MultivariateGaussianEmissions {
  const u = paramsToUser(m.gmm as GmmParams, m.covarianceType as CovarianceType, m.k, m.d);
  return { type: "gaussian", covarianceType: m.covarianceType as CovarianceType, means: u.means, covariances: u.covariances };
}

/** Converts the internal form back to the public {@link HMM} (plain arrays). */
export function fromInternalHMM(m: HMMInternal): AnyHMM {
  const k = m.k;
  if (m.gmm !== null) {
    const transition: number[][] = [];
    for (let i = 0; i < k; i++) transition.push(Array.from(m.transition.subarray(i * k, i * k + k)));
    return { initial: Array.from(m.initial), transition, emissions: multivariateToUser(m) };
  }
  const transition: number[][] = [];
  for (let i = 0; i < k; i++) transition.push(Array.from(m.transition.subarray(i * k, i * k + k)));
  let emissions: HMMEmissions;
  if (m.type === "gaussian") emissions = { type: "gaussian", means: Array.from(m.location), variances: Array.from(m.variances) };
  else if (m.type === "poisson") emissions = { type: "poisson", rates: Array.from(m.location) };
  else {
    const probabilities: number[][] = [];
    for (let i = 0; i < k; i++) probabilities.push(Array.from(m.probabilities.subarray(i * m.m, i * m.m + m.m)));
    emissions = { type: "categorical", probabilities };
  }
  return { initial: Array.from(m.initial), transition, emissions };
}

/** Deep copy of the internal form. */
export function cloneInternalHMM(m: HMMInternal): HMMInternal {
  return {
    k: m.k,
    type: m.type,
    m: m.m,
    initial: new Float64Array(m.initial),
    transition: new Float64Array(m.transition),
    location: new Float64Array(m.location),
    variances: new Float64Array(m.variances),
    probabilities: new Float64Array(m.probabilities),
    d: m.d,
    covarianceType: m.covarianceType,
    gmm:
      m.gmm === null
        ? null
        : { weights: m.gmm.weights.slice(), means: m.gmm.means.slice(), cov: m.gmm.cov.slice(), invChol: m.gmm.invChol.slice(), logDet: m.gmm.logDet.slice() },
  };
}

/**
 * Validates one observation sequence for an emission family: finite numbers for gaussian,
 * non-negative integers for poisson, integers in 0..M-1 for categorical (M = nSymbols, if known).
 */
export function toObservationSequence(
  obs: unknown,
  type: HMMEmissionType,
  fn: string,
  name: string,
  nSymbols?: number,
): ObservationSequence {
  if (!Array.isArray(obs) && !(ArrayBuffer.isView(obs) && !(obs instanceof DataView))) {
    throw new InvalidInputError(`${fn}: ${name} must be an array of numbers (one observation per time step).`);
  }
  const a = obs as ArrayLike<unknown>;
  if (a.length === 0) throw new InvalidInputError(`${fn}: ${name} is empty; pass at least one observation.`);
  const x = new Float64Array(a.length);
  for (let t = 0; t < a.length; t++) {
    const v = a[t];
    if (typeof v !== "number") {
      throw new InvalidInputError(
        `${fn}: ${name}[${t}] is ${v === null ? "null" : typeof v}, not a number.` +
          (Array.isArray(v) ? " Observations are univariate; for several sequences pass an array of number arrays to fitHMM." : ""),
      );
    }
    if (!Number.isFinite(v)) throw new DomainError(`${fn}: ${name}[${t}] is ${v}. Remove or impute missing values first.`);
    if (type === "poisson" && (v < 0 || !Number.isInteger(v))) {
      throw new DomainError(`${fn}: ${name}[${t}] = ${v}; Poisson emissions need non-negative integer counts.`);
    }
    if (type === "categorical") {
      if (v < 0 || !Number.isInteger(v)) {
        throw new DomainError(`${fn}: ${name}[${t}] = ${v}; categorical observations are symbol indices 0, 1, ..., M-1.`);
      }
      if (nSymbols !== undefined && v >= nSymbols) {
        throw new DomainError(
          `${fn}: ${name}[${t}] = ${v} but the model has only ${nSymbols} symbols (0..${nSymbols - 1}).`,
        );
      }
    }
    x[t] = v;
  }
  let logFactorial: Float64Array | null = null;
  if (type === "poisson") {
    logFactorial = new Float64Array(x.length);
    for (let t = 0; t < x.length; t++) logFactorial[t] = lgamma(x[t] + 1);
  }
  return { x, logFactorial };
}

/**
 * Validates one multivariate sequence: a T×D matrix (rows of equal length D, or an ml-matrix
 * Matrix) of finite numbers; `d`, if known (the model's, or the first sequence's), must match.
 * @internal
 */
export function toMultivariateSequence(obs: unknown, d: number | undefined, fn: string, name: string): ObservationSequence {
  const rows = rowsOf(obs as unknown);
  if (!Array.isArray(rows) && !(ArrayBuffer.isView(rows) && !(rows instanceof DataView))) {
    throw new InvalidInputError(`${fn}: ${name} must be a T×D matrix: an array of rows (one row of D numbers per time step) or an ml-matrix Matrix.`);
  }
  const r = rows as ArrayLike<unknown>;
  const T = r.length;
  if (T === 0) throw new InvalidInputError(`${fn}: ${name} is empty; pass at least one observation.`);
  const first = r[0];
  if (!Array.isArray(first) && !(ArrayBuffer.isView(first) && !(first instanceof DataView))) {
    throw new InvalidInputError(
      `${fn}: ${name}[0] is ${typeof first === "number" ? "a number" : first === null ? "null" : typeof first}, not a row. ` +
        "Multivariate observations are T rows of D numbers; for one-dimensional data wrap each value as [x] or leave covarianceType out.",
    );
  }
  const D = (first as ArrayLike<unknown>).length;
  if (D < 1) throw new ShapeError(`${fn}: ${name}[0] is an empty row; each observation needs D ≥ 1 numbers.`);
  if (d !== undefined && D !== d) {
    throw new ShapeError(`${fn}: ${name} has rows of length ${D} but ${d} was expected (the model's, or the first sequence's, dimension). All sequences must have the same D.`);
  }
  const x = new Float64Array(T * D);
  for (let t = 0; t < T; t++) {
    const row = r[t];
    if (!Array.isArray(row) && !(ArrayBuffer.isView(row) && !(row instanceof DataView))) {
      throw new InvalidInputError(`${fn}: ${name}[${t}] is not a row of numbers.`);
    }
    const a = row as ArrayLike<unknown>;
    if (a.length !== D) throw new ShapeError(`${fn}: ${name}[${t}] has ${a.length} entries but row 0 has ${D}; every row needs D = ${D} numbers.`);
    for (let j = 0; j < D; j++) {
      const v = a[j];
      if (typeof v !== "number") throw new InvalidInputError(`${fn}: ${name}[${t}][${j}] is ${v === null ? "null" : typeof v}, not a number.`);
      if (!Number.isFinite(v)) throw new DomainError(`${fn}: ${name}[${t}][${j}] is ${v}. Remove or impute missing values first.`);
      x[t * D + j] = v;
    }
  }
  return { x, d: D, logFactorial: null };
}

/** Number of time steps of a sequence (univariate or multivariate). @internal */
export function sequenceLength(seq: ObservationSequence): number {
  return seq.d === undefined ? seq.x.length : seq.x.length / seq.d;
}

/**
 * Validates observations for a model: rows for a multivariate model (D = the model's), a vector
 * otherwise. @internal
 */
export function toModelSequence(m: HMMInternal, obs: unknown, fn: string, name: string): ObservationSequence {
  if (m.gmm !== null) return toMultivariateSequence(obs, m.d, fn, name);
  return toObservationSequence(obs, m.type, fn, name, m.type === "categorical" ? m.m : undefined);
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);

/** Multivariate emissions: log N(x_t | μ_k, Σ_k) by the mixture's per-row kernel (inverse Cholesky factors). */
function multivariateLogEmissions(m: HMMInternal, X: Float64Array, out: Float64Array): void {
  const k = m.k;
  const d = m.d;
  const p = m.gmm as GmmParams;
  const type = m.covarianceType as CovarianceType;
  const { lc, diff, sq, lp } = rowScratch(d, k);
  // The emission densities alone: no log weight (the mixture's logConstants would add one).
  for (let j = 0; j < k; j++) lc[j] = -0.5 * (d * LOG_2PI + p.logDet[j]);
  const T = X.length / d;
  for (let t = 0; t < T; t++) {
    logProbRow(X, t, d, k, type, p, lc, diff, sq, lp);
    out.set(lp, t * k);
  }
}

/**
 * Writes log p(x_t | state k) into `out` (T×K row-major). No allocation.
 */
export function logEmissions(m: HMMInternal, seq: ObservationSequence, out: Float64Array): void {
  if (m.gmm !== null) return multivariateLogEmissions(m, seq.x, out);
  const k = m.k;
  const x = seq.x;
  const T = x.length;
  if (m.type === "gaussian") {
    for (let j = 0; j < k; j++) {
      const mu = m.location[j];
      const v = m.variances[j];
      const c = -HALF_LOG_2PI - 0.5 * Math.log(v);
      const h = -0.5 / v;
      for (let t = 0; t < T; t++) {
        const r = x[t] - mu;
        out[t * k + j] = c + h * r * r;
      }
    }
  } else if (m.type === "poisson") {
    const lf = seq.logFactorial as Float64Array;
    for (let j = 0; j < k; j++) {
      const lam = m.location[j];
      const logLam = Math.log(lam);
      for (let t = 0; t < T; t++) {
        // x log λ with the convention 0·log 0 = 0, so a zero rate still explains zero counts.
        const xl = x[t] === 0 ? 0 : x[t] * logLam;
        out[t * k + j] = xl - lam - lf[t];
      }
    }
  } else {
    const M = m.m;
    for (let t = 0; t < T; t++) {
      const s = x[t];
      for (let j = 0; j < k; j++) out[t * k + j] = Math.log(m.probabilities[j * M + s]);
    }
  }
}

/**
 * Number of free parameters: (K-1) initial + K(K-1) transition + emission parameters (multivariate:
 * K·D means and K·D(D+1)/2 full, D(D+1)/2 tied, K·D diag or K spherical covariance parameters).
 */
export function hmmParameterCount(m: HMMInternal): number {
  const k = m.k;
  if (m.gmm !== null) {
    const d = m.d;
    const tri = (d * (d + 1)) / 2;
    const cov = m.covarianceType === "full" ? k * tri : m.covarianceType === "tied" ? tri : m.covarianceType === "diag" ? k * d : k;
    return k - 1 + k * (k - 1) + k * d + cov;
  }
  const em = m.type === "gaussian" ? 2 * k : m.type === "poisson" ? k : k * (m.m - 1);
  return k - 1 + k * (k - 1) + em;
}
