/**
 * Standard errors of a fitted hidden Markov model: the observed information of the log-likelihood
 * (all sequences) in unconstrained coordinates (softmax for the initial distribution, each
 * transition row and each categorical emission row; log for rates and variances; means free),
 * carried back by the delta method ({@link constrainedStandardErrors}). Entries within 1e-8 of 0 or
 * 1 (a structural zero, an initial distribution fitted to one sequence, which puts all its mass on
 * one state) are held fixed and listed in `atBoundary`.
 * @module
 */
import { InvalidInputError } from "../core/errors.js";
import { isEMFit } from "../em/fit.js";
import { constrainedStandardErrors, type ParameterBlock } from "../inference/constrained-information.js";
import { baumWelchModel, type HMMFit } from "./fit.js";
import { isMultivariateHMM, type AnyHMM, type HMM, type HMMEmissions } from "./model.js";

/** Standard errors of an HMM's parameters, in the shape of the model ({@link hmmStandardErrors}). */
export interface HMMStandardErrors {
  /** SE of each initial probability. */
  initial: number[];
  /** SE of each transition probability, K×K. */
  transition: number[][];
  /** SE of the emission parameters, in the shape of `model.emissions` (means and variances, rates, or probabilities). */
  emissions: HMMEmissions;
  /** Covariance of all parameters, in the order of `names`. */
  covariance: number[][];
  /** Entry names: "initial[i]", "transition[i][j]", then "means[k]", "variances[k]", "rates[k]" or "probabilities[k][m]". */
  names: string[];
  /** Entries held fixed on the boundary (SE 0): see the module doc. */
  atBoundary: string[];
}

const EDGE = 1e-8;

/**
 * Standard errors of a fitted HMM (module doc), from the observed information at the estimate.
 * @param fit a result of fitHMM, or an HMM (at a maximum of the likelihood of `observations`)
 * @param observations the sequence or sequences it was fitted to
 * @example
 * const quakes = readCsv("data/earthquakes.csv").numbers("count");
 * const fit = fitHMM(quakes, { k: 2, emission: "poisson", seed: 1, order: "mean" });
 * const se = hmmStandardErrors(fit, quakes);
 * se.emissions.rates; // → [0.72, 1.38]
 * se.transition;      // K×K; each row sums to 1, so its two entries have the same error
 */
export function hmmStandardErrors(fit: HMMFit<AnyHMM> | AnyHMM, observations: ArrayLike<number> | ArrayLike<number>[]): HMMStandardErrors {
  const fn = "hmmStandardErrors";
  const model = (isEMFit(fit) ? (fit as HMMFit<AnyHMM>).model : fit) as HMM;
  if (!model || !Array.isArray(model.initial) || !Array.isArray(model.transition) || !model.emissions) {
    throw new InvalidInputError(`${fn}: pass the result of fitHMM (or an HMM { initial, transition, emissions }).`);
  }
  if (isMultivariateHMM(model as AnyHMM)) {
    throw new InvalidInputError(
      `${fn}: multivariate gaussian emissions are not supported (only univariate gaussian, poisson and categorical). ` +
        "For a multivariate fit use a parametric bootstrap: sampleHMM from the fitted model, refit with fitHMM, take the spread.",
    );
  }
  const e = model.emissions;
  const bw = baumWelchModel(observations, e.type === "categorical" ? { emission: e.type, nSymbols: e.probabilities[0].length } : { emission: e.type });
  const k = model.initial.length;
  const blocks: ParameterBlock[] = [{ name: "initial", values: model.initial, kind: "simplex", edge: EDGE }];
  model.transition.forEach((row, i) => blocks.push({ name: `transition[${i}]`, values: row, kind: "simplex", edge: EDGE }));
  if (e.type === "gaussian") {
    blocks.push({ name: "means", values: e.means, kind: "free" }, { name: "variances", values: e.variances, kind: "positive" });
  } else if (e.type === "poisson") {
    blocks.push({ name: "rates", values: e.rates, kind: "positive" });
  } else {
    e.probabilities.forEach((row, j) => blocks.push({ name: `probabilities[${j}]`, values: row, kind: "simplex", edge: EDGE }));
  }
  const M = e.type === "categorical" ? e.probabilities[0].length : 0;
  const toModel = (t: Float64Array): HMM => {
    const initial = Array.from(t.subarray(0, k));
    const transition = Array.from({ length: k }, (_, i) => Array.from(t.subarray(k + i * k, k + (i + 1) * k)));
    const o = k + k * k;
    const emissions: HMMEmissions =
      e.type === "gaussian"
        ? { type: "gaussian", means: Array.from(t.subarray(o, o + k)), variances: Array.from(t.subarray(o + k, o + 2 * k)) }
        : e.type === "poisson"
          ? { type: "poisson", rates: Array.from(t.subarray(o, o + k)) }
          : { type: "categorical", probabilities: Array.from({ length: k }, (_, j) => Array.from(t.subarray(o + j * M, o + (j + 1) * M))) };
    return { initial, transition, emissions };
  };
  const r = constrainedStandardErrors((t) => bw.eStep(toModel(t)).logLikelihood, blocks, fn);
  const se = toModel(r.se);
  const n = r.names.length;
  const covariance = Array.from({ length: n }, (_, i) => Array.from(r.covariance.subarray(i * n, (i + 1) * n)));
  return { initial: se.initial, transition: se.transition, emissions: se.emissions, covariance, names: r.names, atBoundary: r.atBoundary };
}
