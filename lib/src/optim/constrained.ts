/**
 * Constrained maximum likelihood by reparametrisation: maximise ℓ(g(u)) over unconstrained u with
 * {@link maximize}, map the maximiser back to θ = g(u), and carry the standard errors back with the
 * delta method.
 * @module
 */
import { InvalidInputError, MlemError, ShapeError } from "../core/errors.js";
import { checkOptions } from "../core/validate.js";
import { covarianceFromInformation, observedInformation } from "../calculus/information.js";
import { maximize, type OptimizeOptions, type OptimizeResult } from "./maximize.js";
import { deltaMethodCovariance, type ParameterTransform } from "./transforms.js";

/** Options of {@link maximizeConstrained}: those of `maximize` except `hessian`, plus `standardErrors`. */
export interface ConstrainedOptions extends Omit<OptimizeOptions, "gradient" | "hessian"> {
  /**
   * Gradient of ℓ with respect to the natural parameters θ (length naturalDim); it is converted
   * to the free scale by the chain rule, ∇_u = Jᵀ ∇_θ.
   */
  gradient?: (theta: Float64Array) => Float64Array;
  /** Compute standard errors (default true). */
  standardErrors?: boolean;
}

/** Result of {@link maximizeConstrained}. */
export interface ConstrainedResult {
  /** The MLE on the natural scale, length naturalDim. */
  theta: Float64Array;
  /** The maximiser on the free scale, length freeDim. */
  free: Float64Array;
  /** ℓ(θ̂). */
  value: number;
  /** Whether the free-scale optimisation converged. */
  converged: boolean;
  /** Why it stopped. */
  stopReason: string;
  /** The full result of `maximize` on the free scale (trace, counts, gradient in u). */
  optimization: OptimizeResult;
  /** Standard errors on the natural scale by the delta method, length naturalDim; null if unavailable (see `note`). */
  standardErrors: Float64Array | null;
  /** Covariance on the natural scale J Σ_u Jᵀ, row-major naturalDim²; null if unavailable. */
  covariance: Float64Array | null;
  /** Covariance of the free parameters (inverse observed information in u), row-major freeDim²; null if unavailable. */
  freeCovariance: Float64Array | null;
  /** Why standard errors are missing (information not positive-definite, not requested), else "". */
  note: string;
}

/**
 * Maximises a log-likelihood over constrained parameters θ = g(u) by optimising the free
 * parameters u with `maximize`. Standard errors: the observed information in u (finite
 * differences at û) is inverted and mapped back by the delta method, Cov(θ̂) ≈ J Cov(û) Jᵀ with
 * J = ∂θ/∂u. For intervals that respect the constraint, a Wald interval on the free scale mapped
 * back, or a profile-likelihood interval, is usually better than θ̂ ± 1.96·SE.
 * @param logLik log-likelihood of the natural parameters θ (length naturalDim)
 * @param theta0 starting point on the natural scale (must satisfy the constraints)
 * @param transform e.g. `composeTransforms([identityTransform(), positiveTransform()])`
 * @example
 * // Exponential rate: n = 10 observations summing to 5
 * const r = maximizeConstrained((t) => 10 * Math.log(t[0]) - 5 * t[0], [1], positiveTransform());
 * r.theta;          // → ≈ [2]
 * r.standardErrors; // → ≈ [0.632] — λ̂/√n
 */
export function maximizeConstrained(
  logLik: (theta: Float64Array) => number,
  theta0: ArrayLike<number>,
  transform: ParameterTransform,
  options: ConstrainedOptions = {},
): ConstrainedResult {
  const fn = "maximizeConstrained";
  if (typeof logLik !== "function") throw new InvalidInputError(`${fn}: logLik must be a function (theta: Float64Array) => number.`);
  if (!transform || typeof transform.toNatural !== "function") {
    throw new InvalidInputError(`${fn}: transform must be a ParameterTransform (e.g. positiveTransform(), composeTransforms([...])).`);
  }
  checkOptions(options, ["method", "gradient", "maxIter", "gradTol", "fTol", "xTol", "stepSize", "trace", "standardErrors"], fn);
  if (!theta0 || theta0.length !== transform.naturalDim) {
    throw new ShapeError(`${fn}: theta0 must have length ${transform.naturalDim} (the transform's naturalDim), got ${theta0 ? theta0.length : "none"}.`);
  }
  const { standardErrors: wantSe = true, gradient, ...rest } = options;
  let u0: Float64Array;
  try {
    u0 = transform.toFree(theta0);
  } catch (e) {
    if (!(e instanceof MlemError)) throw e;
    // Same error class, but say which call and argument it came from.
    const Cls = e.constructor as new (message: string) => MlemError;
    throw new Cls(`${fn}: theta0 is not a valid starting point for the transform: ${e.message}`);
  }
  const f = (u: Float64Array): number => logLik(transform.toNatural(u));
  const opt: OptimizeOptions = { ...rest };
  if (gradient) {
    const m = transform.freeDim;
    const k = transform.naturalDim;
    opt.gradient = (u: Float64Array): Float64Array => {
      const gt = gradient(transform.toNatural(u));
      if (!gt || gt.length !== k) throw new ShapeError(`${fn}: options.gradient must return length ${k} (one entry per natural parameter).`);
      const J = transform.jacobian(u);
      const gu = new Float64Array(m);
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let i = 0; i < k; i++) s += J[i * m + j] * gt[i];
        gu[j] = s;
      }
      return gu;
    };
  }
  let r: OptimizeResult;
  try {
    r = maximize(f, u0, opt);
  } catch (e) {
    if (!(e instanceof MlemError)) throw e;
    // maximize runs on the free scale; name the function the user called.
    const Cls = e.constructor as new (message: string) => MlemError;
    throw new Cls(`${fn} (maximising on the free scale): ${e.message}`);
  }
  const theta = transform.toNatural(r.x);
  let se: Float64Array | null = null;
  let cov: Float64Array | null = null;
  let freeCov: Float64Array | null = null;
  let note = "";
  if (wantSe) {
    try {
      freeCov = covarianceFromInformation(observedInformation(f, r.x));
      cov = deltaMethodCovariance(transform, r.x, freeCov);
      const k = transform.naturalDim;
      se = new Float64Array(k);
      for (let i = 0; i < k; i++) se[i] = Math.sqrt(Math.max(0, cov[i * k + i]));
    } catch (e) {
      if (!(e instanceof MlemError)) throw e;
      note = `standard errors unavailable: ${e.message}`;
      freeCov = null;
      cov = null;
    }
  } else {
    note = "standard errors not requested";
  }
  return {
    theta,
    free: r.x,
    value: r.value,
    converged: r.converged,
    stopReason: r.stopReason,
    optimization: r,
    standardErrors: se,
    covariance: cov,
    freeCovariance: freeCov,
    note,
  };
}
