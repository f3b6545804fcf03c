/**
 * Observed Fisher information, its inverse (the asymptotic covariance of the MLE) and standard
 * errors. Below both optim (constrained fits report standard errors) and inference (profiles,
 * Wald intervals), so neither imports the other through it.
 * @module
 */
import { DomainError, InvalidInputError, NonFiniteError, NotPositiveDefiniteError, ShapeError } from "../core/errors.js";
import { choleskyLower, inverseFromCholesky } from "../core/linalg.js";
import { checkOptions, rowsOf, type MatrixObject } from "../core/validate.js";
import { numericalHessian } from "./derivatives.js";

/** A log-likelihood as a function of the parameter vector. */
export type LogLikelihood = (theta: Float64Array) => number;

/** Options of {@link observedInformation} and {@link standardErrors}. */
export interface InformationOptions {
  /** Analytic Hessian of the log-likelihood, row-major d×d. Default: central finite differences. */
  hessian?: (theta: Float64Array) => Float64Array;
  /** Parameter names, used in error messages (default θ[0], θ[1], ...). */
  names?: readonly string[];
}

function toPoint(theta: ArrayLike<number>, fn: string): Float64Array {
  if (!theta || typeof theta.length !== "number" || theta.length === 0) {
    throw new InvalidInputError(`${fn}: theta must be a non-empty array of numbers (the parameter estimate).`);
  }
  const out = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) {
    if (typeof theta[i] !== "number" || !Number.isFinite(theta[i])) {
      throw new NonFiniteError(`${fn}: theta[${i}] is ${String(theta[i])}; the estimate must be finite.`);
    }
    out[i] = theta[i];
  }
  return out;
}

/**
 * The observed information J(θ) = −∇²ℓ(θ), row-major d×d (d = theta.length), from the analytic
 * Hessian if given, central finite differences otherwise. Evaluate it at the MLE.
 * @example
 * // Exponential rate λ, n = 10 observations with sum 5: ℓ(λ) = 10 log λ − 5λ, J = 10/λ²
 * observedInformation((t) => 10 * Math.log(t[0]) - 5 * t[0], [2]); // → [2.5]
 */
export function observedInformation(logLik: LogLikelihood, theta: ArrayLike<number>, options: InformationOptions = {}): Float64Array {
  return informationAt(logLik, theta, options, "observedInformation");
}

function informationAt(logLik: LogLikelihood, theta: ArrayLike<number>, options: InformationOptions, fn: string): Float64Array {
  if (typeof logLik !== "function") throw new InvalidInputError(`${fn}: logLik must be a function (theta: Float64Array) => number.`);
  checkOptions(options, ["hessian", "names"], fn);
  const x = toPoint(theta, fn);
  const d = x.length;
  let H: ArrayLike<number>;
  if (options.hessian) {
    H = options.hessian(Float64Array.from(x));
    if (!H || H.length !== d * d) {
      throw new ShapeError(`${fn}: options.hessian must return a row-major ${d}×${d} array (length ${d * d}), got length ${H ? H.length : "none"}.`);
    }
  } else {
    const v = logLik(Float64Array.from(x));
    if (!Number.isFinite(v)) {
      throw new NonFiniteError(`${fn}: logLik(theta) = ${v}. The information is evaluated at the estimate, where the log-likelihood must be finite.`);
    }
    H = numericalHessian(logLik, x);
  }
  const J = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) {
    if (!Number.isFinite(H[i])) {
      throw new NonFiniteError(
        `${fn}: the Hessian entry (${Math.floor(i / d)}, ${i % d}) is ${H[i]}. The log-likelihood must be twice differentiable near theta; ` +
          "if theta is on the boundary of the parameter space, standard asymptotics do not apply.",
      );
    }
    J[i] = -H[i];
  }
  // Symmetrise: finite differences and some analytic Hessians are symmetric only up to rounding.
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const m = 0.5 * (J[i * d + j] + J[j * d + i]);
      J[i * d + j] = m;
      J[j * d + i] = m;
    }
  }
  return J;
}

/** Converts a d×d matrix given as rows or as a row-major flat array into a flat Float64Array. */
function toSquare(input: ArrayLike<number> | ReadonlyArray<ArrayLike<number>> | MatrixObject, fn: string): { a: Float64Array; d: number } {
  const m = rowsOf(input);
  if (!m || typeof m.length !== "number" || m.length === 0) {
    throw new InvalidInputError(`${fn}: the information matrix must be a non-empty d×d matrix (rows or row-major flat array).`);
  }
  const first = (m as ArrayLike<unknown>)[0];
  let a: Float64Array;
  let d: number;
  if (typeof first === "number") {
    d = Math.round(Math.sqrt(m.length));
    if (d * d !== m.length) throw new ShapeError(`${fn}: a flat information matrix must have d² entries, got ${m.length}.`);
    a = Float64Array.from(m as ArrayLike<number>);
  } else {
    const rows = m as ReadonlyArray<ArrayLike<number>>;
    d = rows.length;
    a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      if (!rows[i] || rows[i].length !== d) throw new ShapeError(`${fn}: the information matrix must be square; row ${i} has ${rows[i] ? rows[i].length : 0} entries, expected ${d}.`);
      for (let j = 0; j < d; j++) a[i * d + j] = rows[i][j];
    }
  }
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new NonFiniteError(`${fn}: information entry (${Math.floor(i / d)}, ${i % d}) is ${a[i]}.`);
  }
  return { a, d };
}

/**
 * The inverse of the information matrix (the asymptotic covariance matrix of the MLE), row-major
 * d×d, by Cholesky factorisation. Throws {@link NotPositiveDefiniteError} when the information is
 * not positive-definite (or numerically singular: a Cholesky pivot below 1e-10 of its diagonal entry):
 * the point is not a strict maximum, or the parameters are not identifiable.
 * @param information d×d, as rows or row-major flat array of length d²
 * @param names parameter names for the error message
 * @example
 * covarianceFromInformation([[4, 0], [0, 25]]); // → [0.25, 0, 0, 0.04]
 */
export function covarianceFromInformation(
  information: ArrayLike<number> | ReadonlyArray<ArrayLike<number>> | MatrixObject,
  names?: readonly string[],
): Float64Array {
  return invertInformation(information, names, "covarianceFromInformation");
}

/** {@link covarianceFromInformation} with the calling function's name in its messages. */
function invertInformation(
  information: ArrayLike<number> | ReadonlyArray<ArrayLike<number>> | MatrixObject,
  names: readonly string[] | undefined,
  fn: string,
): Float64Array {
  const { a, d } = toSquare(information, fn);
  const L = new Float64Array(d * d);
  // A pivot that lost all but ~1e-10 of its diagonal entry means a (numerically) exact linear
  // dependence: finite-difference noise would otherwise turn a singular matrix into absurd SEs.
  let ok = choleskyLower(a, d, L);
  for (let j = 0; ok && j < d; j++) if (L[j * d + j] * L[j * d + j] <= 1e-10 * a[j * d + j]) ok = false;
  if (!ok) {
    const label = (i: number): string => names?.[i] ?? `θ[${i}]`;
    const bad: string[] = [];
    for (let i = 0; i < d; i++) if (!(a[i * d + i] > 0)) bad.push(label(i));
    throw new NotPositiveDefiniteError(
      `${fn}: the observed information matrix is not positive-definite, so it cannot be inverted into a covariance matrix. ` +
        (bad.length ? `The log-likelihood is flat or curving upward in ${bad.join(", ")}. ` : "") +
        "Either the point is not a strict local maximum (check that the optimiser converged), or the parameters are not " +
        "identifiable: some combination of them leaves the likelihood unchanged (e.g. collinear covariates, label switching, " +
        "a parameter the data carry no information about). Reparametrise, fix or drop a parameter, or collect more informative data.",
    );
  }
  const cov = new Float64Array(d * d);
  inverseFromCholesky(L, d, cov);
  return cov;
}

/**
 * Standard errors √diag(J⁻¹) from an information matrix J (rows or row-major flat).
 * @example
 * standardErrorsFromInformation([[4, 0], [0, 25]]); // → [0.5, 0.2]
 */
export function standardErrorsFromInformation(
  information: ArrayLike<number> | ReadonlyArray<ArrayLike<number>> | MatrixObject,
  names?: readonly string[],
): Float64Array {
  return seFromCovariance(invertInformation(information, names, "standardErrorsFromInformation"));
}

function seFromCovariance(cov: Float64Array): Float64Array {
  const d = Math.round(Math.sqrt(cov.length));
  const se = new Float64Array(d);
  for (let i = 0; i < d; i++) se[i] = Math.sqrt(cov[i * d + i]);
  return se;
}

/**
 * Asymptotic covariance matrix J(θ̂)⁻¹ of the MLE, row-major d×d, from the log-likelihood.
 * @example
 * covarianceMatrix((t) => 10 * Math.log(t[0]) - 5 * t[0], [2]); // → [0.4]
 */
export function covarianceMatrix(logLik: LogLikelihood, theta: ArrayLike<number>, options: InformationOptions = {}): Float64Array {
  return invertInformation(informationAt(logLik, theta, options, "covarianceMatrix"), options?.names, "covarianceMatrix");
}

/**
 * Standard errors of the MLE θ̂: √diag(J(θ̂)⁻¹), J the observed information (analytic Hessian if
 * given, finite differences otherwise). Throws {@link NotPositiveDefiniteError} if J is singular.
 * @returns length d
 * @example
 * // Exponential: λ̂ = 2 from n = 10, SE = λ̂/√n
 * standardErrors((t) => 10 * Math.log(t[0]) - 5 * t[0], [2]); // → [0.632]
 */
export function standardErrors(logLik: LogLikelihood, theta: ArrayLike<number>, options: InformationOptions = {}): Float64Array {
  return seFromCovariance(invertInformation(informationAt(logLik, theta, options, "standardErrors"), options?.names, "standardErrors"));
}
