/**
 * Fixed parameters of a Gaussian mixture fit (`fitGaussianMixture(X, { fixed })`): any of the
 * weights, the means and the covariances held at given values while EM estimates the rest. The
 * M-step is the exact constrained one, so ℓ still never decreases: with fixed weights the means and
 * covariances are the usual weighted moments; with fixed means each covariance is the scatter about
 * the fixed mean (the usual one plus (x̄_c − μ_c)(x̄_c − μ_c)ᵀ, pooled by N_c/N for "tied"); fixed
 * covariances leave the weights and means unchanged. The fixed values replace those of `init` and
 * of every start, and are not counted in `nParameters` (so BIC and AIC charge only what was fitted).
 * @module
 */
import { ConvergenceError, InvalidInputError } from "../core/errors.js";
import { checkOptions } from "../core/validate.js";
import { covarianceStrategy } from "./covariance/strategy.js";
import { paramsFromUser, withFactors, type CovarianceType, type GaussianMixtureFixed, type GmmParams } from "./options.js";

/** The checked fixed blocks, internal layout, means centred like the data. @internal */
export interface FixedBlocks {
  weights: Float64Array | null;
  means: Float64Array | null;
  cov: Float64Array | null;
}

/**
 * Checks `fixed` against the fit (k, d, type) and centres the means by `shift`.
 * @internal
 */
export function checkFixedBlocks(fixed: unknown, type: CovarianceType, k: number, d: number, shift: Float64Array, fn: string): FixedBlocks {
  if (fixed === null || typeof fixed !== "object" || Array.isArray(fixed)) throw new InvalidInputError(`${fn}: fixed must be { weights?, means?, covariances? }.`);
  checkOptions(fixed as Record<string, unknown>, ["weights", "means", "covariances"], fn, "fixed field");
  const f = fixed as GaussianMixtureFixed;
  // Validate each given block with the parameter checks of init, filling the others with neutral values.
  const identity = Array.from({ length: k }, () => Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => (a === b ? 1 : 0))));
  const p = paramsFromUser(
    {
      weights: f.weights ?? new Array<number>(k).fill(1 / k),
      means: f.means ?? Array.from({ length: k }, () => new Array<number>(d).fill(0)),
      covariances: f.covariances ?? (covarianceStrategy(type).shared ? identity[0] : identity),
    },
    type,
    k,
    d,
    fn,
    "fixed",
  );
  let means: Float64Array | null = null;
  if (f.means !== undefined) {
    means = p.means.slice();
    for (let c = 0; c < k; c++) for (let a = 0; a < d; a++) means[c * d + a] -= shift[a];
  }
  return { weights: f.weights !== undefined ? p.weights.slice() : null, means, cov: f.covariances !== undefined ? p.cov.slice() : null };
}

/**
 * The constrained M-step's changes to the raw (unconstrained) M-step, in place: fixed weights and
 * covariances replace the estimates; fixed means replace them and move each covariance to the
 * scatter about the fixed mean.
 * @internal
 */
export function constrainRaw(raw: { weights: Float64Array; means: Float64Array; cov: Float64Array }, fixed: FixedBlocks, type: CovarianceType, k: number, d: number): void {
  if (fixed.means) {
    covarianceStrategy(type).aboutFixedMeans(raw, fixed.means, d, k);
    raw.means.set(fixed.means);
  }
  if (fixed.weights) raw.weights.set(fixed.weights);
  if (fixed.cov) raw.cov.set(fixed.cov);
}

/**
 * Parameters with the fixed blocks put back (after the degeneracy policy, which may re-seed an
 * empty component, and at the start), refactored.
 * @internal
 */
export function withFixedBlocks(p: GmmParams, fixed: FixedBlocks | null, type: CovarianceType, k: number, d: number, fn: string): GmmParams {
  if (!fixed || (!fixed.weights && !fixed.means && !fixed.cov)) return p;
  const weights = fixed.weights ? fixed.weights.slice() : p.weights.slice();
  const means = fixed.means ? fixed.means.slice() : p.means.slice();
  const cov = fixed.cov ? fixed.cov.slice() : p.cov.slice();
  const q = withFactors({ weights, means, cov }, type, k, d);
  if (typeof q === "number") throw new ConvergenceError(`${fn}: with the fixed parameters, the covariance of component ${q} is not positive-definite. Check the fixed values, or fix fewer parameters.`);
  return q;
}

/**
 * The free parameters the fixed blocks remove.
 * @internal
 */
export function fixedParameterCount(fixed: FixedBlocks | null, type: CovarianceType, k: number, d: number): number {
  if (!fixed) return 0;
  const covCount = covarianceStrategy(type).parameterCount(d, k);
  return (fixed.weights ? k - 1 : 0) + (fixed.means ? k * d : 0) + (fixed.cov ? covCount : 0);
}
