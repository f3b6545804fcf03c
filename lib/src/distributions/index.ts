/**
 * Probability distributions with maximum-likelihood fitting: densities, sampling, moments, and
 * `fit(data)` returning estimates, log-likelihood and standard errors (inverse observed information).
 *
 * Continuous: Normal, LogNormal, Exponential, Gamma, Weibull, Beta, StudentT, Laplace, Cauchy.
 * Discrete: Poisson, Bernoulli, Binomial, Geometric (failures before the first success),
 * NegativeBinomial, Categorical, Multinomial. Multivariate: MultivariateNormal.
 * @module
 */
export { ContinuousDistribution, DiscreteDistribution } from "./types.js";
export type { FitResult, UnivariateDistribution } from "./types.js";
export type { NumericFitOptions } from "./internal.js";
export * from "./normal.js";
export * from "./lognormal.js";
export * from "./exponential.js";
export * from "./gamma.js";
export * from "./weibull.js";
export * from "./beta.js";
export * from "./studentT.js";
export * from "./laplace.js";
export * from "./cauchy.js";
export * from "./poisson.js";
export * from "./bernoulli.js";
export * from "./binomial.js";
export * from "./geometric.js";
export * from "./negativeBinomial.js";
export * from "./categorical.js";
export * from "./multinomial.js";
export * from "./multivariateNormal.js";
