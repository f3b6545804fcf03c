/**
 * Scale and offset invariance: every fit on data × c (c = 10^s, s from −300 to 300) and on data + o
 * (o = 2^10 … 2^40 ≈ 10³ … 10¹²) gives the transformed estimates and the same log-likelihood up to
 * the Jacobian, or refuses with a clear MlemError, never a silently wrong value.
 *
 * - Base data lie on a grid of 2⁻¹⁰ and the offsets are powers of 2, so x + o is exact: any
 *   disagreement is the fit's own rounding, not the data's.
 * - Refusing is allowed only where the transformed parameters cannot be represented in double
 *   precision: variances c² outside ~1e±300 (|s| ≥ 150) for fits that estimate them. Everywhere
 *   else the fit must succeed and agree.
 * - Models with an absolute constant are made equivariant by scaling it too: the mixture's regCovar
 *   is passed as 1e-6·c².
 * Tolerances: 1e-7 relative on estimates (location estimates under an offset: 1e-7 in units of the
 * data's spread) and 1e-7·(1 + |ℓ|) on log-likelihoods; the fits converge to ~1e-10, the slack is
 * for iterative fits whose stopping point moves with rounding.
 */
import { describe, expect, it } from "vitest";
import { MlemError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { Cauchy, Exponential, Gamma, Laplace, LogNormal, MultivariateNormal, Normal, StudentT, Weibull } from "../../src/distributions/index.js";
import { fitHMM } from "../../src/hmm/fit.js";
import { fitMultivariateNormalMissing } from "../../src/missing/multivariateNormal.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import type { CovarianceType } from "../../src/mixture/options.js";
import { logisticRegression, poissonRegression } from "../../src/regression/glm.js";
import { linearRegression } from "../../src/regression/linear.js";
import { fitMixtureOfRegressions } from "../../src/regression/mixture.js";

type Kind = "scale" | "offset";
/** How an estimate moves when the data are multiplied by c (scale) or shifted by c (offset). */
type Rule = "location" | "scale" | "variance" | "inverse" | "invariant" | "logScale" | "intercept";

interface Outcome {
  logLikelihood: number;
  /** Estimates by name, with their transformation rule. */
  estimates: Array<{ name: string; value: number; rule: Rule }>;
}

interface Case {
  name: string;
  /** Which transformations apply (an offset is no symmetry of a positive-data family). */
  kinds: Kind[];
  /** Estimates include variances (or their products): c² may leave double range. */
  squares: boolean;
  /** Number of continuous values whose density enters ℓ (the Jacobian is −m·log c); 0 for regressions. */
  m: number;
  /** The data's spread, for judging location estimates. */
  spread: number;
  /** Relative tolerance on estimates (default 1e-7). */
  estimateTol?: number;
  /**
   * The fit hands its parameters between iterations in the original units (public HMM objects), so
   * under an offset c each location is rounded to ulp(c) every iteration, or it reports a location
   * that absorbs the offset (a regression intercept, ≈ c), whose last bit can flip: allow 16 ulps of c.
   */
  publicLocations?: boolean;
  run(kind: Kind | null, c: number): Outcome;
}

const grid = (v: number): number => Math.round(v * 1024) / 1024;
const rng = new Rng(20240917);
const N = 200;
const z = Array.from({ length: N }, () => grid(rng.normal()));
const z2 = Array.from({ length: N }, (_, i) => grid(0.6 * z[i] + 0.8 * rng.normal()));
const heavy = Array.from({ length: N }, () => grid(rng.normal() / Math.sqrt(rng.gamma(2, 0.5))));
const positive = z.map((v) => grid(Math.exp(0.5 * v)) + 2 ** -10);
const regime = Array.from({ length: N }, (_, i) => grid((Math.floor(i / 25) % 2 ? 3 : 0) + z[i]));
const ybin = z.map((v, i) => (v + 0.7 * z2[i] + rng.normal() > 0 ? 1 : 0));
const ycount = z.map((v, i) => rng.poisson(Math.exp(0.5 + 0.4 * v - 0.3 * z2[i])));
const twoClusters = z.map((v, i) => [grid(v + (i % 2 ? 4 : 0)), grid(z2[i] + (i % 2 ? 2 : 0))]);
const withMissing = z.map((v, i) => [v, z2[i], i % 5 === 0 ? NaN : grid(0.5 * v - 0.3 * z2[i] + rng.normal())]);
// A response for linear regression, and two regression lines (odd rows on one, even on the other).
const yLinear = z.map((v, i) => grid(1 + 2 * v - 0.5 * z2[i] + rng.normal()));
const yTwoLines = z.map((v, i) => grid(i % 2 ? 3 + 2 * v + 0.3 * rng.normal() : -1 - v + 0.3 * rng.normal()));
// twoClusters with a tenth of one coordinate missing (for missing: "marginalize").
const twoClustersMissing = twoClusters.map((r, i) => (i % 10 === 3 ? [r[0], NaN] : i % 10 === 7 ? [NaN, r[1]] : r));

const apply = (kind: Kind | null, c: number) => (v: number): number => (kind === null ? v : kind === "scale" ? v * c : v + c);
const named = (obj: Record<string, number>, rules: Record<string, Rule>) => Object.keys(rules).map((name) => ({ name, value: obj[name], rule: rules[name] }));

function univariate(name: string, data: number[], fit: (x: number[]) => { params: Record<string, number>; logLikelihood: number }, rules: Record<string, Rule>, kinds: Kind[], spread: number): Case {
  return {
    name,
    kinds,
    squares: false,
    m: data.length,
    spread,
    run: (kind, c) => {
      const r = fit(data.map(apply(kind, c)));
      return { logLikelihood: r.logLikelihood, estimates: named(r.params, rules) };
    },
  };
}

/** fitGaussianMixture (k = 2) on twoClusters, regCovar scaled with the data (1e-6·c²). */
function gaussianMixture(type: CovarianceType, withMissingValues = false): Case {
  const data = withMissingValues ? twoClustersMissing : twoClusters;
  return {
    name: `fitGaussianMixture (k = 2, ${type}${withMissingValues ? ', missing: "marginalize"' : ""}; regCovar 1e-6·c²)`,
    kinds: ["scale", "offset"],
    squares: true,
    m: data.flat().filter((v) => !Number.isNaN(v)).length,
    spread: 1,
    // EM stops when ℓ's estimated remaining gain is ≤ 1e-10·n: the estimates are then within ~1e-5
    // of the maximiser, and rounding can move the stopping iteration by one. With missing values EM
    // converges slowly (rate ≈ 0.95 here), the remaining gain is Δℓ/(1 − rate), and at c = 1e±100 ℓ
    // carries the Jacobian (|ℓ| ≈ 8e4, ulp 1.5e-11), so the Δℓ ≈ 1e-10 it extrapolates from are
    // quantised: the stopping iteration moved from 214 to 191 (measured), the estimates by ~2e-5.
    estimateTol: withMissingValues ? 1e-4 : 1e-5,
    run: (kind, c) => {
      const X = data.map((r) => r.map(apply(kind, c)));
      const fit = fitGaussianMixture(X, {
        k: 2,
        covarianceType: type,
        seed: 1,
        regCovar: 1e-6 * (kind === "scale" ? c * c : 1),
        ...(withMissingValues ? { missing: "marginalize" as const } : {}),
      });
      const order = fit.means[0][0] <= fit.means[1][0] ? [0, 1] : [1, 0];
      const estimates: Outcome["estimates"] = [];
      for (const j of order) {
        estimates.push({ name: `w${j}`, value: fit.weights[j], rule: "invariant" });
        for (let a = 0; a < 2; a++) estimates.push({ name: `mu${j}${a}`, value: fit.means[j][a], rule: "location" });
        for (const [a, b] of [[0, 0], [1, 0], [1, 1]]) estimates.push({ name: `S${j}${a}${b}`, value: fit.covariances[j][a][b], rule: "variance" });
      }
      return { logLikelihood: fit.logLikelihood, estimates };
    },
  };
}

function regression(name: string, fit: typeof logisticRegression, y: number[]): Case {
  return {
    name,
    kinds: ["scale", "offset"],
    squares: false,
    m: 0,
    spread: 1,
    run: (kind, c) => {
      const X = z.map((v, i) => [v, z2[i]].map(apply(kind, c)));
      const r = fit(X, y);
      const rule: Rule = kind === "offset" ? "invariant" : "inverse";
      return {
        logLikelihood: r.logLikelihood,
        estimates: [
          { name: "intercept", value: r.coefficients[0], rule: "intercept" },
          { name: "b1", value: r.coefficients[1], rule },
          { name: "b2", value: r.coefficients[2], rule },
          { name: "se(b1)", value: r.standardErrors[1], rule },
          { name: "se(b2)", value: r.standardErrors[2], rule },
        ],
      };
    },
  };
}

const CASES: Case[] = [
  univariate("Normal", z, (x) => Normal.fit(x), { mean: "location", sd: "scale" }, ["scale", "offset"], 1),
  univariate("LogNormal", positive, (x) => LogNormal.fit(x), { meanlog: "logScale", sdlog: "invariant" }, ["scale"], 1),
  univariate("Exponential", positive, (x) => Exponential.fit(x), { rate: "inverse" }, ["scale"], 1),
  univariate("Gamma", positive, (x) => Gamma.fit(x), { shape: "invariant", scale: "scale" }, ["scale"], 1),
  univariate("Weibull", positive, (x) => Weibull.fit(x), { shape: "invariant", scale: "scale" }, ["scale"], 1),
  univariate("StudentT", heavy, (x) => StudentT.fit(x), { location: "location", scale: "scale", df: "invariant" }, ["scale", "offset"], 1),
  univariate("Laplace", heavy, (x) => Laplace.fit(x), { location: "location", scale: "scale" }, ["scale", "offset"], 1),
  univariate("Cauchy", heavy, (x) => Cauchy.fit(x), { location: "location", scale: "scale" }, ["scale", "offset"], 1),
  {
    name: "MultivariateNormal",
    kinds: ["scale", "offset"],
    squares: true,
    m: 2 * N,
    spread: 1,
    run: (kind, c) => {
      const r = MultivariateNormal.fit(z.map((v, i) => [v, z2[i]].map(apply(kind, c))));
      const { mean, covariance } = r.params;
      return {
        logLikelihood: r.logLikelihood,
        estimates: [
          { name: "mean[0]", value: mean[0], rule: "location" },
          { name: "mean[1]", value: mean[1], rule: "location" },
          { name: "cov[0][0]", value: covariance[0][0], rule: "variance" },
          { name: "cov[1][0]", value: covariance[1][0], rule: "variance" },
          { name: "cov[1][1]", value: covariance[1][1], rule: "variance" },
        ],
      };
    },
  },
  regression("logisticRegression", logisticRegression, ybin),
  regression("poissonRegression", poissonRegression, ycount),
  gaussianMixture("full"),
  gaussianMixture("tied"),
  gaussianMixture("diag"),
  gaussianMixture("spherical"),
  gaussianMixture("full", true),
  {
    name: "fitHMM (gaussian, k = 2)",
    kinds: ["scale", "offset"],
    squares: true,
    m: N,
    spread: 2,
    // Baum–Welch stops on Δℓ ≤ max(tol, relTol·|ℓ|), and |ℓ| carries the Jacobian N·|log c|, so the
    // stopping iteration (and the estimates, to ~√Δℓ) moves with the units.
    estimateTol: 1e-4,
    publicLocations: true,
    run: (kind, c) => {
      const fit = fitHMM(regime.map(apply(kind, c)), { k: 2, emission: "gaussian", seed: 3 });
      const e = fit.model.emissions as { means: number[]; variances: number[] };
      return {
        logLikelihood: fit.logLikelihood,
        estimates: [
          { name: "mu0", value: e.means[0], rule: "location" },
          { name: "mu1", value: e.means[1], rule: "location" },
          { name: "var0", value: e.variances[0], rule: "variance" },
          { name: "var1", value: e.variances[1], rule: "variance" },
          { name: "a01", value: fit.model.transition[0][1], rule: "invariant" },
          { name: "a10", value: fit.model.transition[1][0], rule: "invariant" },
        ],
      };
    },
  },
  {
    name: "fitMultivariateNormalMissing",
    kinds: ["scale", "offset"],
    squares: true,
    m: withMissing.flat().filter((v) => !Number.isNaN(v)).length,
    spread: 1,
    run: (kind, c) => {
      const fit = fitMultivariateNormalMissing(withMissing.map((r) => r.map(apply(kind, c))));
      expect(fit.converged).toBe(true);
      const estimates: Outcome["estimates"] = [];
      for (let j = 0; j < 3; j++) estimates.push({ name: `mu${j}`, value: fit.mean[j], rule: "location" });
      for (let j = 0; j < 3; j++) for (let l = 0; l <= j; l++) estimates.push({ name: `S${j}${l}`, value: fit.covariance[j][l], rule: "variance" });
      for (let j = 0; j < 3; j++) estimates.push({ name: `se(mu${j})`, value: fit.standardErrors!.mean[j], rule: "scale" });
      return { logLikelihood: fit.logLikelihood, estimates };
    },
  },
  {
    name: "fitHMM (multivariate gaussian, full, k = 2)",
    kinds: ["scale", "offset"],
    squares: true,
    m: 2 * N,
    spread: 2,
    estimateTol: 1e-4,
    publicLocations: true,
    run: (kind, c) => {
      const X = regime.map((v, i) => [v, grid(z2[i] + (Math.floor(i / 25) % 2 ? -2 : 0))].map(apply(kind, c)));
      const fit = fitHMM(X, { k: 2, emission: "gaussian", covarianceType: "full", seed: 3 });
      const e = fit.model.emissions;
      const order = e.means[0][0] <= e.means[1][0] ? [0, 1] : [1, 0];
      const estimates: Outcome["estimates"] = [];
      for (const j of order) {
        for (let a = 0; a < 2; a++) estimates.push({ name: `mu${j}${a}`, value: e.means[j][a], rule: "location" });
        for (const [a, b] of [[0, 0], [1, 0], [1, 1]]) estimates.push({ name: `S${j}${a}${b}`, value: e.covariances[j][a][b], rule: "variance" });
        estimates.push({ name: `a${j}`, value: fit.model.transition[j][1 - j], rule: "invariant" });
      }
      return { logLikelihood: fit.logLikelihood, estimates };
    },
  },
  {
    // The response transformed (the covariates as they are): y·c scales every coefficient and σ by c;
    // y + c moves the intercept by c.
    name: "linearRegression (y transformed)",
    kinds: ["scale", "offset"],
    squares: true,
    m: N,
    spread: 1,
    publicLocations: true,
    run: (kind, c) => {
      const r = linearRegression(z.map((v, i) => [v, z2[i]]), yLinear.map(apply(kind, c)));
      return {
        logLikelihood: r.logLikelihood,
        estimates: [
          { name: "intercept", value: r.coefficients[0], rule: "location" },
          { name: "b1", value: r.coefficients[1], rule: "scale" },
          { name: "b2", value: r.coefficients[2], rule: "scale" },
          { name: "se(b1)", value: r.standardErrors[1], rule: "scale" },
          { name: "sigma2", value: r.sigma2, rule: "variance" },
        ],
      };
    },
  },
  {
    name: "fitMixtureOfRegressions (k = 2, y transformed)",
    kinds: ["scale", "offset"],
    squares: true,
    m: N,
    spread: 1,
    estimateTol: 1e-5,
    publicLocations: true,
    run: (kind, c) => {
      const fit = fitMixtureOfRegressions(z, yTwoLines.map(apply(kind, c)), { k: 2, seed: 4, nInit: 3 });
      // Components by slope (the slopes are invariant in sign: 2 and −1, times c > 0).
      const order = fit.coefficients[0][1] <= fit.coefficients[1][1] ? [0, 1] : [1, 0];
      const estimates: Outcome["estimates"] = [];
      for (const j of order) {
        estimates.push({ name: `w${j}`, value: fit.weights[j], rule: "invariant" });
        estimates.push({ name: `a${j}`, value: fit.coefficients[j][0], rule: "location" });
        estimates.push({ name: `b${j}`, value: fit.coefficients[j][1], rule: "scale" });
        estimates.push({ name: `sigma${j}`, value: fit.sigmas[j], rule: "scale" });
      }
      return { logLikelihood: fit.logLikelihood, estimates };
    },
  },
];

/** The estimate expected on transformed data, from the base fit. */
function expected(e: Outcome["estimates"][number], base: Outcome, kind: Kind, c: number): number {
  const v = e.value;
  if (kind === "offset") {
    if (e.rule === "location") return v + c;
    if (e.rule === "intercept") {
      // η = β₀ + Σ β_j x_j = (β₀ − Σ β_j c) + Σ β_j (x_j + c).
      const b = base.estimates.filter((t) => t.name === "b1" || t.name === "b2").reduce((s, t) => s + t.value, 0);
      return v - b * c;
    }
    return v;
  }
  switch (e.rule) {
    case "location":
    case "scale":
      return v * c;
    case "variance":
      return v * c * c;
    case "inverse":
      return v / c;
    case "logScale":
      return v + Math.log(c);
    default:
      return v;
  }
}

const SCALES = [1e-300, 1e-200, 1e-150, 1e-100, 1e-20, 1e-5, 1e5, 1e20, 1e100, 1e150, 1e200, 1e300];
const OFFSETS = [2 ** 10, 2 ** 20, 2 ** 30, 2 ** 40, -(2 ** 40)];

describe("scale and offset invariance of every fit", () => {
  for (const cs of CASES) {
    it(cs.name, () => {
      const base = cs.run(null, 1);
      let refused = 0;
      for (const kind of cs.kinds) {
        for (const c of kind === "scale" ? SCALES : OFFSETS) {
          const label = `${cs.name}, data ${kind === "scale" ? "×" : "+"} ${c}`;
          const mayRefuse = kind === "scale" && cs.squares && Math.abs(Math.log10(c)) >= 150;
          let got: Outcome;
          try {
            got = cs.run(kind, c);
          } catch (e) {
            expect(e, `${label}: threw ${String(e)}`).toBeInstanceOf(MlemError);
            expect(mayRefuse, `${label}: refused (${(e as Error).message}) where the result is representable`).toBe(true);
            refused++;
            continue;
          }
          const jacobian = kind === "scale" ? -cs.m * Math.log(c) : 0;
          const llWant = base.logLikelihood + jacobian;
          expect(Math.abs(got.logLikelihood - llWant), `${label}: ℓ ${got.logLikelihood} vs ${llWant}`).toBeLessThanOrEqual(1e-7 * (1 + Math.abs(llWant)));
          for (let i = 0; i < base.estimates.length; i++) {
            const want = expected(base.estimates[i], base, kind, c);
            const have = got.estimates[i].value;
            const rule = base.estimates[i].rule;
            // Locations are judged in units of the data's spread (a mean near 0 has no relative accuracy).
            const unit = rule === "location" ? cs.spread * (kind === "scale" ? c : 1) : rule === "intercept" && kind === "offset" ? 1 : Math.max(Math.abs(want), 1e-300);
            const err = Math.abs(have - want) / unit;
            let tol = cs.estimateTol ?? 1e-7;
            // An intercept under an offset absorbs β·c (up to 1e12 × slope): judge it relative to that.
            if (rule === "intercept" && kind === "offset") tol *= 1 + Math.abs(c);
            if (cs.publicLocations && kind === "offset") tol += (16 * 2 ** (Math.floor(Math.log2(Math.abs(c))) - 52)) / cs.spread;
            expect(err, `${label}: ${got.estimates[i].name} = ${have}, expected ${want}`).toBeLessThanOrEqual(tol);
          }
        }
      }
      // Refusals only at the representability limit, and never at every scale.
      expect(refused).toBeLessThanOrEqual(cs.squares ? 6 : 0);
    });
  }
});
