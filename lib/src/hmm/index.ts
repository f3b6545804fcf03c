/**
 * Hidden Markov models with Gaussian, Poisson and categorical emissions: forward–backward,
 * Viterbi, sampling, brute-force enumeration for checking, and Baum–Welch fitting on the EM engine.
 * @module
 */
export type {
  HMM,
  HMMEmissions,
  HMMEmissionType,
  GaussianEmissions,
  PoissonEmissions,
  CategoricalEmissions,
  MultivariateGaussianEmissions,
  MultivariateHMM,
  AnyHMM,
} from "./model.js";
export { forwardBackward, hmmLogLikelihood, type ForwardBackwardResult } from "./forwardBackward.js";
export { viterbi, type ViterbiResult } from "./viterbi.js";
export { hmmStandardErrors, type HMMStandardErrors } from "./standard-errors.js";
export type { HMMFixedParameters } from "./fixed.js";
export { sampleHMM, type HMMSample, type MultivariateHMMSample } from "./sample.js";
export { bruteForceHMM, bruteForceLogLikelihood, BRUTE_FORCE_MAX_PATHS, type BruteForceHMMResult } from "./bruteForce.js";
export {
  fitHMM,
  baumWelchModel,
  type HMMFit,
  type HMMFitOptions,
  type BaumWelchModel,
  type BaumWelchModelOptions,
  type BaumWelchStats,
  type MultivariateObservations,
} from "./fit.js";
