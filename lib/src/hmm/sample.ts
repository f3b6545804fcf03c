/**
 * Simulating from a hidden Markov model (seeded).
 * @module
 */
import { DomainError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { assertNumber } from "../core/validate.js";
import { type HMM, toInternalHMM } from "./model.js";

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
 * Draws a state path and observations of length T from the model.
 * @param model a K-state {@link HMM}
 * @param T number of time steps (integer ≥ 1)
 * @param seed a seed or an {@link Rng}; the same seed gives the same sample
 * @example
 * const model = { initial: [0.5, 0.5], transition: [[0.95, 0.05], [0.1, 0.9]], emissions: { type: "gaussian", means: [0, 3], variances: [1, 1] } };
 * const { states, observations } = sampleHMM(model, 200, 42);
 */
export function sampleHMM(model: HMM, T: number, seed: number | Rng): HMMSample {
  const fn = "sampleHMM";
  const m = toInternalHMM(model, fn);
  assertNumber(T, fn, "T", { ge: 1, integer: true });
  if (seed === undefined) throw new DomainError(`${fn}: pass a seed (number) or an Rng as the third argument so the sample is reproducible.`);
  const rng = Rng.from(seed);
  const k = m.k;
  const states = new Array<number>(T);
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
