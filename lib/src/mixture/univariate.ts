/**
 * The one-dimensional Gaussian mixture written out the way notebooks 03 and 04 teach it: the table
 * of log π_c N(x_i | μ_c, σ_c²), the E-step (responsibilities and ℓ), the score ∂ℓ/∂θ from the
 * responsibilities, and the evidence lower bound F(q, θ), for any number of components K.
 * Arrays over observations and components are row-major n × K (entry i·K + c).
 *
 * The parameter vector θ of {@link mixture1dScore}, {@link mixture1dToVector} and
 * {@link mixture1dFromVector} is (π₁, …, π_K, μ₁, …, μ_K, σ₁, …, σ_K), the order in which
 * `composeTransforms([simplexTransform(K), identityTransform(K), positiveTransform(K)])` maps free
 * parameters to natural ones.
 *
 * `fitGaussianMixture` (any dimension, four covariance structures, degeneracy handling) is the
 * production fit; these functions are for reading and for checking a hand-written step.
 * @module
 */
import { InvalidInputError, ShapeError } from "../core/errors.js";
import { logSumExp } from "../core/special.js";
import { toVector } from "../core/validate.js";
import { univariateMixture, type MixtureLike1d, type UnivariateMixture } from "../plot/mixture1d.js";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

type Mixture1d = { weights: number[]; means: number[]; sds: number[] };

/** The data and the mixture, checked, with errors that name the function the caller called. */
function prepare(x: ArrayLike<number>, mixture: MixtureLike1d, fn: string): { xs: Float64Array; m: Mixture1d } {
  const xs = toVector(x, fn, "x");
  try {
    return { xs, m: univariateMixture(mixture) };
  } catch (e) {
    if (e instanceof InvalidInputError) throw new InvalidInputError(e.message.replace(/^univariateMixture:/, `${fn}:`));
    throw e;
  }
}

function logJoint(xs: Float64Array, { weights, means, sds }: Mixture1d): Float64Array {
  const K = weights.length;
  const offset = weights.map((w, c) => Math.log(w) - Math.log(sds[c]) - LOG_SQRT_2PI);
  const out = new Float64Array(xs.length * K);
  for (let i = 0; i < xs.length; i++) {
    for (let c = 0; c < K; c++) {
      const z = (xs[i] - means[c]) / sds[c];
      out[i * K + c] = offset[c] - 0.5 * z * z;
    }
  }
  return out;
}

function eStep(xs: Float64Array, m: Mixture1d): Mixture1dEStep {
  const table = logJoint(xs, m);
  const K = m.weights.length;
  const responsibilities = new Float64Array(table.length);
  let logLikelihood = 0;
  for (let i = 0; i < xs.length; i++) {
    const logPx = logSumExp(table, i * K, (i + 1) * K);
    logLikelihood += logPx;
    for (let c = 0; c < K; c++) responsibilities[i * K + c] = Math.exp(table[i * K + c] - logPx);
  }
  return { responsibilities, logLikelihood };
}

/**
 * log p(x_i, z_i = c | θ) = log π_c + log N(x_i | μ_c, σ_c²) for every observation and component:
 * the n × K table (row-major) from which the E-step, ℓ and the ELBO are computed. A weight of 0
 * gives −∞ in its column.
 * @see notebooks/03-hidden-variables-and-the-marginal.ipynb (the n × K table behind the brute force and the factorised sum)
 * @see notebooks/04-em-derived.ipynb (the E-step of the hand-written mixture EM)
 * @example
 * const table = mixture1dLogJoint([0, 1, 5], { weights: [0.5, 0.5], means: [0, 5], sds: [1, 1] });
 * table.length; // → 6 — 3 observations × 2 components
 */
export function mixture1dLogJoint(x: ArrayLike<number>, mixture: MixtureLike1d): Float64Array {
  const { xs, m } = prepare(x, mixture, "mixture1dLogJoint");
  return logJoint(xs, m);
}

/** The result of {@link mixture1dEStep}. */
export interface Mixture1dEStep {
  /** γ_ic = P(z_i = c | x_i, θ), row-major n × K; each row sums to 1. */
  responsibilities: Float64Array;
  /** ℓ(θ) = Σ_i log Σ_c π_c N(x_i | μ_c, σ_c²). */
  logLikelihood: number;
}

/**
 * The E-step of a 1-D Gaussian mixture: the responsibilities γ_ic = π_c N(x_i | μ_c, σ_c²) /
 * Σ_j π_j N(x_i | μ_j, σ_j²), normalised on the log scale with log-sum-exp so that no density
 * underflows, and the log-likelihood ℓ(θ) that comes out of the same sums.
 * @see notebooks/03-hidden-variables-and-the-marginal.ipynb (responsibilities in the score equations)
 * @see notebooks/04-em-derived.ipynb (the E-step is the posterior of the labels)
 * @example
 * const { responsibilities, logLikelihood } = mixture1dEStep([0, 2.5, 5], { weights: [0.5, 0.5], means: [0, 5], sds: [1, 1] });
 * responsibilities[2 * 1 + 0]; // → 0.5 — the middle point is shared equally
 */
export function mixture1dEStep(x: ArrayLike<number>, mixture: MixtureLike1d): Mixture1dEStep {
  const { xs, m } = prepare(x, mixture, "mixture1dEStep");
  return eStep(xs, m);
}

/**
 * The observed-data log-likelihood ℓ(θ) = Σ_i log Σ_c π_c N(x_i | μ_c, σ_c²) of a 1-D Gaussian
 * mixture, computed in log space (a log of a sum per point, with log-sum-exp).
 * @see notebooks/03-hidden-variables-and-the-marginal.ipynb (the log of a sum)
 * @example
 * mixture1dLogLikelihood([0, 1, 5], { weights: [0.5, 0.5], means: [0, 5], sds: [1, 1] }); // → -5.336
 */
export function mixture1dLogLikelihood(x: ArrayLike<number>, mixture: MixtureLike1d): number {
  const { xs, m } = prepare(x, mixture, "mixture1dLogLikelihood");
  return eStep(xs, m).logLikelihood;
}

/**
 * The score ∂ℓ/∂θ of a 1-D Gaussian mixture at θ = (π₁…π_K, μ₁…μ_K, σ₁…σ_K), from the
 * responsibilities γ_ic (notebook 03, section 3):
 * ∂ℓ/∂π_c = Σ_i γ_ic / π_c, ∂ℓ/∂μ_c = Σ_i γ_ic (x_i − μ_c)/σ_c², ∂ℓ/∂σ_c = Σ_i γ_ic [(x_i − μ_c)²/σ_c³ − 1/σ_c].
 * The weights are treated as free (no sum-to-one constraint); a simplex transform's Jacobian
 * applies the constraint (the chain rule ∇_u ℓ = Jᵀ ∇_θ ℓ).
 * @returns a vector of length 3K in the order of θ
 * @see notebooks/03-hidden-variables-and-the-marginal.ipynb (checked against finite differences; direct gradient ascent)
 * @example
 * const g = mixture1dScore([0, 1, 5], { weights: [0.5, 0.5], means: [0, 5], sds: [1, 1] });
 * g.length; // → 6 — ∂ℓ/∂π₁, ∂ℓ/∂π₂, ∂ℓ/∂μ₁, ∂ℓ/∂μ₂, ∂ℓ/∂σ₁, ∂ℓ/∂σ₂
 */
export function mixture1dScore(x: ArrayLike<number>, mixture: MixtureLike1d): Float64Array {
  const { xs, m } = prepare(x, mixture, "mixture1dScore");
  const { weights, means, sds } = m;
  const K = weights.length;
  const gamma = eStep(xs, m).responsibilities;
  const s = new Float64Array(3 * K);
  for (let i = 0; i < xs.length; i++) {
    for (let c = 0; c < K; c++) {
      const r = gamma[i * K + c];
      const d = xs[i] - means[c];
      s[c] += r / weights[c];
      s[K + c] += (r * d) / (sds[c] * sds[c]);
      s[2 * K + c] += r * ((d * d) / (sds[c] * sds[c] * sds[c]) - 1 / sds[c]);
    }
  }
  return s;
}

/**
 * The evidence lower bound F(q, θ) = Σ_i Σ_c q_ic [log π_c N(x_i | μ_c, σ_c²) − log q_ic] for any
 * distribution q over the labels (row-major n × K, rows summing to 1). ℓ(θ) − F(q, θ) is the sum of
 * the KL divergences from each q_i to the posterior, so F ≤ ℓ with equality at q = the
 * responsibilities. Entries q_ic = 0 contribute 0 (the limit of q log q).
 * @see notebooks/04-em-derived.ipynb (the ELBO and the EM staircase)
 * @example
 * const x = [0, 1, 5], m = { weights: [0.5, 0.5], means: [0, 5], sds: [1, 1] };
 * mixture1dElbo(mixture1dEStep(x, m).responsibilities, x, m); // = mixture1dLogLikelihood(x, m)
 */
export function mixture1dElbo(q: ArrayLike<number>, x: ArrayLike<number>, mixture: MixtureLike1d): number {
  const fn = "mixture1dElbo";
  const { xs, m } = prepare(x, mixture, fn);
  const table = logJoint(xs, m);
  const K = m.weights.length;
  const n = xs.length;
  if (!q || q.length !== table.length) {
    throw new ShapeError(`${fn}: q must hold n × K = ${n} × ${K} = ${table.length} probabilities (row-major), got ${q ? q.length : q}.`);
  }
  let F = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let c = 0; c < K; c++) {
      const v = q[i * K + c];
      if (!(v >= 0 && v <= 1)) throw new InvalidInputError(`${fn}: q[${i * K + c}] = ${v}; q holds probabilities (0 to 1).`);
      rowSum += v;
      if (v > 0) F += v * (table[i * K + c] - Math.log(v));
    }
    if (Math.abs(rowSum - 1) > 1e-9) throw new InvalidInputError(`${fn}: row ${i} of q sums to ${rowSum}; each observation's label distribution must sum to 1.`);
  }
  return F;
}

/**
 * A 1-D mixture as the parameter vector θ = (π₁…π_K, μ₁…μ_K, σ₁…σ_K).
 * @example
 * mixture1dToVector({ weights: [0.4, 0.6], means: [-1, 2], sds: [1, 1] }); // → [0.4, 0.6, -1, 2, 1, 1]
 */
export function mixture1dToVector(mixture: MixtureLike1d): Float64Array {
  const { weights, means, sds } = prepare([0], mixture, "mixture1dToVector").m;
  return Float64Array.from([...weights, ...means, ...sds]);
}

/**
 * The 1-D mixture of a parameter vector θ = (π₁…π_K, μ₁…μ_K, σ₁…σ_K) (its length is 3K).
 * @example
 * mixture1dFromVector([0.4, 0.6, -1, 2, 1, 1]); // → { weights: [0.4, 0.6], means: [-1, 2], sds: [1, 1] }
 */
export function mixture1dFromVector(theta: ArrayLike<number>): UnivariateMixture & { weights: number[]; means: number[]; sds: number[] } {
  const fn = "mixture1dFromVector";
  if (!theta || typeof theta.length !== "number" || theta.length === 0 || theta.length % 3 !== 0) {
    throw new ShapeError(`${fn}: θ must have length 3K (K weights, K means, K standard deviations), got ${theta ? theta.length : theta}.`);
  }
  const K = theta.length / 3;
  const v = Array.from(theta);
  return { weights: v.slice(0, K), means: v.slice(K, 2 * K), sds: v.slice(2 * K) };
}
