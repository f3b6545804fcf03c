/**
 * Missing data: maximum likelihood for a multivariate normal sample with values missing at random,
 * by EM, with standard errors and conditional-mean imputation.
 * @module
 */
export {
  fitMultivariateNormalMissing,
  type MultivariateNormalMissingFit,
  type MultivariateNormalMissingOptions,
} from "./multivariateNormal.js";
