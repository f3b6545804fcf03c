/**
 * The exact log evidence log p(X) of the Bayesian Gaussian mixture of
 * {@link fitBayesianGaussianMixture} (Dirichlet-distribution weights, full covariances), by summing
 * over every labelling of the observations: the number the ELBO of a variational fit is a lower
 * bound on, for data small enough to enumerate.
 *
 * **Model** (as fitBayesianGaussianMixture with `weightConcentrationPriorType: "dirichletDistribution"`,
 * `covarianceType: "full"`): π ~ Dirichlet(α₀, …, α₀) over k components; for each component
 * Λ_c ~ Wishart(Ψ₀⁻¹, ν₀) and μ_c | Λ_c ~ N(m₀, (β₀Λ_c)⁻¹); z_i ~ Categorical(π) and
 * x_i | z_i = c ~ N(μ_c, Λ_c⁻¹). Every prior is conjugate, so for a fixed labelling z the
 * parameters integrate out in closed form:
 *
 * p(X) = Σ_z p(z) Π_c p(X_c), with p(z) = Γ(kα₀) / Γ(kα₀ + n) · Π_c Γ(α₀ + n_c) / Γ(α₀) (the Dirichlet–
 * multinomial) and p(X_c) the Normal–Wishart marginal of the n_c points labelled c,
 * p(X_c) = π^(−n_c d/2) · Γ_d(ν_n/2) / Γ_d(ν₀/2) · |Ψ₀|^(ν₀/2) / |Ψ_n|^(ν_n/2) · (β₀/β_n)^(d/2),
 * β_n = β₀ + n_c, ν_n = ν₀ + n_c, Ψ_n = Ψ₀ + Σ (x − x̄)(x − x̄)ᵀ + (β₀ n_c/β_n)(x̄ − m₀)(x̄ − m₀)ᵀ
 * (Murphy 2007, "Conjugate Bayesian analysis of the Gaussian distribution", §8; p(∅) = 1).
 *
 * The sum has k^n terms (the components are labelled, so each partition of the data appears k!
 * times when every component is used), accumulated on the log scale. The enumeration is an odometer
 * over the labels with each component's sums updated as one label changes, centred at m₀.
 * `scripts/reference/bayesian_mixture_evidence.py` computes the same numbers another way (the chain
 * rule of Student-t predictive densities, scipy) for `lib/test/mixture/evidence.test.ts`.
 * @module
 */
import { DomainError, InvalidInputError, NotPositiveDefiniteError, ShapeError } from "../core/errors.js";
import { choleskyLower, logDetFromCholesky } from "../core/linalg.js";
import { lgamma } from "../core/special.js";
import { assertNumber, checkOptions, toDenseMatrix, toVector, type MatrixLike } from "../core/validate.js";
import type { WeightConcentrationPriorType } from "./bayesian.js";

/**
 * The largest number of labellings k^n that {@link bayesianMixtureLogEvidence} enumerates (2²⁴ ≈ 1.7·10⁷).
 * @example
 * import { MAX_LABELLINGS } from "mlem";
 * Math.floor(Math.log(MAX_LABELLINGS) / Math.log(2)); // → 24 — up to 24 observations for k = 2
 */
export const MAX_LABELLINGS = 2 ** 24;

/**
 * Options of {@link bayesianMixtureLogEvidence}: the number of components and the priors, named
 * and defaulted as in {@link fitBayesianGaussianMixture} (so a fit's `priors` can be spread in).
 * @example
 * import type { BayesianMixtureEvidenceOptions } from "mlem";
 * const opts: BayesianMixtureEvidenceOptions = { k: 2, weightConcentrationPrior: 0.5 };
 */
export interface BayesianMixtureEvidenceOptions {
  /** Number of components k (integer ≥ 1). */
  k: number;
  /** Only "dirichletDistribution" (the default): the truncated Dirichlet process of fitBayesianGaussianMixture is not a normalised prior over k labels. */
  weightConcentrationPriorType?: WeightConcentrationPriorType;
  /** α₀ > 0 (default 1/k). */
  weightConcentrationPrior?: number;
  /** β₀ > 0 (default 1). */
  meanPrecisionPrior?: number;
  /** m₀, length d (default the data mean). */
  meanPrior?: ArrayLike<number>;
  /** ν₀ > d − 1 (default d). */
  degreesOfFreedomPrior?: number;
  /** Ψ₀, a d×d symmetric positive-definite matrix (default the sample covariance of X, n − 1 divisor). */
  covariancePrior?: ArrayLike<ArrayLike<number>>;
}

const OPTIONS = ["k", "weightConcentrationPriorType", "weightConcentrationPrior", "meanPrecisionPrior", "meanPrior", "degreesOfFreedomPrior", "covariancePrior"] as const;

/** log Γ_d(a) without its π^(d(d−1)/4), which cancels in the ratios used here. */
function logMvGammaCore(a: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += lgamma(a - j / 2);
  return s;
}

/**
 * The exact log evidence log p(X) of a Bayesian Gaussian mixture with k components,
 * Dirichlet(α₀) weights and Normal–Wishart components (full covariances), summed over all k^n
 * labellings: see the module documentation for the formula. With k = 1 it is the Normal–Wishart
 * marginal likelihood; for k ≥ 2 it is what the ELBO of `fitBayesianGaussianMixture(X, { k,
 * weightConcentrationPriorType: "dirichletDistribution", regCovar: 0 })` bounds from below, so the
 * difference is the KL divergence of the variational distribution from the exact posterior.
 * @param X data, n rows × d columns, with k^n ≤ {@link MAX_LABELLINGS}
 * @param options `k` and the priors (defaults as fitBayesianGaussianMixture; pass a fit's `priors`)
 * @throws ShapeError when k^n labellings are too many to enumerate; DomainError for a Dirichlet-process
 *   prior or invalid priors; NotPositiveDefiniteError for a covariance prior that is not positive-definite
 * @see notebooks/12-variational-em.ipynb (the gap between the ELBO and log p(X))
 * @example
 * import { readCsv, bayesianMixtureLogEvidence, fitBayesianGaussianMixture } from "mlem";
 * const x = readCsv("data/faithful.csv").numbers("waiting").slice(0, 12).map((v) => [v]);
 * const exact = bayesianMixtureLogEvidence(x, { k: 2 });
 * const vb = fitBayesianGaussianMixture(x, { k: 2, weightConcentrationPriorType: "dirichletDistribution", regCovar: 0 });
 * exact - vb.elbo; // > 0: what the mean-field q loses
 */
export function bayesianMixtureLogEvidence(X: MatrixLike, options: BayesianMixtureEvidenceOptions): number {
  const fn = "bayesianMixtureLogEvidence";
  if (options === null || typeof options !== "object") throw new InvalidInputError(`${fn}: pass options with at least { k }: the number of components.`);
  checkOptions(options, OPTIONS, fn);
  const { data, n, d } = toDenseMatrix(X, fn, "X");
  if (options.k === undefined) throw new InvalidInputError(`${fn}: option k (the number of components) is required.`);
  assertNumber(options.k, fn, "k", { ge: 1, integer: true });
  const k = options.k;
  const priorType = options.weightConcentrationPriorType ?? "dirichletDistribution";
  if (priorType !== "dirichletDistribution") {
    throw new DomainError(
      `${fn}: weightConcentrationPriorType is '${String(priorType)}'; only "dirichletDistribution" has an exact evidence here (the truncated Dirichlet process puts mass beyond the k sticks). Fit with weightConcentrationPriorType: "dirichletDistribution" to compare.`,
    );
  }
  if (n * Math.log(k) > Math.log(MAX_LABELLINGS) + 1e-9) {
    throw new ShapeError(`${fn}: k^n = ${k}^${n} labellings are too many to enumerate (the limit is 2^24); use fewer observations (n ≤ ${Math.floor(Math.log(MAX_LABELLINGS) / Math.log(k))} for k = ${k}).`);
  }
  const alpha0 = options.weightConcentrationPrior ?? 1 / k;
  assertNumber(alpha0, fn, "weightConcentrationPrior", { gt: 0 });
  const beta0 = options.meanPrecisionPrior ?? 1;
  assertNumber(beta0, fn, "meanPrecisionPrior", { gt: 0 });
  const nu0 = options.degreesOfFreedomPrior ?? d;
  assertNumber(nu0, fn, "degreesOfFreedomPrior");
  if (!(nu0 > d - 1)) throw new DomainError(`${fn}: degreesOfFreedomPrior must be > d − 1 = ${d - 1} (a Wishart needs it), got ${nu0}.`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) mean[a] += data[i * d + a] / n;
  let m0: Float64Array = mean;
  if (options.meanPrior !== undefined) {
    m0 = toVector(options.meanPrior, fn, "meanPrior");
    if (m0.length !== d) throw new ShapeError(`${fn}: meanPrior has length ${m0.length} but X has ${d} columns.`);
  }
  const psi0 = new Float64Array(d * d);
  if (options.covariancePrior === undefined) {
    if (n < 2) throw new ShapeError(`${fn}: the default covariancePrior is the sample covariance, which needs n ≥ 2 rows; pass covariancePrior.`);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) psi0[a * d + b] += ((data[i * d + a] - mean[a]) * (data[i * d + b] - mean[b])) / (n - 1);
    }
  } else {
    const P = options.covariancePrior;
    if (!P || P.length !== d) throw new ShapeError(`${fn}: covariancePrior must be a ${d}×${d} matrix.`);
    for (let a = 0; a < d; a++) {
      const row = toVector(P[a], fn, `covariancePrior[${a}]`);
      if (row.length !== d) throw new ShapeError(`${fn}: covariancePrior[${a}] must have ${d} entries.`);
      psi0.set(row, a * d);
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < a; b++) {
        if (Math.abs(psi0[a * d + b] - psi0[b * d + a]) > 1e-10 * Math.sqrt(Math.abs(psi0[a * d + a] * psi0[b * d + b]))) {
          throw new DomainError(`${fn}: covariancePrior is not symmetric: [${a}][${b}] = ${psi0[a * d + b]} but [${b}][${a}] = ${psi0[b * d + a]}.`);
        }
      }
    }
  }
  const L = new Float64Array(d * d);
  if (!choleskyLower(psi0, d, L)) {
    throw new NotPositiveDefiniteError(
      options.covariancePrior === undefined
        ? `${fn}: the sample covariance of X (the default covariancePrior) is not positive-definite: a column is constant or the columns are linearly dependent. Pass covariancePrior.`
        : `${fn}: covariancePrior is not positive-definite (Cholesky failed).`,
    );
  }
  const logDetPsi0 = logDetFromCholesky(L, d);

  // Centred data y = x − m₀; per component: count, Σy, Σyyᵀ.
  const y = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) y[i * d + a] = data[i * d + a] - m0[a];
  const cnt = new Int32Array(k);
  const s1 = new Float64Array(k * d);
  const s2 = new Float64Array(k * d * d);
  const dirty = new Uint8Array(k).fill(1);
  const move = (i: number, c: number, sign: number) => {
    dirty[c] = 1;
    cnt[c] += sign;
    for (let a = 0; a < d; a++) {
      const ya = y[i * d + a];
      s1[c * d + a] += sign * ya;
      for (let b = 0; b < d; b++) s2[c * d * d + a * d + b] += sign * ya * y[i * d + b];
    }
  };
  // Everything in log p(X_c) that depends on the count m = n_c only, for m = 0..n.
  const mvg0 = logMvGammaCore(nu0 / 2, d);
  const byCount = new Float64Array(n + 1);
  for (let m = 1; m <= n; m++) {
    byCount[m] =
      -0.5 * m * d * Math.log(Math.PI) + logMvGammaCore((nu0 + m) / 2, d) - mvg0 + 0.5 * nu0 * logDetPsi0 + 0.5 * d * Math.log(beta0 / (beta0 + m)) + lgamma(alpha0 + m) - lgamma(alpha0);
  }
  const psiN = new Float64Array(d * d);
  const LN = new Float64Array(d * d);
  /** log p(X_c) of component c's current points (Normal–Wishart marginal), times its Dirichlet–multinomial factor Γ(α₀ + n_c)/Γ(α₀). */
  const logComponent = (c: number): number => {
    const m = cnt[c];
    if (m === 0) return 0;
    const betaN = beta0 + m;
    // Ψ_n = Ψ₀ + S2 − S1 S1ᵀ/β_n (centred at m₀: the scatter and the prior-mean term combined).
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) psiN[a * d + b] = psi0[a * d + b] + s2[c * d * d + a * d + b] - (s1[c * d + a] * s1[c * d + b]) / betaN;
    }
    if (!choleskyLower(psiN, d, LN)) throw new NotPositiveDefiniteError(`${fn}: Ψ_n lost positive-definiteness in rounding; the data are far from unit scale: standardise the columns.`);
    return byCount[m] - 0.5 * (nu0 + m) * logDetFromCholesky(LN, d);
  };
  const logPrefix = lgamma(k * alpha0) - lgamma(k * alpha0 + n);

  // Odometer over labellings z ∈ {0..k−1}^n, starting with every label 0; a component's term is
  // recomputed only when one of its points moved.
  const z = new Int32Array(n);
  for (let i = 0; i < n; i++) move(i, 0, 1);
  const terms = new Float64Array(k);
  let max = -Infinity;
  let sum = 0;
  for (;;) {
    let lp = logPrefix;
    for (let c = 0; c < k; c++) {
      if (dirty[c]) {
        terms[c] = logComponent(c);
        dirty[c] = 0;
      }
      lp += terms[c];
    }
    // Streaming log-sum-exp: sum = Σ exp(term − max).
    if (lp > max) {
      sum = sum * Math.exp(max - lp) + 1;
      max = lp;
    } else sum += Math.exp(lp - max);
    let i = 0;
    while (i < n && z[i] === k - 1) {
      move(i, k - 1, -1);
      move(i, 0, 1);
      z[i] = 0;
      i++;
    }
    if (i === n) break;
    move(i, z[i], -1);
    z[i]++;
    move(i, z[i], 1);
  }
  return max + Math.log(sum);
}
