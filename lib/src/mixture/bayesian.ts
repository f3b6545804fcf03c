/**
 * Variational Bayesian Gaussian mixtures ({@link fitBayesianGaussianMixture}): the model, updates,
 * defaults and conventions of scikit-learn's `BayesianGaussianMixture`, on the generic EM engine,
 * with the E-step and moment kernels of {@link fitGaussianMixture}.
 *
 * **Model** (Bishop 2006, §10.2; Blei & Jordan 2006 for the Dirichlet process). Weights π: a
 * Dirichlet(α₀, …, α₀) distribution, or a Dirichlet process truncated at k sticks, v_c ~ Beta(1, γ₀),
 * π_c = v_c Π_{j<c} (1 − v_j). Each component: precision Λ_c ~ Wishart(W₀ = Ψ₀⁻¹, ν₀), mean
 * μ_c | Λ_c ~ N(m₀, (β₀Λ_c)⁻¹). Observations x_i | z_i = c ~ N(μ_c, Λ_c⁻¹).
 *
 * **Variational EM.** q(z) q(π) Π_c q(μ_c, Λ_c) (mean field). E-step: responsibilities
 * r_ic ∝ exp(ρ_ic), ρ_ic = E[log π_c] + ½E[log|Λ_c|] − (d/2) log 2π − ½(d/β_c + ν_c (x_i − m_c)ᵀW_c(x_i − m_c)),
 * computed by the Gaussian-mixture E-step kernel with covariances C_c = (ν_c W_c)⁻¹ = E[Λ_c]⁻¹ and
 * pseudo-weights; M-step: with N_c, x̄_c, S_c the responsibility-weighted counts, means and covariances
 * (+ regCovar on the diagonal), α_c = α₀ + N_c (or a_c = 1 + N_c, b_c = γ₀ + Σ_{j>c} N_j),
 * β_c = β₀ + N_c, m_c = (β₀m₀ + N_c x̄_c)/β_c, ν_c = ν₀ + N_c,
 * W_c⁻¹ = Ψ₀ + N_c S_c + (β₀N_c/β_c)(x̄_c − m₀)(x̄_c − m₀)ᵀ. The diag, spherical and tied types restrict
 * q(Λ_c) to a Wishart with a diagonal, scalar or shared scale matrix (and Ψ₀ accordingly); the
 * updates above then use the diagonal of W⁻¹, its mean, or the average over components with
 * ν = ν₀ + n/k, as scikit-learn does.
 *
 * **Objective.** The engine tracks the ELBO L(q) = E_q[log p(X, z, π, μ, Λ)] − E_q[log q] at each
 * iterate, with q(z) from the E-step: Σ_i log Σ_c exp(ρ_ic) − KL(q(π) ‖ p(π)) − Σ_c KL(q(μ_c, Λ_c) ‖ p(μ_c, Λ_c)),
 * with every constant, so that it is a lower bound on log p(X). Results say `objective: "elbo"`.
 * scikit-learn's `lower_bound_` is the same bound after the M-step with the constants dropped: with
 * regCovar = 0, at convergence, elbo = lower_bound_ − (n d/2) log 2π + k (d/2) log β₀ + k log B(W₀, ν₀)
 * + k d(d−1)/4 · log π + (k log γ₀ for the Dirichlet process | log Γ(kα₀) − k log Γ(α₀) for the
 * Dirichlet distribution), where log B(W, ν) = −(ν/2) log|W| − (νd/2) log 2 − (d(d−1)/4) log π
 * − Σ_{i<d} log Γ((ν − i)/2) is the log normaliser of the Wishart. (regCovar > 0 adds a term of
 * order regCovar: the M-step then is not the exact maximiser.)
 *
 * **As scikit-learn:** defaults weightConcentrationPriorType "dirichletProcess", γ₀ = α₀ = 1/k,
 * β₀ = 1, m₀ = the data mean, ν₀ = d, Ψ₀ = the sample covariance (n − 1 divisor; for diag its
 * diagonal, for spherical the mean variance), regCovar = 1e-6, init k-means; N_c gets + 10·2⁻⁵² (so
 * an empty component keeps its prior), `weights` are E[π] (renormalised over the k sticks),
 * `covariances` are C_c = E[Λ_c]⁻¹, predictProba uses ρ.
 * **Differences:** `tol` is on the change of the ELBO per observation (scikit-learn: of its
 * lower_bound_, total), default 1e-10 (1e-3), `maxIter` 1000 (100); the ELBO is tracked at every
 * E-step with its constants; the k-means initialisation is mlem's (k-means++ and Lloyd, seeded), so
 * it does not reproduce scikit-learn's random starts; `init: { responsibilities }` starts from given
 * responsibilities (scikit-learn: only via subclassing).
 * @module
 */
import { DomainError, InvalidInputError, NotPositiveDefiniteError, ShapeError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { digamma, lgamma, logSumExp } from "../core/special.js";
import { assertNumber, checkOptions, toDenseMatrix, toVector, type MatrixLike } from "../core/validate.js";
import { int, nonNegative, oneOf, option, parseOptions, positive, type AssertSameType, type OptionsOf } from "../core/options.js";
import type { EMModel, EMRate, EMResult, EMStopReason } from "../em/engine.js";
import { emFitFields, type EMFit, type EMHistory } from "../em/fit.js";
import { EM_FIT_OPTIONS, runRestarts, stoppingOf, type EMFitOptions, type EMRestart } from "../em/restarts.js";
import type { MixtureParamsSnapshot } from "./fit.js";
import { GaussianMixture, labelsFrom } from "./gaussian-mixture.js";
import { kmeansPlusPlus, lloyd } from "./init.js";
import { accumulateRow, type GmmStats } from "./kernel-primitives.js";
import { allocStats, eStepKernel, s2Length } from "./kernels.js";
import { scoreKernel } from "./score.js";
import { COVARIANCE_TYPES, factorOne, paramsToUser, type CovarianceType, type GmmParams } from "./options.js";

const LOG_2PI = Math.log(2 * Math.PI);
const LOG_PI = Math.log(Math.PI);
const NK_EPS = 10 * Number.EPSILON;

/** The prior on the mixture weights: a (truncated) Dirichlet process (stick-breaking) or a Dirichlet distribution. */
export type WeightConcentrationPriorType = "dirichletProcess" | "dirichletDistribution";

/**
 * Options of {@link fitBayesianGaussianMixture}. Priors default as in scikit-learn.
 * @example
 * import type { BayesianGaussianMixtureOptions } from "mlem";
 * const opts: BayesianGaussianMixtureOptions = { k: 6, covarianceType: "full", weightConcentrationPrior: 0.01, seed: 1 };
 */
export interface BayesianGaussianMixtureOptions extends EMFitOptions {
  /** Number of components k (an upper bound: the fit switches off the ones it does not need). */
  k: number;
  /** Covariance structure (default "full"). */
  covarianceType?: CovarianceType;
  /** Default "dirichletProcess". */
  weightConcentrationPriorType?: WeightConcentrationPriorType;
  /** γ₀ of the Dirichlet process or α₀ of the Dirichlet distribution, > 0 (default 1/k); small values favour few components. */
  weightConcentrationPrior?: number;
  /** β₀, the prior precision of the means relative to Λ, > 0 (default 1). */
  meanPrecisionPrior?: number;
  /** m₀, the prior mean, length d (default the data mean). */
  meanPrior?: ArrayLike<number>;
  /** ν₀ > d − 1, the Wishart degrees of freedom (default d). */
  degreesOfFreedomPrior?: number;
  /**
   * Ψ₀ = W₀⁻¹, the prior covariance: a d×d symmetric positive-definite matrix (full, tied), d
   * variances (diag) or one variance (spherical). Default the sample covariance of X (n − 1), its
   * diagonal, or its mean variance.
   */
  covariancePrior?: number | ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** "kmeans++" (default: k-means++ and Lloyd's k-means, hard labels as responsibilities) or given n×k responsibilities. */
  init?: "kmeans++" | { responsibilities: ArrayLike<ArrayLike<number>> };
  /** Number of k-means++ starts; the run with the highest ELBO is kept (default 1; 1 with given responsibilities). */
  nInit?: number;
  /** Seed (or Rng) of the k-means++ starts (default 0). */
  seed?: number | Rng;
  /** The stopping rule of runEM on the ELBO per observation (default 1e-10). 0 runs until the ELBO stops changing or maxIter. */
  tol?: number;
  /** Added to the diagonal of each component's data covariance S_c in the M-step (default 1e-6, as scikit-learn). */
  regCovar?: number;
}

/**
 * The variational distribution of the weights.
 * @example
 * import { readCsv, fitBayesianGaussianMixture } from "mlem";
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitBayesianGaussianMixture(X, { k: 6, weightConcentrationPrior: 0.01, seed: 1 });
 * const q = fit.weightConcentration;
 * q.type; // → "dirichletProcess"
 * q.type === "dirichletProcess" && q.a; // → [1.1, 1.1, 1.1, 175.5, 1.1, 98.1] — 1 + N_c, the expected counts
 */
export type WeightConcentration =
  | { type: "dirichletProcess"; /** First Beta parameters of the sticks, 1 + N_c. */ a: number[]; /** Second Beta parameters, γ₀ + Σ_{j>c} N_j. */ b: number[] }
  | { type: "dirichletDistribution"; /** Dirichlet parameters α₀ + N_c. */ alpha: number[] };

/**
 * The priors a fit used (defaults filled in).
 * @example
 * import { readCsv, fitBayesianGaussianMixture } from "mlem";
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitBayesianGaussianMixture(X, { k: 6, weightConcentrationPrior: 0.01, seed: 1 });
 * fit.priors.degreesOfFreedomPrior; // → 2 — d, the default
 */
export interface BayesianMixturePriors {
  weightConcentrationPriorType: WeightConcentrationPriorType;
  /** γ₀ or α₀. */
  weightConcentrationPrior: number;
  /** β₀. */
  meanPrecisionPrior: number;
  /** m₀, length d. */
  meanPrior: number[];
  /** ν₀. */
  degreesOfFreedomPrior: number;
  /** Ψ₀ as a full d×d matrix (diagonal for diag and spherical). */
  covariancePrior: number[][];
}

/** Variational parameters in compact form. @internal */
export interface VbParams {
  /** Dirichlet: α (k); Dirichlet process: a (k) then b (k). */
  conc: Float64Array;
  beta: Float64Array;
  means: Float64Array;
  nu: Float64Array;
  /** C_c = (ν_c W_c)⁻¹ in the compact covariance layout of the type, with its factors. */
  cov: Float64Array;
  invChol: Float64Array;
  logDet: Float64Array;
}

/** The data, the type and the resolved priors of a fit. @internal */
export interface VbSetting {
  X: Float64Array;
  n: number;
  d: number;
  k: number;
  type: CovarianceType;
  dp: boolean;
  conc0: number;
  beta0: number;
  m0: Float64Array;
  nu0: number;
  /** Ψ₀ in the compact layout of ONE component (full/tied d·d, diag d, spherical 1). */
  psi0: Float64Array;
  logDetPsi0: number;
  regCovar: number;
}

const OPTIONS = {
  k: int({ min: 1, required: true, doc: "the (largest) number of components", belowMin: "a mixture needs at least one component (k ≥ 1)" }),
  covarianceType: oneOf(COVARIANCE_TYPES as readonly CovarianceType[], { default: "full" }),
  weightConcentrationPriorType: oneOf(["dirichletProcess", "dirichletDistribution"] as const, { default: "dirichletProcess" }),
  weightConcentrationPrior: positive(),
  meanPrecisionPrior: positive(),
  meanPrior: option<ArrayLike<number>, unknown>((v) => v), // checked against d in resolvePriors
  degreesOfFreedomPrior: option<number, unknown>((v) => v), // > d − 1: checked in resolvePriors
  covariancePrior: option<number | ArrayLike<number> | ArrayLike<ArrayLike<number>>, unknown>((v) => v), // shape checked in resolvePriors
  init: option<"kmeans++" | { responsibilities: ArrayLike<ArrayLike<number>> }, unknown, { default: "kmeans++" }>((v) => v, { default: "kmeans++" }),
  regCovar: nonNegative({ default: 1e-6 }),
  ...EM_FIT_OPTIONS,
};
const optionsAgree: AssertSameType<OptionsOf<typeof OPTIONS>, BayesianGaussianMixtureOptions> = true;
void optionsAgree;

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/** Σ_{i<d} ψ((ν − i)/2) and Σ_{i<d} log Γ((ν − i)/2). */
function wishartSums(nu: number, d: number): { psi: number; lgam: number } {
  let psi = 0;
  let lgam = 0;
  for (let i = 0; i < d; i++) {
    psi += digamma(0.5 * (nu - i));
    lgam += lgamma(0.5 * (nu - i));
  }
  return { psi, lgam };
}

/** log B(W, ν), the log normaliser of the Wishart, from log|W|. */
function logWishartNorm(logDetW: number, nu: number, d: number, lgam: number): number {
  return -0.5 * nu * logDetW - 0.5 * nu * d * Math.LN2 - 0.25 * d * (d - 1) * LOG_PI - lgam;
}

/** E[log π_c] for every component into out. */
function expectedLogWeights(s: VbSetting, conc: Float64Array, out: Float64Array): void {
  const k = s.k;
  if (s.dp) {
    let stick = 0; // Σ_{j<c} E[log(1 − v_j)]
    for (let c = 0; c < k; c++) {
      const a = conc[c];
      const b = conc[k + c];
      const ds = digamma(a + b);
      out[c] = digamma(a) - ds + stick;
      stick += digamma(b) - ds;
    }
  } else {
    let total = 0;
    for (let c = 0; c < k; c++) total += conc[c];
    const dt = digamma(total);
    for (let c = 0; c < k; c++) out[c] = digamma(conc[c]) - dt;
  }
}

/** The pseudo-parameters of the E-step kernel: log weights ρ-constants normalised, and log Σ of them. */
function kernelParams(s: VbSetting, p: VbParams, lw: Float64Array): { gp: GmmParams; logZ: number } {
  const { k, d } = s;
  expectedLogWeights(s, p.conc, lw);
  for (let c = 0; c < k; c++) {
    const { psi } = wishartSums(p.nu[c], d);
    // ρ = log N(x; m, C) + [E log π + ½ Σψ((ν − i)/2) + (d/2) log 2 − (d/2) log ν − d/(2β)]
    lw[c] += 0.5 * psi + 0.5 * d * Math.LN2 - 0.5 * d * Math.log(p.nu[c]) - (0.5 * d) / p.beta[c];
  }
  const logZ = logSumExp(lw, 0, k);
  const weights = new Float64Array(k);
  for (let c = 0; c < k; c++) weights[c] = Math.exp(lw[c] - logZ);
  return { gp: { weights, means: p.means, cov: p.cov, invChol: p.invChol, logDet: p.logDet }, logZ };
}

/** (m − m₀)ᵀ C_c⁻¹ (m − m₀) = ‖L_c⁻¹(m − m₀)‖² and tr(Ψ₀ C_c⁻¹) for component c. */
function priorQuadratics(s: VbSetting, p: VbParams, c: number): { q: number; tr: number } {
  const { d, type, m0, psi0 } = s;
  const W = p.invChol;
  let q = 0;
  let tr = 0;
  if (type === "full" || type === "tied") {
    const o = type === "tied" ? 0 : c * d * d;
    for (let a = 0; a < d; a++) {
      let z = 0;
      for (let b = 0; b <= a; b++) z += W[o + a * d + b] * (p.means[c * d + b] - m0[b]);
      q += z * z;
      // (W Ψ₀ Wᵀ)_aa = Σ_ij W_ai Ψ₀_ij W_aj
      for (let i = 0; i <= a; i++) {
        const wi = W[o + a * d + i];
        for (let j = 0; j <= a; j++) tr += wi * psi0[i * d + j] * W[o + a * d + j];
      }
    }
  } else if (type === "diag") {
    for (let a = 0; a < d; a++) {
      const w = W[c * d + a];
      const z = w * (p.means[c * d + a] - m0[a]);
      q += z * z;
      tr += psi0[a] * w * w;
    }
  } else {
    const w = W[c];
    for (let a = 0; a < d; a++) {
      const z = w * (p.means[c * d + a] - m0[a]);
      q += z * z;
    }
    tr = d * psi0[0] * w * w;
  }
  return { q, tr };
}

/** KL(q(π) ‖ p(π)) + Σ_c KL(q(μ_c, Λ_c) ‖ p(μ_c, Λ_c)). */
function klTerms(s: VbSetting, p: VbParams): number {
  const { k, d, beta0, nu0, conc0 } = s;
  let kl = 0;
  if (s.dp) {
    for (let c = 0; c < k; c++) {
      const a = p.conc[c];
      const b = p.conc[k + c];
      // KL(Beta(a, b) ‖ Beta(1, γ₀)), log B(1, γ₀) = −log γ₀
      kl += -Math.log(conc0) - (lgamma(a) + lgamma(b) - lgamma(a + b)) + (a - 1) * digamma(a) + (b - conc0) * digamma(b) - (a + b - 1 - conc0) * digamma(a + b);
    }
  } else {
    let total = 0;
    for (let c = 0; c < k; c++) total += p.conc[c];
    const dt = digamma(total);
    kl += lgamma(total) - lgamma(k * conc0) + k * lgamma(conc0);
    for (let c = 0; c < k; c++) kl += -lgamma(p.conc[c]) + (p.conc[c] - conc0) * (digamma(p.conc[c]) - dt);
  }
  const prior = wishartSums(nu0, d);
  const logB0 = logWishartNorm(-s.logDetPsi0, nu0, d, prior.lgam);
  for (let c = 0; c < k; c++) {
    const nu = p.nu[c];
    const beta = p.beta[c];
    const { psi, lgam } = wishartSums(nu, d);
    const logDetW = -p.logDet[c] - d * Math.log(nu);
    const eLogDet = psi + d * Math.LN2 + logDetW;
    const { q, tr } = priorQuadratics(s, p, c);
    kl += 0.5 * ((d * beta0) / beta + beta0 * q - d + d * Math.log(beta / beta0));
    kl += logWishartNorm(logDetW, nu, d, lgam) - logB0 + 0.5 * (nu - nu0) * eLogDet - 0.5 * nu * d + 0.5 * tr;
  }
  return kl;
}

/** The M-step from the moments of an E-step (about s.shift): the variational parameters. */
function mStep(s: VbSetting, st: GmmStats, fn: string): VbParams {
  const { k, d, type, beta0, m0, nu0, psi0, regCovar, conc0 } = s;
  const nk = new Float64Array(k);
  const xbar = new Float64Array(k * d);
  let total = 0;
  for (let c = 0; c < k; c++) {
    const N = st.nk[c];
    nk[c] = N + NK_EPS;
    total += nk[c];
    for (let a = 0; a < d; a++) xbar[c * d + a] = (N * st.shift[c * d + a] + st.s1[c * d + a]) / nk[c];
  }
  // S_c = Σ r (x − x̄)(x − x̄)ᵀ / N_c + regCovar·I, from the moments about the shift: with e = shift − x̄,
  // Σ r (x − x̄)(x − x̄)ᵀ = S2 + S1 eᵀ + e S1ᵀ + N e eᵀ.
  const sLen = type === "tied" ? d * d : s2Length(type, d, k);
  const S = new Float64Array(sLen);
  const e = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    const N = st.nk[c];
    for (let a = 0; a < d; a++) e[a] = st.shift[c * d + a] - xbar[c * d + a];
    if (type === "full" || type === "tied") {
      const o = type === "tied" ? 0 : c * d * d;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b <= a; b++) {
          const s2 = type === "tied" ? 0 : st.s2[o + a * d + b];
          const v = s2 + st.s1[c * d + a] * e[b] + e[a] * st.s1[c * d + b] + N * e[a] * e[b];
          if (type === "tied") S[a * d + b] += v;
          else S[o + a * d + b] = v / nk[c];
        }
      }
    } else if (type === "diag") {
      for (let a = 0; a < d; a++) S[c * d + a] = (st.s2[c * d + a] + 2 * st.s1[c * d + a] * e[a] + N * e[a] * e[a]) / nk[c] + regCovar;
    } else {
      let v = st.s2[c];
      for (let a = 0; a < d; a++) v += 2 * st.s1[c * d + a] * e[a] + N * e[a] * e[a];
      S[c] = v / nk[c] / d + regCovar;
    }
  }
  if (type === "tied") {
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) S[a * d + b] = (S[a * d + b] + st.s2[a * d + b]) / total;
    for (let a = 0; a < d; a++) S[a * d + a] += regCovar;
  }
  if (type === "full") for (let c = 0; c < k; c++) for (let a = 0; a < d; a++) S[c * d * d + a * d + a] += regCovar;
  // Weights.
  const conc = new Float64Array(s.dp ? 2 * k : k);
  if (s.dp) {
    let tail = 0;
    for (let c = k - 1; c >= 0; c--) {
      conc[c] = 1 + nk[c];
      conc[k + c] = conc0 + tail;
      tail += nk[c];
    }
  } else for (let c = 0; c < k; c++) conc[c] = conc0 + nk[c];
  // Means.
  const beta = new Float64Array(k);
  const means = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    beta[c] = beta0 + nk[c];
    for (let a = 0; a < d; a++) means[c * d + a] = (beta0 * m0[a] + nk[c] * xbar[c * d + a]) / beta[c];
  }
  // Precisions: C = W⁻¹/ν.
  const nu = new Float64Array(k);
  const cov = new Float64Array(type === "tied" ? d * d : s2Length(type, d, k));
  if (type === "full") {
    for (let c = 0; c < k; c++) {
      nu[c] = nu0 + nk[c];
      const o = c * d * d;
      const f = (nk[c] * beta0) / beta[c];
      for (let a = 0; a < d; a++) {
        for (let b = 0; b <= a; b++) {
          const v = (psi0[a * d + b] + nk[c] * S[o + a * d + b] + f * (xbar[c * d + a] - m0[a]) * (xbar[c * d + b] - m0[b])) / nu[c];
          cov[o + a * d + b] = v;
          cov[o + b * d + a] = v;
        }
      }
    }
  } else if (type === "tied") {
    const nuT = nu0 + total / k;
    nu.fill(nuT);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        let v = psi0[a * d + b] + (S[a * d + b] * total) / k;
        for (let c = 0; c < k; c++) v += ((beta0 / k) * (nk[c] / beta[c])) * (xbar[c * d + a] - m0[a]) * (xbar[c * d + b] - m0[b]);
        cov[a * d + b] = v / nuT;
        cov[b * d + a] = v / nuT;
      }
    }
  } else if (type === "diag") {
    for (let c = 0; c < k; c++) {
      nu[c] = nu0 + nk[c];
      for (let a = 0; a < d; a++) {
        const diff = xbar[c * d + a] - m0[a];
        cov[c * d + a] = (psi0[a] + nk[c] * (S[c * d + a] + (beta0 / beta[c]) * diff * diff)) / nu[c];
      }
    }
  } else {
    for (let c = 0; c < k; c++) {
      nu[c] = nu0 + nk[c];
      let msq = 0;
      for (let a = 0; a < d; a++) msq += (xbar[c * d + a] - m0[a]) ** 2 / d;
      cov[c] = (psi0[0] + nk[c] * (S[c] + (beta0 / beta[c]) * msq)) / nu[c];
    }
  }
  const invChol = new Float64Array(cov.length);
  const logDet = new Float64Array(k);
  for (let c = 0; c < (type === "tied" ? 1 : k); c++) {
    const ld = factorOne(cov, invChol, type, d, c);
    if (ld === null) {
      throw new NotPositiveDefiniteError(
        `${fn}: the expected covariance of component ${c} is not positive-definite (Cholesky failed), which the positive-definite prior rules out ` +
          "unless the data are far from unit scale. Standardise the columns of X, or pass a larger covariancePrior.",
      );
    }
    logDet[c] = ld;
  }
  if (type === "tied") logDet.fill(logDet[0]);
  return { conc, beta, means, nu, cov, invChol, logDet };
}

/** Moments of given responsibilities (about their weighted means) in the GmmStats layout. */
function momentsOf(s: VbSetting, resp: Float64Array, st: GmmStats): void {
  const { X, n, d, k, type } = s;
  st.nk.fill(0);
  st.s1.fill(0);
  st.s2.fill(0);
  const shift = st.shift;
  shift.fill(0);
  const w = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const r = resp[i * k + c];
      w[c] += r;
      for (let a = 0; a < d; a++) shift[c * d + a] += r * X[i * d + a];
    }
  }
  for (let c = 0; c < k; c++) for (let a = 0; a < d; a++) shift[c * d + a] = w[c] > 0 ? shift[c * d + a] / w[c] : s.m0[a];
  const diff = new Float64Array(k * d);
  const sq = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const r = resp[i * k + c];
      if (!(r > 0)) continue;
      let q = 0;
      for (let a = 0; a < d; a++) {
        const t = X[i * d + a] - shift[c * d + a];
        diff[c * d + a] = t;
        q += t * t;
      }
      sq[c] = q;
      accumulateRow(type, c, d, r, diff, sq, st);
    }
  }
}

function resolvePriors(
  o: BayesianGaussianMixtureOptions,
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  type: CovarianceType,
  fn: string,
): Pick<VbSetting, "dp" | "conc0" | "beta0" | "m0" | "nu0" | "psi0" | "logDetPsi0"> {
  const priorType = o.weightConcentrationPriorType ?? "dirichletProcess";
  if (priorType !== "dirichletProcess" && priorType !== "dirichletDistribution") {
    throw new DomainError(`${fn}: weightConcentrationPriorType must be "dirichletProcess" or "dirichletDistribution", got '${String(priorType)}'.`);
  }
  const conc0 = o.weightConcentrationPrior ?? 1 / k;
  assertNumber(conc0, fn, "weightConcentrationPrior", { gt: 0 });
  const beta0 = o.meanPrecisionPrior ?? 1;
  assertNumber(beta0, fn, "meanPrecisionPrior", { gt: 0 });
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) mean[a] += X[i * d + a];
  for (let a = 0; a < d; a++) mean[a] /= n;
  let m0: Float64Array = mean;
  if (o.meanPrior !== undefined) {
    m0 = toVector(o.meanPrior, fn, "meanPrior");
    if (m0.length !== d) throw new ShapeError(`${fn}: meanPrior has length ${m0.length} but X has ${d} columns.`);
  }
  const nu0 = o.degreesOfFreedomPrior ?? d;
  assertNumber(nu0, fn, "degreesOfFreedomPrior");
  if (!(nu0 > d - 1)) throw new DomainError(`${fn}: degreesOfFreedomPrior must be > d − 1 = ${d - 1} (a Wishart needs it), got ${nu0}.`);
  // Ψ₀ in the compact layout of one component.
  let psi0: Float64Array;
  const user = o.covariancePrior;
  if (user === undefined) {
    if (n < 2) throw new ShapeError(`${fn}: the default covariancePrior is the sample covariance, which needs n ≥ 2 rows; pass covariancePrior.`);
    const full = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) {
        const da = X[i * d + a] - mean[a];
        for (let b = 0; b <= a; b++) full[a * d + b] += (da * (X[i * d + b] - mean[b])) / (n - 1);
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) full[b * d + a] = full[a * d + b];
    if (type === "full" || type === "tied") psi0 = full;
    else if (type === "diag") psi0 = Float64Array.from({ length: d }, (_, a) => full[a * d + a]);
    else {
      let v = 0;
      for (let a = 0; a < d; a++) v += full[a * d + a] / d;
      psi0 = Float64Array.of(v);
    }
  } else if (type === "full" || type === "tied") {
    if (!isArrayLike(user) || user.length !== d || !isArrayLike(user[0])) {
      throw new ShapeError(`${fn}: covariancePrior must be a ${d}×${d} matrix for covarianceType "${type}".`);
    }
    psi0 = new Float64Array(d * d);
    for (let a = 0; a < d; a++) {
      const row = user[a];
      if (!isArrayLike(row) || row.length !== d) throw new ShapeError(`${fn}: covariancePrior[${a}] must have ${d} entries.`);
      psi0.set(toVector(row, fn, `covariancePrior[${a}]`), a * d);
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < a; b++) {
        if (Math.abs(psi0[a * d + b] - psi0[b * d + a]) > 1e-10 * Math.sqrt(Math.abs(psi0[a * d + a] * psi0[b * d + b]))) {
          throw new DomainError(`${fn}: covariancePrior is not symmetric: [${a}][${b}] = ${psi0[a * d + b]} but [${b}][${a}] = ${psi0[b * d + a]}.`);
        }
      }
    }
  } else if (type === "diag") {
    psi0 = toVector(user, fn, "covariancePrior");
    if (psi0.length !== d) throw new ShapeError(`${fn}: covariancePrior must be ${d} variances for covarianceType "diag".`);
  } else {
    if (typeof user !== "number") throw new ShapeError(`${fn}: covariancePrior must be one variance (a number) for covarianceType "spherical".`);
    assertNumber(user, fn, "covariancePrior");
    psi0 = Float64Array.of(user);
  }
  const scratch = new Float64Array(psi0.length);
  const logDetPsi0 = factorOne(psi0, scratch, type === "tied" ? "full" : type, d, 0);
  if (logDetPsi0 === null) {
    throw new NotPositiveDefiniteError(
      user === undefined
        ? `${fn}: the sample covariance of X (the default covariancePrior) is not positive-definite: a column is constant or the columns are linearly dependent. Remove it, or pass covariancePrior.`
        : `${fn}: covariancePrior is not positive-definite (Cholesky failed); it must be symmetric with positive eigenvalues (variances > 0).`,
    );
  }
  return { dp: priorType === "dirichletProcess", conc0, beta0, m0, nu0, psi0, logDetPsi0 };
}

/**
 * A fitted variational Bayesian Gaussian mixture: expected weights, means and covariances, the
 * variational parameters, responsibilities for new data, and how the iterations went.
 * @example
 * import { readCsv, fitBayesianGaussianMixture } from "mlem";
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitBayesianGaussianMixture(X, { k: 6, weightConcentrationPrior: 0.01, seed: 1 });
 * fit.weights;               // → [0.004, 0.004, 0.004, 0.636, 0.004, 0.348]
 * fit.effectiveComponents(); // → 2
 */
export class FittedBayesianGaussianMixture implements EMFit<MixtureParamsSnapshot, "elbo"> {
  /** The objective the iterations climbed: the ELBO (a lower bound on log p(X)). */
  readonly objective = "elbo" as const;
  /** Number of components (including switched-off ones). */
  readonly k: number;
  /** Dimension. */
  readonly d: number;
  /** Covariance structure. */
  readonly covarianceType: CovarianceType;
  /** E[π_c], length k, summing to 1. */
  readonly weights: number[];
  /** m_c, the posterior means of the component means (k rows of d). */
  readonly means: number[][];
  /** C_c = E[Λ_c]⁻¹ = W_c⁻¹/ν_c as k full d×d matrices whatever the type (scikit-learn's `covariances_`). */
  readonly covariances: number[][][];
  /** q(π): Beta parameters of the sticks or the Dirichlet parameters. */
  readonly weightConcentration: WeightConcentration;
  /** β_c. */
  readonly meanPrecision: number[];
  /** ν_c (tied: k equal values). */
  readonly degreesOfFreedom: number[];
  /** The priors used. */
  readonly priors: BayesianMixturePriors;
  /** The ELBO at the returned parameters. */
  readonly elbo: number;
  /** Iterations (M-steps) of the kept run. */
  readonly iterations: number;
  /** E-steps the kept run evaluated, the initial one included (iterations + 1 for plain EM). */
  readonly eSteps: number;
  /** Whether the kept run met the tolerance. */
  readonly converged: boolean;
  /** Why the kept run stopped. */
  readonly stopReason: EMStopReason;
  /** The ELBO at every iterate (length iterations + 1) and the requested snapshots (E[π], m_c, C_c). */
  readonly history: EMHistory<MixtureParamsSnapshot, "elbo">;
  /** Decreases of the ELBO beyond 1e-10 relative (none expected; regCovar makes the M-step inexact at the 1e-6 level). */
  readonly monotonicity: { ok: boolean; violations: Array<{ iteration: number; decrease: number }> };
  /** Linear-rate diagnostics of the kept run. */
  readonly rate: EMRate;
  /** Final ELBO, iterations and convergence of every start. */
  readonly restarts: Array<EMRestart<"elbo">>;
  /** n×k responsibilities of the training data at the returned parameters. */
  readonly responsibilities: number[][];
  /** The most probable component of each training observation. */
  readonly labels: number[];
  /** @internal */
  private readonly setting: VbSetting;
  /** @internal */
  private readonly params: VbParams;

  /** @internal Use {@link fitBayesianGaussianMixture}. */
  constructor(setting: VbSetting, params: VbParams, res: EMResult<VbParams>, restarts: Array<EMRestart<"elbo">>, resp: Float64Array, priorType: WeightConcentrationPriorType) {
    const { k, d, type, n } = setting;
    this.setting = setting;
    this.params = params;
    this.k = k;
    this.d = d;
    this.covarianceType = type;
    const pub = plugInParams(setting, params);
    this.weights = pub.weights;
    this.means = pub.means;
    this.covariances = pub.covariances;
    this.weightConcentration = setting.dp
      ? { type: "dirichletProcess", a: Array.from(params.conc.subarray(0, k)), b: Array.from(params.conc.subarray(k)) }
      : { type: "dirichletDistribution", alpha: Array.from(params.conc) };
    this.meanPrecision = Array.from(params.beta);
    this.degreesOfFreedom = Array.from(params.nu);
    const psiFull: number[][] = [];
    for (let a = 0; a < d; a++) {
      const row = new Array<number>(d).fill(0);
      for (let b = 0; b < d; b++) {
        if (type === "full" || type === "tied") row[b] = setting.psi0[a * d + b];
      }
      if (type === "diag") row[a] = setting.psi0[a];
      else if (type === "spherical") row[a] = setting.psi0[0];
      psiFull.push(row);
    }
    this.priors = {
      weightConcentrationPriorType: priorType,
      weightConcentrationPrior: setting.conc0,
      meanPrecisionPrior: setting.beta0,
      meanPrior: Array.from(setting.m0),
      degreesOfFreedomPrior: setting.nu0,
      covariancePrior: psiFull,
    };
    const fields = emFitFields(res, restarts, "elbo", (p) => plugInParams(setting, p));
    this.elbo = fields.elbo;
    this.iterations = fields.iterations;
    this.eSteps = fields.eSteps;
    this.converged = fields.converged;
    this.stopReason = fields.stopReason;
    this.history = fields.history;
    this.monotonicity = fields.monotonicity;
    this.rate = fields.rate;
    this.restarts = restarts;
    const responsibilities: number[][] = [];
    for (let i = 0; i < n; i++) responsibilities.push(Array.from(resp.subarray(i * k, (i + 1) * k)));
    this.responsibilities = responsibilities;
    this.labels = labelsFrom(resp, n, k);
  }

  /**
   * Posterior component probabilities of new rows under the variational distribution
   * (r_ic ∝ exp ρ_ic, scikit-learn's `predict_proba`), n rows of k.
   * @example
   * import { readCsv, fitBayesianGaussianMixture } from "mlem";
   * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
   * const fit = fitBayesianGaussianMixture(X, { k: 6, weightConcentrationPrior: 0.01, seed: 1 });
   * fit.predictProba([[3, 70]]); // → [[0.013, 0.013, 0.013, 0.640, 0.013, 0.307]]
   */
  predictProba(X: MatrixLike): number[][] {
    const { resp, n } = this.evaluate(X, "predictProba");
    const out: number[][] = [];
    for (let i = 0; i < n; i++) out.push(Array.from(resp.subarray(i * this.k, (i + 1) * this.k)));
    return out;
  }

  /**
   * The most probable component of each row.
   * @example
   * import { readCsv, fitBayesianGaussianMixture } from "mlem";
   * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
   * const fit = fitBayesianGaussianMixture(X, { k: 6, weightConcentrationPrior: 0.01, seed: 1 });
   * fit.predict([[2, 50], [4.5, 80]]); // → [5, 3] — the short and the long eruptions
   */
  predict(X: MatrixLike): number[] {
    const { resp, n } = this.evaluate(X, "predict");
    return labelsFrom(resp, n, this.k);
  }

  /**
   * The number of components whose expected weight is at least `threshold` (default 0.01): the
   * components the fit kept switched on.
   * @example
   * import { readCsv, fitBayesianGaussianMixture } from "mlem";
   * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
   * const fit = fitBayesianGaussianMixture(X, { k: 6, weightConcentrationPrior: 0.01, seed: 1 });
   * fit.effectiveComponents();      // → 2
   * fit.effectiveComponents(0.001); // → 6 — the switched-off components keep a weight of ≈ 0.004
   */
  effectiveComponents(threshold = 0.01): number {
    assertNumber(threshold, "FittedBayesianGaussianMixture.effectiveComponents", "threshold", { ge: 0, le: 1 });
    return this.weights.filter((w) => w >= threshold).length;
  }

  /**
   * The plug-in mixture with the expected weights, means and covariances, as a {@link GaussianMixture}
   * (densities, sampling, BIC; components with zero weight are kept with their tiny weights).
   * @example
   * import { readCsv, fitBayesianGaussianMixture } from "mlem";
   * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
   * const fit = fitBayesianGaussianMixture(X, { k: 6, weightConcentrationPrior: 0.01, seed: 1 });
   * fit.toGaussianMixture().sample(100, 1).X; // 100 draws from the plug-in mixture
   */
  toGaussianMixture(): GaussianMixture {
    const { k, d } = this;
    const p = this.params;
    return new GaussianMixture({ weights: Float64Array.from(this.weights, (w) => Math.max(w, Number.MIN_VALUE)), means: p.means, cov: p.cov, invChol: p.invChol, logDet: p.logDet }, this.covarianceType, k, d);
  }

  /** @internal */
  private evaluate(X: MatrixLike, fn: string): { resp: Float64Array; n: number } {
    const m = toDenseMatrix(X, `FittedBayesianGaussianMixture.${fn}`, "X");
    if (m.d !== this.d) throw new ShapeError(`FittedBayesianGaussianMixture.${fn}: X has ${m.d} columns but the mixture is ${this.d}-dimensional.`);
    const { gp } = kernelParams(this.setting, this.params, new Float64Array(this.k));
    const resp = new Float64Array(m.n * this.k);
    scoreKernel(m.data, m.n, this.d, this.k, this.covarianceType, gp, new Float64Array(m.n), resp);
    return { resp, n: m.n };
  }
}

/** E[π] (a/(a + b) Π_{j<c} b_j/(a_j + b_j), renormalised over the k sticks as scikit-learn, or α/Σα), m_c and C_c. */
function plugInParams(setting: VbSetting, params: VbParams): MixtureParamsSnapshot {
  const { k, d, type } = setting;
  const w = new Array<number>(k);
  if (setting.dp) {
    let rest = 1;
    for (let c = 0; c < k; c++) {
      const a = params.conc[c];
      const b = params.conc[k + c];
      w[c] = (a / (a + b)) * rest;
      rest *= b / (a + b);
    }
  } else for (let c = 0; c < k; c++) w[c] = params.conc[c];
  const sum = w.reduce((s, v) => s + v, 0);
  const weights = w.map((v) => v / sum);
  const pub = paramsToUser({ weights: new Float64Array(weights), means: params.means, cov: params.cov, invChol: params.invChol, logDet: params.logDet }, type, k, d);
  return { weights, means: pub.means, covariances: pub.covariances };
}

function checkResponsibilities(r: unknown, n: number, k: number, fn: string): Float64Array {
  if (!isArrayLike(r) || r.length !== n) throw new ShapeError(`${fn}: init.responsibilities must have one row per observation (${n}).`);
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = r[i];
    if (!isArrayLike(row) || row.length !== k) throw new ShapeError(`${fn}: init.responsibilities[${i}] must have k = ${k} entries.`);
    let s = 0;
    for (let c = 0; c < k; c++) {
      const v = row[c];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new DomainError(`${fn}: init.responsibilities[${i}][${c}] = ${String(v)}; responsibilities must be finite and ≥ 0.`);
      out[i * k + c] = v;
      s += v;
    }
    if (Math.abs(s - 1) > 1e-6) throw new DomainError(`${fn}: init.responsibilities[${i}] sums to ${s}, not 1.`);
  }
  return out;
}

/**
 * Fits a Gaussian mixture by variational inference (variational Bayes EM), with scikit-learn's
 * `BayesianGaussianMixture` model, priors and updates; the tracked objective is the ELBO. With a
 * Dirichlet-process prior and a small weightConcentrationPrior the fit switches off components it
 * does not need: see {@link FittedBayesianGaussianMixture.effectiveComponents}.
 * @param X data, n rows × d columns (number[][], an ml-matrix Matrix or a DenseMatrix)
 * @param options {@link BayesianGaussianMixtureOptions}; `k` is required
 * @throws ShapeError, NonFiniteError, DomainError, UnknownOptionError for bad input; NotPositiveDefiniteError for a
 *   covariance prior (given, or the sample covariance of X) that is not positive-definite
 * @example
 * import { readCsv, fitBayesianGaussianMixture } from "mlem";
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitBayesianGaussianMixture(X, { k: 6, weightConcentrationPrior: 0.01, seed: 1 });
 * fit.objective;             // → "elbo"
 * fit.effectiveComponents(); // → 2 — the short and the long eruptions
 * fit.weights;               // four of the six below 0.01
 * fit.history.elbo;          // non-decreasing
 */
export function fitBayesianGaussianMixture(X: MatrixLike, options: BayesianGaussianMixtureOptions): FittedBayesianGaussianMixture {
  const fn = "fitBayesianGaussianMixture";
  const o = parseOptions(OPTIONS, options, fn);
  const { data, n, d } = toDenseMatrix(X, fn, "X");
  const { k, covarianceType: type, nInit, regCovar, seed: rng } = o;
  if (k > n) throw new ShapeError(`${fn}: k = ${k} components but only n = ${n} observations. Use k ≤ n.`);
  const init = o.init as BayesianGaussianMixtureOptions["init"] | null;
  let givenResp: Float64Array | null = null;
  if (init !== "kmeans++") {
    if (init === null || typeof init !== "object" || !("responsibilities" in init)) {
      throw new DomainError(`${fn}: init must be "kmeans++" or { responsibilities } (n rows of k), got ${String(init)}.`);
    }
    checkOptions(init, ["responsibilities"], fn, "init field");
    givenResp = checkResponsibilities(init.responsibilities, n, k, fn);
  }
  const setting: VbSetting = { X: data, n, d, k, type, regCovar, ...resolvePriors(options, data, n, d, k, type, fn) };
  const lw = new Float64Array(k);

  const nRuns = givenResp ? 1 : nInit;
  // k-means stops when the centres move by ≤ 1e-4 × the mean column variance (as fitGaussianMixture).
  let meanVar = 0;
  for (let a = 0; a < d; a++) {
    let m = 0;
    let v = 0;
    for (let i = 0; i < n; i++) m += data[i * d + a] / n;
    for (let i = 0; i < n; i++) v += (data[i * d + a] - m) ** 2 / n;
    meanVar += v / d;
  }
  const { best: res, context: stats, restarts } = runRestarts<VbParams, GmmStats, GmmStats, "elbo">({
    objective: "elbo",
    nInit: nRuns,
    prepare: (run, recycled) => {
      const stats: GmmStats = recycled ?? allocStats(n, d, k, type);
      let resp = givenResp;
      if (resp === null) {
        const r = nRuns === 1 ? rng : rng.split();
        const centers = kmeansPlusPlus(data, n, d, k, null, r);
        const labels = lloyd(data, n, d, k, null, centers, 300, 1e-4 * meanVar);
        resp = new Float64Array(n * k);
        for (let i = 0; i < n; i++) resp[i * k + labels[i]] = 1;
      }
      momentsOf(setting, resp, stats);
      const start = mStep(setting, stats, fn);
      const model: EMModel<VbParams, GmmStats> = {
        nObservations: n,
        eStep(p) {
          const { gp, logZ } = kernelParams(setting, p, lw);
          const ll = eStepKernel(data, n, d, k, type, gp, null, stats);
          return { stats, logLikelihood: ll + n * logZ - klTerms(setting, p) };
        },
        mStep: (st) => mStep(setting, st, fn),
        clone: (p) => ({ conc: p.conc.slice(), beta: p.beta.slice(), means: p.means.slice(), nu: p.nu.slice(), cov: p.cov.slice(), invChol: p.invChol.slice(), logDet: p.logDet.slice() }),
        flatten: (p) => {
          const out = new Float64Array(p.conc.length + p.means.length + p.cov.length);
          out.set(p.conc, 0);
          out.set(p.means, p.conc.length);
          out.set(p.cov, p.conc.length + p.means.length);
          return out;
        },
      };
      return { model, init: start, context: stats };
    },
    options: stoppingOf(o),
    onRun: (_, result, st) => {
      // After a stop on a non-finite ELBO the buffers belong to the rejected step: recompute.
      if (result.stopReason === "nonFinite") {
        const { gp } = kernelParams(setting, result.params, lw);
        eStepKernel(data, n, d, k, type, gp, null, st);
      }
    },
  });
  return new FittedBayesianGaussianMixture(setting, res.params, res, restarts, stats.resp.slice(), setting.dp ? "dirichletProcess" : "dirichletDistribution");
}
