/**
 * The genetic linkage model of Rao (1973) and Dempster, Laird & Rubin (1977, §1): the first worked
 * example of EM, and the smallest model for the {@link runEM} engine.
 *
 * 197 animals fall into four phenotype classes with probabilities (1/2 + θ/4, (1−θ)/4, (1−θ)/4, θ/4),
 * counts y = (125, 18, 20, 34). Complete data split the first class into two cells with probabilities
 * 1/2 and θ/4; x₂, the count in the θ/4 cell, is missing. E-step: E[x₂ | y, θ] = y₁ (θ/4)/(1/2 + θ/4).
 * M-step: θ = (x₂ + y₄)/(x₂ + y₂ + y₃ + y₄) (a binomial proportion of the complete data).
 * @module
 */
import { DomainError } from "../core/errors.js";
import { lgamma } from "../core/special.js";
import { toVector } from "../core/validate.js";
import type { EMModel } from "./engine.js";

/**
 * The counts (AB, Ab, aB, ab) of Rao (1973) and Dempster, Laird & Rubin (1977): data/linkage.csv.
 * @example
 * const n = LINKAGE_COUNTS.reduce((s, c) => s + c, 0); // → 197 — animals
 */
export const LINKAGE_COUNTS: readonly [number, number, number, number] = [125, 18, 20, 34];

/** Parameters of the linkage model: θ ∈ (0, 1). */
export interface LinkageParams {
  theta: number;
}

/** E-step statistics of the linkage model: the expected complete-data counts. */
export interface LinkageStats {
  /** E[x₂ | y, θ], the expected count of the θ/4 part of the first class. */
  x2: number;
}

/** The linkage model for {@link runEM}, with its closed-form MLE and EM rate. */
export interface GeneticLinkageModel extends EMModel<LinkageParams, LinkageStats> {
  /** The four counts. */
  readonly counts: readonly [number, number, number, number];
  /** Observed-data log-likelihood (full multinomial log-pmf, including the coefficient). */
  logLikelihood(theta: number): number;
  /** The MLE: the root in (0, 1) of n θ² − (y₁ − 2(y₂ + y₃) − y₄) θ − 2y₄ = 0. */
  exactMLE(): number;
  /** The derivative of the EM map at θ (at the MLE: the linear rate of convergence, 0.1328 for DLR's data). */
  emMapDerivative(theta: number): number;
}

/**
 * The genetic linkage model (Dempster, Laird & Rubin 1977, §1) as an {@link EMModel}.
 * @param counts the four class counts (AB, Ab, aB, ab); default {@link LINKAGE_COUNTS}
 * @example
 * const model = geneticLinkageModel();
 * const fit = runEM(model, { theta: 0.5 }, { tol: 1e-13, snapshots: "all" });
 * fit.history.snapshots.map((s) => s.params.theta); // 0.5, 0.608247423, 0.624321051, ...
 * model.exactMLE();                  // → 0.6268214978709824
 * model.emMapDerivative(model.exactMLE()); // → 0.1327787
 */
export function geneticLinkageModel(counts: ArrayLike<number> = LINKAGE_COUNTS): GeneticLinkageModel {
  const fn = "geneticLinkageModel";
  const y = toVector(counts, fn, "counts");
  if (y.length !== 4) throw new DomainError(`${fn}: counts must have 4 entries (AB, Ab, aB, ab), got ${y.length}.`);
  for (let i = 0; i < 4; i++) {
    if (!(y[i] >= 0) || !Number.isInteger(y[i])) throw new DomainError(`${fn}: counts[${i}] = ${y[i]} is not a non-negative integer.`);
  }
  const [y1, y2, y3, y4] = [y[0], y[1], y[2], y[3]];
  const n = y1 + y2 + y3 + y4;
  if (y2 + y3 + y4 === 0 || y1 + y4 === 0) {
    throw new DomainError(`${fn}: counts [${Array.from(y).join(", ")}] put the MLE on the boundary θ ∈ {0, 1}; EM needs an interior maximum.`);
  }
  const logCoef = lgamma(n + 1) - lgamma(y1 + 1) - lgamma(y2 + 1) - lgamma(y3 + 1) - lgamma(y4 + 1);
  const xlogy = (c: number, p: number): number => (c === 0 ? 0 : c * Math.log(p));
  const logLikelihood = (theta: number): number =>
    logCoef + xlogy(y1, 0.5 + theta / 4) + xlogy(y2 + y3, (1 - theta) / 4) + xlogy(y4, theta / 4);
  const checkTheta = (theta: number): void => {
    if (!(theta > 0 && theta < 1)) throw new DomainError(`${fn}: theta must be in (0, 1), got ${theta}.`);
  };
  return {
    counts: [y1, y2, y3, y4],
    nObservations: n,
    logLikelihood,
    eStep(params) {
      checkTheta(params.theta);
      const t = params.theta;
      return { stats: { x2: (y1 * t) / (2 + t) }, logLikelihood: logLikelihood(t) };
    },
    mStep(stats) {
      return { theta: (stats.x2 + y4) / (stats.x2 + y2 + y3 + y4) };
    },
    elbo(stats, params) {
      // F(q, θ) = ℓ(θ) − KL(q ‖ p(x₂ | y, θ)). Both are Binomial(y₁, ·) laws of x₂: q with success
      // probability x₂/y₁ (from the E-step), the posterior with π(θ) = (θ/4)/(1/2 + θ/4).
      const t = params.theta;
      if (y1 === 0) return logLikelihood(t);
      const q = stats.x2 / y1;
      const pi = t / (2 + t);
      const kl = y1 * (xlogy(q, q / pi) + xlogy(1 - q, (1 - q) / (1 - pi)));
      return logLikelihood(t) - kl;
    },
    clone: (p) => ({ theta: p.theta }),
    flatten: (p) => [p.theta],
    unflatten: (v) => (v[0] > 0 && v[0] < 1 ? { theta: v[0] } : null),
    exactMLE() {
      const b = y1 - 2 * (y2 + y3) - y4;
      return (b + Math.sqrt(b * b + 8 * n * y4)) / (2 * n);
    },
    emMapDerivative(theta) {
      checkTheta(theta);
      const x2 = (y1 * theta) / (2 + theta);
      const dx2 = (2 * y1) / ((2 + theta) * (2 + theta));
      const denom = x2 + y2 + y3 + y4;
      return ((y2 + y3) * dx2) / (denom * denom);
    },
  };
}
