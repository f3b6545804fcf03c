/**
 * Standard errors of a fitted Gaussian mixture from the observed information: the negative Hessian
 * of the observed-data log-likelihood ℓ(θ) = Σᵢ log Σ_c w_c N(xᵢ | μ_c, Σ_c) at the MLE, by central
 * finite differences (lib/src/optim/derivatives.ts), inverted through Cholesky
 * (lib/src/inference/information.ts). Checked against a parametric bootstrap in the tests.
 *
 * Parameterisation (natural scale, so the standard errors are those of the reported numbers):
 * weights w₁..w_{k−1} (w_k = 1 − Σ the others), the means, and the free covariance entries of the
 * type: full, each component's lower triangle; tied, one lower triangle; diag, k·d variances;
 * spherical, k variances. Labels are not identified, but the information at one labelling is.
 * @module
 */
import { DomainError, InvalidInputError, MlemError } from "../core/errors.js";
import { toDenseMatrix, type DenseMatrix, type MatrixLike } from "../core/validate.js";
import { covarianceFromInformation } from "../inference/information.js";
import { numericalHessian } from "../optim/derivatives.js";
import { GaussianMixture } from "./gaussian-mixture.js";
import type { CovarianceType } from "./options.js";

/** Result of {@link mixtureStandardErrors}. */
export interface MixtureStandardErrors {
  /** Names of the free parameters, e.g. "w[0]", "mu[1][0]", "Sigma[0][1][0]". */
  parameterNames: string[];
  /** The estimates, in the order of parameterNames. */
  estimates: number[];
  /** Their standard errors. */
  standardErrors: number[];
  /** Asymptotic covariance of the estimates (inverse observed information), p×p. */
  covariance: number[][];
  /** Standard errors of the k weights (the last one by the delta method from the others). */
  weights: number[];
  /** Standard errors of the means, k×d. */
  means: number[][];
  /** Standard errors of every covariance entry, k×d×d (symmetric; tied: k equal copies). */
  covariances: number[][][];
}

interface Layout {
  k: number;
  d: number;
  type: CovarianceType;
  /** For each free covariance parameter: [component or -1 for tied, row, column]. */
  covEntries: Array<[number, number, number]>;
}

function layoutOf(k: number, d: number, type: CovarianceType): Layout {
  const covEntries: Array<[number, number, number]> = [];
  if (type === "full") for (let c = 0; c < k; c++) for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) covEntries.push([c, a, b]);
  else if (type === "tied") for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) covEntries.push([-1, a, b]);
  else if (type === "diag") for (let c = 0; c < k; c++) for (let a = 0; a < d; a++) covEntries.push([c, a, a]);
  else for (let c = 0; c < k; c++) covEntries.push([c, -1, -1]);
  return { k, d, type, covEntries };
}

function pack(m: GaussianMixture, L: Layout): number[] {
  const theta: number[] = [];
  for (let c = 0; c < L.k - 1; c++) theta.push(m.weights[c]);
  for (let c = 0; c < L.k; c++) for (let a = 0; a < L.d; a++) theta.push(m.means[c][a]);
  for (const [c, a, b] of L.covEntries) {
    if (a < 0) theta.push(m.covariances[c][0][0]);
    else theta.push(m.covariances[Math.max(c, 0)][a][b]);
  }
  return theta;
}

function unpack(theta: Float64Array, L: Layout): GaussianMixture {
  const { k, d, type } = L;
  let p = 0;
  const weights: number[] = [];
  let last = 1;
  for (let c = 0; c < k - 1; c++) {
    weights.push(theta[p]);
    last -= theta[p++];
  }
  weights.push(last);
  const means: number[][] = [];
  for (let c = 0; c < k; c++) means.push(Array.from(theta.subarray(p, (p += d))));
  let covariances: number[] | number[][] | number[][][];
  if (type === "spherical") covariances = Array.from(theta.subarray(p, p + k));
  else if (type === "diag") covariances = Array.from({ length: k }, (_, c) => Array.from(theta.subarray(p + c * d, p + (c + 1) * d)));
  else {
    const mats = Array.from({ length: type === "tied" ? 1 : k }, () => Array.from({ length: d }, () => new Array<number>(d).fill(0)));
    for (const [c, a, b] of L.covEntries) {
      const v = theta[p++];
      mats[Math.max(c, 0)][a][b] = v;
      mats[Math.max(c, 0)][b][a] = v;
    }
    covariances = type === "tied" ? mats[0] : mats;
  }
  return GaussianMixture.fromParams({ weights, means, covariances, covarianceType: type });
}

/**
 * Standard errors of a fitted Gaussian mixture's weights, means and covariances, from the observed
 * information (numerical Hessian of the observed-data log-likelihood at the fitted parameters).
 * Meaningful at a maximum of the likelihood: fit with a tight `tol` first. Costs about 2p² passes
 * over the data for p free parameters (p = 11 for k = 2, d = 2, full).
 * @param model the fitted mixture (or any mixture at which to evaluate the information)
 * @param X the data it was fitted to, n rows of d numbers
 * @throws DomainError if the mixture sits on the boundary (a weight near 0 or 1, a singular
 *   covariance), where the information is not defined; NotPositiveDefiniteError if the information
 *   is singular (e.g. more components than the data support)
 * @example
 * const fit = fitGaussianMixture(X, { k: 2, seed: 1 });
 * const se = mixtureStandardErrors(fit, X);
 * se.means;   // [[0.03, 0.4], [0.03, 0.33]]: standard errors of each mean coordinate
 */
export function mixtureStandardErrors(model: GaussianMixture, X: MatrixLike): MixtureStandardErrors {
  const fn = "mixtureStandardErrors";
  if (!(model instanceof GaussianMixture)) throw new InvalidInputError(`${fn}: model must be a fitted GaussianMixture (from fitGaussianMixture).`);
  const dense: DenseMatrix = toDenseMatrix(X, fn, "X");
  if (dense.d !== model.d) throw new InvalidInputError(`${fn}: X has ${dense.d} columns but the model has dimension ${model.d}.`);
  const L = layoutOf(model.k, model.d, model.covarianceType);
  const theta0 = pack(model, L);
  for (const w of model.k > 1 ? model.weights : []) {
    if (!(w > 1e-8 && w < 1 - 1e-8)) {
      throw new DomainError(`${fn}: a mixing weight is ${w}, on the boundary of the simplex, where the observed information is not defined. Refit with fewer components.`);
    }
  }
  const logLik = (theta: Float64Array): number => {
    let m: GaussianMixture;
    try {
      m = unpack(theta, L);
    } catch (e) {
      if (e instanceof MlemError) {
        throw new DomainError(
          `${fn}: a small step away from the fitted parameters leaves the parameter space (${e.message}). ` +
            "The fit is on the boundary (a near-singular covariance or a vanishing weight); standard errors are not defined there.",
        );
      }
      throw e;
    }
    return m.logLikelihoodOf(dense);
  };
  const H = numericalHessian(logLik, theta0);
  const p = theta0.length;
  const info = new Float64Array(p * p);
  for (let i = 0; i < p * p; i++) info[i] = -H[i];
  const names: string[] = [];
  for (let c = 0; c < L.k - 1; c++) names.push(`w[${c}]`);
  for (let c = 0; c < L.k; c++) for (let a = 0; a < L.d; a++) names.push(`mu[${c}][${a}]`);
  for (const [c, a, b] of L.covEntries) names.push(a < 0 ? `sigma2[${c}]` : c < 0 ? `Sigma[${a}][${b}]` : `Sigma[${c}][${a}][${b}]`);
  const cov = covarianceFromInformation(info, names);
  const se = names.map((_, i) => Math.sqrt(cov[i * p + i]));
  // The last weight is 1 − Σ others: its variance is 1ᵀ C 1 over the weight block.
  let varLast = 0;
  for (let i = 0; i < L.k - 1; i++) for (let j = 0; j < L.k - 1; j++) varLast += cov[i * p + j];
  const weights = [...se.slice(0, L.k - 1), Math.sqrt(Math.max(varLast, 0))];
  let q = L.k - 1;
  const means = Array.from({ length: L.k }, () => Array.from({ length: L.d }, () => se[q++]));
  const covariances = Array.from({ length: L.k }, () => Array.from({ length: L.d }, () => new Array<number>(L.d).fill(0)));
  for (const [c, a, b] of L.covEntries) {
    const s = se[q++];
    const comps = c < 0 ? Array.from({ length: L.k }, (_, t) => t) : [c];
    for (const t of comps) {
      if (a < 0) for (let r = 0; r < L.d; r++) covariances[t][r][r] = s;
      else {
        covariances[t][a][b] = s;
        covariances[t][b][a] = s;
      }
    }
  }
  const covariance = Array.from({ length: p }, (_, i) => Array.from(cov.subarray(i * p, (i + 1) * p)));
  return { parameterNames: names, estimates: theta0, standardErrors: se, covariance, weights, means, covariances };
}
