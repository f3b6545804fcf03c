/**
 * Numerical calculus for likelihoods: finite-difference gradients and Hessians, and the observed
 * information with the covariance and standard errors it gives. The lowest numerical layer: optim
 * and inference both build on it (re-exported from `mlem/optim` and `mlem/inference`).
 * @module
 */
export * from "./derivatives.js";
export * from "./information.js";
