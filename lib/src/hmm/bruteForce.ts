/**
 * Brute-force enumeration over all K^T state paths: the definition of the HMM likelihood, posteriors
 * and best path, for checking forward–backward and Viterbi on tiny problems and for timing the
 * exponential cost against the O(T K²) forward algorithm.
 * @module
 */
import { DomainError } from "../core/errors.js";
import { logSumExp } from "../core/special.js";
import { type AnyHMM, logEmissions, sequenceLength, toInternalHMM, toModelSequence } from "./model.js";

/**
 * Paths enumerated at most (K^T), so a typo cannot hang the process.
 * @example
 * Math.pow(2, 20) <= BRUTE_FORCE_MAX_PATHS; // → true — K = 2, T = 20 is allowed
 */
export const BRUTE_FORCE_MAX_PATHS = 1e7;

/**
 * What {@link bruteForceHMM} returns.
 * @example
 * const model: HMM = { initial: [0.5, 0.5], transition: [[0.95, 0.05], [0.1, 0.9]], emissions: { type: "poisson", rates: [1, 6] } };
 * const { logLikelihood, bestPath }: BruteForceHMMResult = bruteForceHMM(model, [0, 1, 1]);
 */
export interface BruteForceHMMResult {
  /** log Σ_paths p(path, x). */
  logLikelihood: number;
  /** T×K posterior state probabilities, from the path probabilities. */
  posteriors: number[][];
  /** argmax_path p(path, x) (first in lexicographic order on ties). */
  bestPath: number[];
  /** log p(bestPath, x). */
  bestLogProbability: number;
  /** Number of paths enumerated, K^T. */
  paths: number;
}

function prepare(model: AnyHMM, observations: ArrayLike<number> | ArrayLike<ArrayLike<number>>, fn: string) {
  const m = toInternalHMM(model, fn);
  const seq = toModelSequence(m, observations, fn, "observations");
  const T = sequenceLength(seq);
  const paths = Math.pow(m.k, T);
  if (paths > BRUTE_FORCE_MAX_PATHS) {
    throw new DomainError(
      `${fn}: K^T = ${m.k}^${T} = ${paths.toExponential(2)} paths is more than ${BRUTE_FORCE_MAX_PATHS.toExponential(0)}. ` +
        `Brute force is for tiny problems; use forwardBackward / hmmLogLikelihood (O(T K²)) instead.`,
    );
  }
  const logB = new Float64Array(T * m.k);
  logEmissions(m, seq, logB);
  const logA = m.transition.map(Math.log);
  const logPi = m.initial.map(Math.log);
  return { m, T, paths, logB, logA, logPi };
}

/** Writes path number p into `path`: p in base K, most significant digit first, so p order is lexicographic. */
function decodePath(p: number, k: number, path: Int32Array | number[]): void {
  let r = p;
  for (let t = path.length - 1; t >= 0; t--) {
    path[t] = r % k;
    r = (r - path[t]) / k;
  }
}

/** log p(path, x) = log π(s₀) + log b(x₀ | s₀) + Σₜ [log a(sₜ₋₁, sₜ) + log b(xₜ | sₜ)]. */
function pathLogProbability(path: Int32Array, k: number, logB: Float64Array, logA: Float64Array, logPi: Float64Array): number {
  let lp = logPi[path[0]] + logB[path[0]];
  for (let t = 1; t < path.length; t++) lp += logA[path[t - 1] * k + path[t]] + logB[t * k + path[t]];
  return lp;
}

/**
 * Enumerates all K^T state paths: log-likelihood, posteriors and the best path (throws beyond
 * {@link BRUTE_FORCE_MAX_PATHS} paths). A {@link MultivariateHMM} takes T rows of D numbers.
 * @example
 * const model = { initial: [0.6, 0.4], transition: [[0.7, 0.3], [0.4, 0.6]], emissions: { type: "categorical", probabilities: [[0.9, 0.1], [0.2, 0.8]] } };
 * bruteForceHMM(model, [0, 1, 1, 0]).logLikelihood; // equals forwardBackward(model, obs).logLikelihood
 */
export function bruteForceHMM(model: AnyHMM, observations: ArrayLike<number> | ArrayLike<ArrayLike<number>>): BruteForceHMMResult {
  const { m, T, paths, logB, logA, logPi } = prepare(model, observations, "bruteForceHMM");
  const k = m.k;
  const logP = new Float64Array(paths);
  const path = new Int32Array(T);
  let best = -Infinity;
  let bestIdx = 0;
  for (let p = 0; p < paths; p++) {
    decodePath(p, k, path);
    const lp = pathLogProbability(path, k, logB, logA, logPi);
    logP[p] = lp;
    if (lp > best) {
      best = lp;
      bestIdx = p;
    }
  }
  const logLikelihood = logSumExp(logP);
  const post = new Float64Array(T * k);
  if (logLikelihood > -Infinity) {
    for (let p = 0; p < paths; p++) {
      const w = Math.exp(logP[p] - logLikelihood);
      let r = p;
      for (let t = T - 1; t >= 0; t--) {
        const s = r % k;
        post[t * k + s] += w;
        r = (r - s) / k;
      }
    }
  }
  const posteriors: number[][] = [];
  for (let t = 0; t < T; t++) posteriors.push(Array.from(post.subarray(t * k, t * k + k)));
  const bestPath = new Array<number>(T);
  decodePath(bestIdx, k, bestPath);
  return { logLikelihood, posteriors, bestPath, bestLogProbability: best, paths };
}

/**
 * log p(x) = log Σ over all K^T state paths of p(path, x), by explicit enumeration. Exponential
 * cost: for checking and timing against the forward algorithm only.
 * @example
 * const model = { initial: [0.5, 0.5], transition: [[0.9, 0.1], [0.1, 0.9]], emissions: { type: "poisson", rates: [1, 5] } };
 * bruteForceLogLikelihood(model, [0, 2, 6, 4]); // same as hmmLogLikelihood(model, [0, 2, 6, 4])
 */
export function bruteForceLogLikelihood(model: AnyHMM, observations: ArrayLike<number> | ArrayLike<ArrayLike<number>>): number {
  const { m, T, paths, logB, logA, logPi } = prepare(model, observations, "bruteForceLogLikelihood");
  const k = m.k;
  // Streaming log-sum-exp so memory stays O(T) for the largest allowed K^T.
  let mx = -Infinity;
  let s = 0;
  const path = new Int32Array(T);
  for (let p = 0; p < paths; p++) {
    decodePath(p, k, path);
    const lp = pathLogProbability(path, k, logB, logA, logPi);
    if (lp === -Infinity) continue;
    if (lp > mx) {
      s = s * Math.exp(mx - lp) + 1;
      mx = lp;
    } else s += Math.exp(lp - mx);
  }
  return mx === -Infinity ? -Infinity : mx + Math.log(s);
}
