export { logisticRegression, poissonRegression, type LogisticRegressionOptions, type PoissonRegressionOptions, type RegressionResult } from "./glm.js";
export { linearRegression, type LinearRegressionOptions, type LinearRegressionResult } from "./linear.js";
export {
  fitMixtureOfRegressions,
  type MixtureOfRegressionsFit,
  type MixtureOfRegressionsOptions,
  type RegressionMixtureDegeneracy,
  type RegressionMixtureParams,
} from "./mixture.js";
