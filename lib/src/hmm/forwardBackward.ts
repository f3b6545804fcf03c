/**
 * The forward–backward algorithm with per-step scaling: log-likelihood, filtered and smoothed state
 * probabilities, and expected transition counts, in O(T K²).
 *
 * Emission log-densities are shifted by their maximum at each t before exponentiating, and the
 * forward variables are renormalised at each t (Rabiner's scaling), so nothing under- or overflows
 * however long the series or however peaked the densities; the log-likelihood is the sum of the
 * logs of the scaling constants plus the shifts.
 * @module
 */
import { DomainError } from "../core/errors.js";
import { expNonPositive } from "../mixture/kernel-primitives.js";
import {
  type AnyHMM,
  type HMMInternal,
  type ObservationSequence,
  logEmissions,
  sequenceLength,
  toInternalHMM,
  toModelSequence,
} from "./model.js";

/** Reusable buffers for one sequence length and state count. */
export interface ForwardBackwardWorkspace {
  T: number;
  k: number;
  /** T×K log emission densities. */
  logB: Float64Array;
  /** T×K emission densities scaled by exp(-max_k logB[t, k]). */
  b: Float64Array;
  /** T×K scaled forward variables: alpha[t] = P(state_t | x_0..t). */
  alpha: Float64Array;
  /** T×K scaled backward variables. */
  beta: Float64Array;
  /** Per-step normalisers (scaled). */
  c: Float64Array;
  /** K scratch values of the backward pass. */
  bb: Float64Array;
  /** First t at which the observations had probability zero, or -1. */
  zeroAt: number;
}

/** Bounds on the running product of scaling constants before its log is taken. */
const PRODUCT_HIGH = 2 ** 500;
const PRODUCT_LOW = 2 ** -500;

/** gamma[o..o+k) = alpha·beta at one time step, renormalised to sum to 1. */
function smoothedRow(alpha: Float64Array, beta: Float64Array, gamma: Float64Array, o: number, k: number): void {
  let s = 0;
  for (let j = 0; j < k; j++) {
    const v = alpha[o + j] * beta[o + j];
    gamma[o + j] = v;
    s += v;
  }
  // Exactly 1 in exact arithmetic; renormalising removes the rounding drift.
  const inv = 1 / s;
  for (let j = 0; j < k; j++) gamma[o + j] *= inv;
}

/** Allocates a workspace for sequences of length T with K states. */
export function createWorkspace(T: number, k: number): ForwardBackwardWorkspace {
  return {
    T,
    k,
    logB: new Float64Array(T * k),
    b: new Float64Array(T * k),
    alpha: new Float64Array(T * k),
    beta: new Float64Array(T * k),
    c: new Float64Array(T),
    bb: new Float64Array(k),
    zeroAt: -1,
  };
}

/**
 * Runs forward–backward on one sequence. Writes the smoothed posteriors into `gamma` (T×K) if
 * given, and ADDS the expected transition counts Σ_t P(s_t = i, s_t+1 = j | x) into `xiSum` (K×K)
 * if given. Returns log p(x), or -Infinity if the observations are impossible under the model
 * (then `ws.zeroAt` is the first such t and the outputs are not written).
 */
export function forwardBackwardCore(
  m: HMMInternal,
  seq: ObservationSequence,
  ws: ForwardBackwardWorkspace,
  gamma: Float64Array | null,
  xiSum: Float64Array | null,
): number {
  const k = m.k;
  const T = sequenceLength(seq);
  const { logB, b, alpha, beta, c } = ws;
  const A = m.transition;
  logEmissions(m, seq, logB);
  // log p(x) = Σ_t (log s_t + mx_t). The scaling constants (s_t ≤ 1, as b ≤ 1) are multiplied
  // together and the log taken only when the product leaves [2^-500, 2^500], instead of one
  // Math.log per time step: the same sum up to rounding. A tiny s_t (< 2^-500) is logged directly.
  let logL = 0;
  let prod = 1;
  ws.zeroAt = -1;
  for (let t = 0; t < T; t++) {
    const o = t * k;
    let mx = -Infinity;
    for (let j = 0; j < k; j++) if (logB[o + j] > mx) mx = logB[o + j];
    if (mx === -Infinity) {
      ws.zeroAt = t;
      return -Infinity;
    }
    // logB − mx ≤ 0: the table-driven exponential (mixture/kernel-primitives.ts), about twice as fast
    // as Math.exp, which was half the time of the forward pass at K = 2.
    for (let j = 0; j < k; j++) b[o + j] = expNonPositive(logB[o + j] - mx);
    let s = 0;
    if (t === 0) {
      for (let j = 0; j < k; j++) {
        const v = m.initial[j] * b[j];
        alpha[j] = v;
        s += v;
      }
    } else {
      const p = o - k;
      for (let j = 0; j < k; j++) {
        let acc = 0;
        for (let i = 0; i < k; i++) acc += alpha[p + i] * A[i * k + j];
        const v = acc * b[o + j];
        alpha[o + j] = v;
        s += v;
      }
    }
    if (!(s > 0)) {
      ws.zeroAt = t;
      return -Infinity;
    }
    c[t] = s;
    const inv = 1 / s;
    for (let j = 0; j < k; j++) alpha[o + j] *= inv;
    logL += mx;
    if (s < PRODUCT_LOW) logL += Math.log(s);
    else {
      // prod and s both in [2^-500, 2^500]: the product cannot under- or overflow.
      prod *= s;
      if (prod > PRODUCT_HIGH || prod < PRODUCT_LOW) {
        logL += Math.log(prod);
        prod = 1;
      }
    }
  }
  logL += Math.log(prod);
  if (gamma === null && xiSum === null) return logL;
  const last = (T - 1) * k;
  for (let j = 0; j < k; j++) beta[last + j] = 1;
  if (gamma !== null) smoothedRow(alpha, beta, gamma, last, k);
  // bb[j] = b_t+1(j) β_t+1(j), shared by the backward recursion and the expected transitions.
  const bb = ws.bb;
  for (let t = T - 2; t >= 0; t--) {
    const o = t * k;
    const n = o + k;
    const invC = 1 / c[t + 1];
    for (let j = 0; j < k; j++) bb[j] = b[n + j] * beta[n + j];
    for (let i = 0; i < k; i++) {
      let acc = 0;
      for (let j = 0; j < k; j++) acc += A[i * k + j] * bb[j];
      beta[o + i] = acc * invC;
    }
    if (xiSum !== null) {
      for (let i = 0; i < k; i++) {
        const ai = alpha[o + i] * invC;
        if (ai === 0) continue;
        for (let j = 0; j < k; j++) xiSum[i * k + j] += ai * A[i * k + j] * bb[j];
      }
    }
    if (gamma !== null) smoothedRow(alpha, beta, gamma, o, k);
  }
  return logL;
}

/**
 * What {@link forwardBackward} returns.
 * @example
 * const model: HMM = { initial: [0.5, 0.5], transition: [[0.95, 0.05], [0.1, 0.9]], emissions: { type: "poisson", rates: [1, 6] } };
 * const { logLikelihood, posteriors }: ForwardBackwardResult = forwardBackward(model, [0, 3, 7]);
 */
export interface ForwardBackwardResult {
  /** log p(x_0, ..., x_T-1) under the model. */
  logLikelihood: number;
  /** T×K smoothed posteriors P(state_t = k | all observations); each row sums to 1. */
  posteriors: number[][];
  /** T×K filtered probabilities P(state_t = k | x_0..x_t); each row sums to 1. */
  filtered: number[][];
  /** K×K expected transition counts Σ_t P(state_t = i, state_t+1 = j | all observations). */
  expectedTransitions: number[][];
}

/** observations[t] of a sequence, for messages (a row is shown as [a, b, …]). @internal */
export function observationAt(seq: ObservationSequence, t: number): number | string {
  if (seq.d === undefined) return seq.x[t];
  return `[${Array.from(seq.x.subarray(t * seq.d, (t + 1) * seq.d)).join(", ")}]`;
}

function toRows(a: Float64Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from(a.subarray(r * cols, r * cols + cols)));
  return out;
}

/**
 * Throws a DomainError explaining that the observations are impossible under the model.
 */
export function throwImpossible(fn: string, t: number, value: number | string): never {
  throw new DomainError(
    `${fn}: the observations have probability zero under the model: no state can emit observations[${t}] = ${value} ` +
      `given the earlier observations (check for zero emission probabilities, zero rates, or zero transitions).`,
  );
}

/**
 * Forward–backward for one observation sequence: the log-likelihood, the posterior (smoothed) and
 * filtered state probabilities, and the expected transition counts.
 * @param model a K-state {@link HMM}, or a {@link MultivariateHMM}
 * @param observations length-T sequence (finite reals for gaussian, counts for poisson, symbols 0..M-1 for categorical); T rows of D numbers (or an ml-matrix Matrix) for a multivariate model
 * @example
 * const model = { initial: [0.5, 0.5], transition: [[0.95, 0.05], [0.1, 0.9]], emissions: { type: "poisson", rates: [1, 6] } };
 * const fb = forwardBackward(model, [0, 1, 7, 5, 0]);
 * fb.logLikelihood;    // log p(x)
 * fb.posteriors[2][1]; // P(state 1 at t = 2 | x)
 */
export function forwardBackward(model: AnyHMM, observations: ArrayLike<number> | ArrayLike<ArrayLike<number>>): ForwardBackwardResult {
  const fn = "forwardBackward";
  const m = toInternalHMM(model, fn);
  const seq = toModelSequence(m, observations, fn, "observations");
  const T = sequenceLength(seq);
  const ws = createWorkspace(T, m.k);
  const gamma = new Float64Array(T * m.k);
  const xi = new Float64Array(m.k * m.k);
  const logLikelihood = forwardBackwardCore(m, seq, ws, gamma, xi);
  if (logLikelihood === -Infinity) throwImpossible(fn, ws.zeroAt, observationAt(seq, ws.zeroAt));
  return {
    logLikelihood,
    posteriors: toRows(gamma, T, m.k),
    filtered: toRows(ws.alpha, T, m.k),
    expectedTransitions: toRows(xi, m.k, m.k),
  };
}

/**
 * log p(observations) by the forward algorithm alone (no backward pass): O(T K²).
 * @example
 * const model: HMM = { initial: [0.5, 0.5], transition: [[0.95, 0.05], [0.1, 0.9]], emissions: { type: "poisson", rates: [1, 6] } };
 * hmmLogLikelihood(model, [0, 1, 7, 5, 0]); // the same as forwardBackward(model, [0, 1, 7, 5, 0]).logLikelihood
 */
export function hmmLogLikelihood(model: AnyHMM, observations: ArrayLike<number> | ArrayLike<ArrayLike<number>>): number {
  const fn = "hmmLogLikelihood";
  const m = toInternalHMM(model, fn);
  const seq = toModelSequence(m, observations, fn, "observations");
  const ws = createWorkspace(sequenceLength(seq), m.k);
  const ll = forwardBackwardCore(m, seq, ws, null, null);
  // An impossible sequence has log-likelihood -Infinity: a number, not an error, for this function.
  return ll;
}
