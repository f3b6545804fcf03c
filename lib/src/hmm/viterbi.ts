/**
 * The Viterbi algorithm: the single most probable state path, in log space.
 * @module
 */
import { type AnyHMM, type HMMInternal, type ObservationSequence, logEmissions, sequenceLength, toInternalHMM, toModelSequence } from "./model.js";
import { observationAt, throwImpossible } from "./forwardBackward.js";

/**
 * What {@link viterbi} returns.
 * @example
 * const model: HMM = { initial: [0.5, 0.5], transition: [[0.95, 0.05], [0.1, 0.9]], emissions: { type: "poisson", rates: [1, 6] } };
 * const { path, logProbability }: ViterbiResult = viterbi(model, [0, 3, 7]);
 */
export interface ViterbiResult {
  /** The most probable state path, length T, states 0..K-1. Ties go to the lower state index. */
  path: number[];
  /** log p(path, observations), the joint log-probability of the best path with the data. */
  logProbability: number;
}

/**
 * The most probable hidden state path argmax_s p(s, x) by dynamic programming in log space, O(T K²).
 * @param model a K-state {@link HMM} or {@link MultivariateHMM}
 * @param observations length-T sequence (T rows of D numbers for a multivariate model)
 * @example
 * const model = { initial: [0.5, 0.5], transition: [[0.95, 0.05], [0.1, 0.9]], emissions: { type: "poisson", rates: [1, 6] } };
 * viterbi(model, [0, 1, 7, 5, 0]).path; // [0, 0, 1, 1, 0] or similar
 */
export function viterbi(model: AnyHMM, observations: ArrayLike<number> | ArrayLike<ArrayLike<number>>): ViterbiResult {
  const fn = "viterbi";
  const m = toInternalHMM(model, fn);
  return viterbiCore(m, toModelSequence(m, observations, fn, "observations"), fn);
}

/** {@link viterbi} on a validated model and sequence. @internal */
export function viterbiCore(m: HMMInternal, seq: ObservationSequence, fn: string): ViterbiResult {
  const k = m.k;
  const T = sequenceLength(seq);
  const logB = new Float64Array(T * k);
  logEmissions(m, seq, logB);
  const logA = new Float64Array(k * k);
  for (let i = 0; i < k * k; i++) logA[i] = Math.log(m.transition[i]);
  let delta = new Float64Array(k);
  let next = new Float64Array(k);
  const back = new Int32Array(T * k);
  for (let j = 0; j < k; j++) delta[j] = Math.log(m.initial[j]) + logB[j];
  for (let t = 1; t < T; t++) {
    for (let j = 0; j < k; j++) {
      let best = -Infinity;
      let arg = 0;
      for (let i = 0; i < k; i++) {
        const v = delta[i] + logA[i * k + j];
        if (v > best) {
          best = v;
          arg = i;
        }
      }
      next[j] = best + logB[t * k + j];
      back[t * k + j] = arg;
    }
    const tmp = delta;
    delta = next;
    next = tmp;
  }
  let best = -Infinity;
  let arg = 0;
  for (let j = 0; j < k; j++) {
    if (delta[j] > best) {
      best = delta[j];
      arg = j;
    }
  }
  if (best === -Infinity) {
    // Locate the first impossible step for the message (forward pass in probability terms).
    let t = 0;
    for (; t < T; t++) {
      let any = false;
      for (let j = 0; j < k; j++) if (logB[t * k + j] > -Infinity) any = true;
      if (!any) break;
    }
    throwImpossible(fn, Math.min(t, T - 1), observationAt(seq, Math.min(t, T - 1)));
  }
  const path = new Array<number>(T);
  path[T - 1] = arg;
  for (let t = T - 1; t > 0; t--) path[t - 1] = back[t * k + path[t]];
  return { path, logProbability: best };
}
