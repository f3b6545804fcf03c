/**
 * Gaussian mixture models: {@link fitGaussianMixture} (maximum likelihood by EM, four covariance
 * structures, k-means++ initialisation, restarts, degeneracy handling) and the
 * {@link GaussianMixture} distribution (densities, posteriors, sampling, BIC/AIC/ICL).
 * @module
 */
export { fitGaussianMixture, FittedGaussianMixture, type MixtureParamsSnapshot } from "./fit.js";
export { GaussianMixture } from "./gaussian-mixture.js";
export { gaussianMixtureModel, type GaussianMixtureEMModel, type MixtureStepStats } from "./em-model.js";
export { COVARIANCE_TYPES, type CovarianceType, type GaussianMixtureFixed, type GaussianMixtureOptions, type GaussianMixtureParams } from "./options.js";
export type { Degeneracy } from "./model.js";
export { basinAtlas, matchComponents, type BasinAtlas, type BasinAtlasOptions, type BasinOptimum } from "./atlas.js";
export { mixtureStandardErrors, type MixtureStandardErrors } from "./standard-errors.js";
export {
  fitBayesianGaussianMixture,
  FittedBayesianGaussianMixture,
  type BayesianGaussianMixtureOptions,
  type BayesianMixturePriors,
  type WeightConcentration,
  type WeightConcentrationPriorType,
} from "./bayesian.js";
export {
  mixture1dLogJoint, mixture1dEStep, mixture1dLogLikelihood, mixture1dScore, mixture1dElbo, mixture1dToVector, mixture1dFromVector,
  type Mixture1dEStep,
} from "./univariate.js";
export { bayesianMixtureLogEvidence, MAX_LABELLINGS, type BayesianMixtureEvidenceOptions } from "./evidence.js";
export { confusionTable, type ConfusionTable } from "./confusion.js";
export { fitGaussianMixtureStream, StreamedGaussianMixture, type GaussianMixtureStreamOptions, type StreamedMixtureParams } from "./online.js";
export {
  modelSearchFigure,
  selectGaussianMixture,
  type GaussianMixtureSelection,
  type GaussianMixtureSelectionOptions,
  type GaussianMixtureSelectionRow,
  type SelectionCriterion,
} from "./select.js";
