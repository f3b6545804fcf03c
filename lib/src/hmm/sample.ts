/**
 * Simulating from a hidden Markov model (seeded).
 * @module
 */
import { DomainError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { assertNumber } from "../core/validate.js";
import { choleskyLower } from "../core/linalg.js";
import { type AnyHMM, type HMM, type MultivariateHMM, type HMMInternal, toInternalHMM } from "./model.js";

/**
 * What {@link sampleHMM} returns.
 * @example
 * const model: HMM = { initial: [0.5, 0.5], transition: [[0.95, 0.05], [0.1, 0.9]], emissions: { type: "poisson", rates: [1, 6] } };
 * const { states, observations }: HMMSample = sampleHMM(model, 100, 1);
 */
export interface HMMSample {
  /** The hidden states, length T, values 0..K-1. */
  states: number[];
  /** The observations, length T. */
  observations: number[];
}

/**
 * What {@link sampleHMM} returns for a {@link MultivariateHMM}: observations are T rows of D numbers.
 * @example
 * const model2d: MultivariateHMM = {
 *   initial: [0.5, 0.5],
 *   transition: [[0.9, 0.1], [0.2, 0.8]],
 *   emissions: { type: "gaussian", covarianceType: "diag", means: [[0, 0], [3, 1]], covariances: [[[1, 0], [0, 1]], [[0.5, 0], [0, 2]]] },
 * };
 * const { states, observations }: MultivariateHMMSample = sampleHMM(model2d, 100, 1);
 * observations.length;    // → 100
 * observations[0].length; // → 2
 */
export interface MultivariateHMMSample {
  /** The hidden states, length T, values 0..K-1. */
  states: number[];
  /** The observations, T rows of length D. */
  observations: number[][];
}

/** Per state the lower Cholesky factor of its covariance (D×D, row-major), for x = μ + L z. */
function emissionFactors(m: HMMInternal): Float64Array[] {
  const { k, d } = m;
  const p = m.gmm as NonNullable<HMMInternal["gmm"]>;
  const out: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const L = new Float64Array(d * d);
    if (m.covarianceType === "diag") for (let a = 0; a < d; a++) L[a * d + a] = Math.sqrt(p.cov[j * d + a]);
    else if (m.covarianceType === "spherical") for (let a = 0; a < d; a++) L[a * d + a] = Math.sqrt(p.cov[j]);
    else choleskyLower(p.cov, d, L, m.covarianceType === "tied" ? 0 : j * d * d, 0); // positive-definite: checked by toInternalHMM
    out.push(L);
  }
  return out;
}

/**
 * Draws a state path and observations of length T from the model.
 * @param model a K-state {@link HMM} or {@link MultivariateHMM} (then the observations are rows)
 * @param T number of time steps (integer ≥ 1)
 * @param seed a seed or an {@link Rng}; the same seed gives the same sample
 * @example
 * const model = { initial: [0.5, 0.5], transition: [[0.95, 0.05], [0.1, 0.9]], emissions: { type: "gaussian", means: [0, 3], variances: [1, 1] } };
 * const { states, observations } = sampleHMM(model, 200, 42);
 */
export function sampleHMM(model: MultivariateHMM, T: number, seed: number | Rng): MultivariateHMMSample;
export function sampleHMM(model: HMM, T: number, seed: number | Rng): HMMSample;
export function sampleHMM(model: AnyHMM, T: number, seed: number | Rng): HMMSample | MultivariateHMMSample {
  const fn = "sampleHMM";
  const m = toInternalHMM(model, fn);
  assertNumber(T, fn, "T", { ge: 1, integer: true });
  if (seed === undefined) throw new DomainError(`${fn}: pass a seed (number) or an Rng as the third argument so the sample is reproducible.`);
  const rng = Rng.from(seed);
  const k = m.k;
  const states = new Array<number>(T);
  if (m.gmm !== null) {
    const { d } = m;
    const means = m.gmm.means;
    const factors = emissionFactors(m);
    const rows = new Array<number[]>(T);
    const z = new Float64Array(d);
    let s = rng.categorical(m.initial);
    for (let t = 0; t < T; t++) {
      if (t > 0) s = rng.categorical(m.transition.subarray(s * k, s * k + k));
      states[t] = s;
      for (let a = 0; a < d; a++) z[a] = rng.normal();
      const L = factors[s];
      const row = new Array<number>(d);
      for (let a = 0; a < d; a++) {
        let v = means[s * d + a];
        for (let b = 0; b <= a; b++) v += L[a * d + b] * z[b];
        row[a] = v;
      }
      rows[t] = row;
    }
    return { states, observations: rows };
  }
  const observations = new Array<number>(T);
  let s = rng.categorical(m.initial);
  for (let t = 0; t < T; t++) {
    if (t > 0) s = rng.categorical(m.transition.subarray(s * k, s * k + k));
    states[t] = s;
    if (m.type === "gaussian") observations[t] = rng.normal(m.location[s], Math.sqrt(m.variances[s]));
    else if (m.type === "poisson") observations[t] = rng.poisson(m.location[s]);
    else observations[t] = rng.categorical(m.probabilities.subarray(s * m.m, s * m.m + m.m));
  }
  return { states, observations };
}
