/**
 * The M-step of the Gaussian mixture from the E-step statistics (internal): weights and means here,
 * the covariances by the covariance type's strategy.
 * @module
 * @internal
 */
import { covarianceStrategy } from "./covariance/strategy.js";
import type { CovarianceType, GmmParams, GmmStats, RawParams } from "./covariance/types.js";

/**
 * The M-step without regularisation or degeneracy handling: new weights (N_c / Σ N), means and
 * covariances in compact layout (symmetric full matrices for full/tied), with `regCovar` added to
 * the diagonal. Components with N_c = 0 get their previous mean and covariance (the caller handles them).
 * @internal
 */
export function mStepKernel(
  s: GmmStats,
  prev: GmmParams,
  type: CovarianceType,
  d: number,
  k: number,
  regCovar: number,
): RawParams {
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const strategy = covarianceStrategy(type);
  const cov = new Float64Array(strategy.covLength(d, k));
  const delta = new Float64Array(k * d);
  let total = 0;
  for (let c = 0; c < k; c++) total += s.nk[c];
  for (let c = 0; c < k; c++) {
    const nkc = s.nk[c];
    weights[c] = nkc / total;
    for (let a = 0; a < d; a++) {
      const del = nkc > 0 ? s.s1[c * d + a] / nkc : 0;
      delta[c * d + a] = del;
      means[c * d + a] = s.shift[c * d + a] + del;
    }
  }
  strategy.mStepCovariance(s, prev, delta, total, d, k, regCovar, cov);
  return { weights, means, cov };
}
