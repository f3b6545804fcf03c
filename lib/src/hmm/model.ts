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
}

/** One observation sequence, validated, with per-observation constants precomputed. */
export interface ObservationSequence {
  x: Float64Array;
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
  const base = { k, initial, transition, location: new Float64Array(0), variances: new Float64Array(0), m: 0, probabilities: new Float64Array(0) };
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

/** Converts the internal form back to the public {@link HMM} (plain arrays). */
export function fromInternalHMM(m: HMMInternal): HMM {
  const k = m.k;
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

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Writes log p(x_t | state k) into `out` (T×K row-major). No allocation.
 */
export function logEmissions(m: HMMInternal, seq: ObservationSequence, out: Float64Array): void {
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

/** Number of free parameters: (K-1) initial + K(K-1) transition + emission parameters. */
export function hmmParameterCount(m: HMMInternal): number {
  const k = m.k;
  const em = m.type === "gaussian" ? 2 * k : m.type === "poisson" ? k : k * (m.m - 1);
  return k - 1 + k * (k - 1) + em;
}
