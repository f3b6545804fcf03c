import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { DomainError, InvalidInputError, NonFiniteError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { fitMultivariateNormalMissing } from "../../src/missing/index.js";
import { COVARIANCE_TYPES, fitGaussianMixture, GaussianMixture, type CovarianceType } from "../../src/mixture/index.js";
import { maximize } from "../../src/optim/maximize.js";

// Gaussian mixtures with values missing at random (fitGaussianMixture's `missing: "marginalize"`).
// References: (a) the complete-data fit (exact equality when nothing is missing); (b) the K = 1 EM of
// fitMultivariateNormalMissing; (c) a direct maximisation of the observed-data log-likelihood, written
// out below for d = 2 independently of the library's pattern algebra, by mlem's BFGS over an
// unconstrained parametrisation (softmax weights, log-Cholesky or log-variance covariances).

const faithful = readCsv(new URL("../../../data/faithful.csv", import.meta.url).pathname).matrix(["eruptions", "waiting"]);
const iris = readCsv(new URL("../../../data/iris.csv", import.meta.url).pathname).matrix(["sepal_length", "sepal_width", "petal_length", "petal_width"]);

/** X with each cell removed (NaN) with probability `fraction`, seeded; a row never loses every cell. */
function removeAtRandom(X: number[][], fraction: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return X.map((row) => {
    const out = row.map((v) => (rng.uniform() < fraction ? NaN : v));
    if (out.every(Number.isNaN)) {
      const j = rng.int(0, row.length - 1);
      out[j] = row[j];
    }
    return out;
  });
}

const faithfulMissing = removeAtRandom(faithful, 0.15, 2026);
const irisMissing = removeAtRandom(iris, 0.15, 7);

function countNaN(X: number[][]): number {
  return X.reduce((s, r) => s + r.filter(Number.isNaN).length, 0);
}

function maxRel(a: number[] | number[][] | number[][][], b: number[] | number[][] | number[][][]): number {
  const fa = (a as unknown[]).flat(2) as number[];
  const fb = (b as unknown[]).flat(2) as number[];
  let m = 0;
  fa.forEach((v, i) => (m = Math.max(m, Math.abs(v - fb[i]) / Math.max(1, Math.abs(fb[i])))));
  return m;
}

describe("fitGaussianMixture with missing: 'marginalize'", () => {
  it("the data sets have what the tests assume: 10–20% missing, no row fully missing", () => {
    for (const X of [faithfulMissing, irisMissing]) {
      const frac = countNaN(X) / (X.length * X[0].length);
      expect(frac).toBeGreaterThan(0.1);
      expect(frac).toBeLessThan(0.2);
      expect(X.every((r) => r.some((v) => !Number.isNaN(v)))).toBe(true);
    }
  });

  it("(a) with nothing missing it is the complete-data fit, bit for bit (every covariance type)", () => {
    for (const covarianceType of COVARIANCE_TYPES) {
      for (const X of [faithful, iris]) {
        const a = fitGaussianMixture(X, { k: 3, seed: 4, covarianceType });
        const b = fitGaussianMixture(X, { k: 3, seed: 4, covarianceType, missing: "marginalize" });
        expect(b.logLikelihood).toBe(a.logLikelihood);
        expect(b.iterations).toBe(a.iterations);
        expect(b.weights).toEqual(a.weights);
        expect(b.means).toEqual(a.means);
        expect(b.covariances).toEqual(a.covariances);
        expect(b.history.logLikelihood).toEqual(a.history.logLikelihood);
        expect(b.nMissing).toBe(0);
      }
    }
  });

  it("(b) with k = 1 it is fitMultivariateNormalMissing (same MLE, to 1e-8 relative)", () => {
    // Both are EM for the same normal model with the same observed-data likelihood, which has one
    // maximum; they start differently (mean-imputed moments vs a diagonal), run on differently
    // scaled data and stop by different rules, so they agree to their convergence error, not bitwise.
    for (const X of [faithfulMissing, irisMissing]) {
      const mvn = fitMultivariateNormalMissing(X, { paramTol: 1e-13, standardErrors: false });
      const gm = fitGaussianMixture(X, { k: 1, missing: "marginalize", regCovar: 0, tol: 1e-14 });
      expect(gm.converged).toBe(true);
      expect(gm.monotonicity.ok).toBe(true);
      expect(Math.abs(gm.logLikelihood - mvn.logLikelihood) / Math.abs(mvn.logLikelihood)).toBeLessThan(1e-12);
      expect(maxRel(gm.means[0], mvn.mean)).toBeLessThan(1e-8);
      expect(maxRel(gm.covariances[0], mvn.covariance)).toBeLessThan(1e-8);
      expect(gm.nMissing).toBe(mvn.nMissing);
    }
  });

  it("every covariance type: ℓ never decreases, converges, and the E-step ℓ is the observed-data log-likelihood", () => {
    for (const covarianceType of COVARIANCE_TYPES) {
      for (const X of [faithfulMissing, irisMissing]) {
        const fit = fitGaussianMixture(X, { k: 3, seed: 1, covarianceType, missing: "marginalize" });
        expect(fit.converged).toBe(true);
        expect(fit.monotonicity.ok).toBe(true);
        const h = fit.history.logLikelihood;
        for (let t = 1; t < h.length; t++) expect(h[t]).toBeGreaterThanOrEqual(h[t - 1] - 1e-10 * Math.abs(h[t]));
        // scoreSamples on the training rows (the marginal densities) sums to the fit's ℓ.
        const total = fit.scoreSamples(X).reduce((s, v) => s + v, 0);
        expect(Math.abs(total - fit.logLikelihood)).toBeLessThan(1e-9 * Math.abs(fit.logLikelihood));
        expect(fit.nMissing).toBe(countNaN(X));
      }
    }
  });
});

// ---- (c) a direct maximisation of the observed-data log-likelihood, d = 2 -------------------------

const LOG_2PI = Math.log(2 * Math.PI);

interface Params2 {
  weights: number[];
  means: number[][];
  covariances: number[][][];
}

/** Observed-data log-likelihood of 2-D rows (NaN = missing) under a mixture, written out by hand. */
function observedLogLik2(X: number[][], p: Params2): number {
  let ll = 0;
  for (const [x, y] of X) {
    let m = -Infinity;
    const terms = p.weights.map((w, c) => {
      const [mx, my] = p.means[c];
      const [[sxx, sxy], [, syy]] = p.covariances[c];
      let lp: number;
      if (!Number.isNaN(x) && !Number.isNaN(y)) {
        const det = sxx * syy - sxy * sxy;
        const dx = x - mx;
        const dy = y - my;
        lp = -LOG_2PI - 0.5 * Math.log(det) - (0.5 * (syy * dx * dx - 2 * sxy * dx * dy + sxx * dy * dy)) / det;
      } else if (!Number.isNaN(x)) lp = -0.5 * (LOG_2PI + Math.log(sxx) + (x - mx) ** 2 / sxx);
      else lp = -0.5 * (LOG_2PI + Math.log(syy) + (y - my) ** 2 / syy);
      const t = Math.log(w) + lp;
      if (t > m) m = t;
      return t;
    });
    ll += m + Math.log(terms.reduce((s, t) => s + Math.exp(t - m), 0));
  }
  return ll;
}

type Type2 = "full" | "tied" | "diag" | "spherical";

function logChol(S: number[][]): number[] {
  const l00 = Math.sqrt(S[0][0]);
  const l10 = S[1][0] / l00;
  return [Math.log(l00), l10, Math.log(Math.sqrt(S[1][1] - l10 * l10))];
}

function fromLogChol(th: ArrayLike<number>, t: number): number[][] {
  const l00 = Math.exp(th[t]);
  const l10 = th[t + 1];
  const l11 = Math.exp(th[t + 2]);
  return [
    [l00 * l00, l00 * l10],
    [l00 * l10, l10 * l10 + l11 * l11],
  ];
}

/**
 * Unconstrained θ for k = 2, d = 2: the weight logit, the means, then per component a log-Cholesky
 * factor (full), log variances (diag) or a log variance (spherical); tied has one log-Cholesky factor.
 */
function toTheta(p: Params2, type: Type2): number[] {
  const th = [Math.log(p.weights[1] / p.weights[0]), ...p.means.flat()];
  if (type === "tied") return [...th, ...logChol(p.covariances[0])];
  for (const S of p.covariances) {
    if (type === "diag") th.push(Math.log(S[0][0]), Math.log(S[1][1]));
    else if (type === "spherical") th.push(Math.log(S[0][0]));
    else th.push(...logChol(S));
  }
  return th;
}

function fromTheta(th: ArrayLike<number>, type: Type2): Params2 {
  const w1 = 1 / (1 + Math.exp(-th[0]));
  const means = [
    [th[1], th[2]],
    [th[3], th[4]],
  ];
  const covariances: number[][][] = [];
  let t = 5;
  for (let c = 0; c < 2; c++) {
    if (type === "tied") covariances.push(fromLogChol(th, 5));
    else if (type === "full") {
      covariances.push(fromLogChol(th, t));
      t += 3;
    } else if (type === "diag") {
      covariances.push([
        [Math.exp(th[t]), 0],
        [0, Math.exp(th[t + 1])],
      ]);
      t += 2;
    } else {
      const v = Math.exp(th[t]);
      covariances.push([
        [v, 0],
        [0, v],
      ]);
      t += 1;
    }
  }
  return { weights: [1 - w1, w1], means, covariances };
}

describe("(c) against a direct maximisation of the observed-data log-likelihood (Old Faithful, 15% removed)", () => {
  for (const type of ["full", "tied", "diag", "spherical"] as const) {
    it(`${type}: BFGS from the EM optimum and from a perturbed start reach the EM maximum (ℓ to 1e-6, parameters to 1e-5)`, () => {
      const fit = fitGaussianMixture(faithfulMissing, { k: 2, seed: 1, covarianceType: type, missing: "marginalize", regCovar: 0, tol: 1e-14, order: "mean" });
      expect(fit.converged).toBe(true);
      expect(fit.monotonicity.ok).toBe(true);
      const em = { weights: fit.weights, means: fit.means, covariances: fit.covariances };
      // The hand-written likelihood agrees with what EM reports at its optimum.
      expect(Math.abs(observedLogLik2(faithfulMissing, em) - fit.logLikelihood)).toBeLessThan(1e-9 * Math.abs(fit.logLikelihood));
      const f = (th: Float64Array): number => observedLogLik2(faithfulMissing, fromTheta(th, type));
      const th0 = toTheta(em, type);
      const rng = new Rng(11);
      const perturbed = th0.map((v) => v + 0.05 * (2 * rng.uniform() - 1) * Math.max(1, Math.abs(v)));
      for (const start of [th0, perturbed]) {
        const r = maximize(f, start, { method: "bfgs", gradTol: 1e-9, maxIter: 2000 });
        expect(r.converged).toBe(true);
        // The two maxima agree to 1e-6 (absolute, on ℓ ≈ −980).
        expect(Math.abs(r.value - fit.logLikelihood)).toBeLessThan(1e-6);
        const best = fromTheta(r.x, type);
        const gradient = Math.max(...Array.from(r.gradient, Math.abs));
        if (process.env.MLEM_REPORT) {
          const diffs = [maxRel(best.weights, em.weights), maxRel(best.means, em.means), maxRel(best.covariances, em.covariances)];
          console.log(type, start === th0 ? "from EM" : "perturbed", r.value - fit.logLikelihood, gradient, diffs, r.iterations, fit.iterations);
        }
        expect(gradient).toBeLessThan(1e-4);
        expect(maxRel(best.weights, em.weights)).toBeLessThan(1e-5);
        expect(maxRel(best.means, em.means)).toBeLessThan(1e-5);
        expect(maxRel(best.covariances, em.covariances)).toBeLessThan(1e-5);
      }
    });
  }
});

describe("predictProba, scoreSamples, predict and impute with NaN rows", () => {
  const gm = GaussianMixture.fromParams({
    weights: [0.35, 0.65],
    means: [
      [2, 54],
      [4.3, 80],
    ],
    covariances: [
      [
        [0.07, 0.44],
        [0.44, 34],
      ],
      [
        [0.17, 0.94],
        [0.94, 36],
      ],
    ],
    missing: "marginalize",
  });
  const { weights, means, covariances } = gm;
  const normal1 = (x: number, m: number, v: number): number => Math.exp(-0.5 * (x - m) ** 2 / v) / Math.sqrt(2 * Math.PI * v);

  it("(d) a row with a missing coordinate gets the marginal density and posteriors, computed by hand", () => {
    const row = [NaN, 70];
    const joint = [0, 1].map((c) => weights[c] * normal1(70, means[c][1], covariances[c][1][1]));
    const total = joint[0] + joint[1];
    const X = [row, [3, 70], [4.5, NaN]];
    const ls = gm.scoreSamples(X);
    expect(ls[0]).toBeCloseTo(Math.log(total), 12);
    expect(ls[1]).toBe(gm.scoreSamples([[3, 70]])[0]);
    const pp = gm.predictProba(X);
    expect(pp[0][0]).toBeCloseTo(joint[0] / total, 12);
    expect(pp[0][1]).toBeCloseTo(joint[1] / total, 12);
    expect(pp[1]).toEqual(gm.predictProba([[3, 70]])[0]);
    const j2 = [0, 1].map((c) => weights[c] * normal1(4.5, means[c][0], covariances[c][0][0]));
    expect(pp[2][1]).toBeCloseTo(j2[1] / (j2[0] + j2[1]), 12);
    expect(gm.predict(X)).toEqual(pp.map((p) => (p[1] > p[0] ? 1 : 0)));
  });

  it("(d) impute: the mixture's conditional mean and variance of a missing cell; observed cells unchanged", () => {
    const X = [[NaN, 70], [3.1, 71], [4.5, NaN]];
    const { values, conditionalVariances } = gm.impute(X);
    const r = gm.predictProba([[NaN, 70]])[0];
    const xhat = [0, 1].map((c) => means[c][0] + (covariances[c][0][1] / covariances[c][1][1]) * (70 - means[c][1]));
    const cvar = [0, 1].map((c) => covariances[c][0][0] - covariances[c][0][1] ** 2 / covariances[c][1][1]);
    const m = r[0] * xhat[0] + r[1] * xhat[1];
    expect(values[0][0]).toBeCloseTo(m, 12);
    expect(values[0][1]).toBe(70);
    expect(conditionalVariances[0][0]).toBeCloseTo(r[0] * (cvar[0] + (xhat[0] - m) ** 2) + r[1] * (cvar[1] + (xhat[1] - m) ** 2), 12);
    expect(conditionalVariances[0][1]).toBe(0);
    expect(values[1]).toEqual([3.1, 71]);
    expect(conditionalVariances[1]).toEqual([0, 0]);
    expect(values[2][0]).toBe(4.5);
    expect(conditionalVariances[2][1]).toBeGreaterThan(0);
  });

  it("impute on a fitted model: with k = 1 the conditional means of fitMultivariateNormalMissing", () => {
    const gm1 = fitGaussianMixture(irisMissing, { k: 1, missing: "marginalize", regCovar: 0, tol: 1e-14 });
    const mvn = fitMultivariateNormalMissing(irisMissing, { paramTol: 1e-13, standardErrors: false });
    const a = gm1.impute(irisMissing);
    const b = mvn.impute();
    expect(maxRel(a.values, b.values)).toBeLessThan(1e-8);
    expect(maxRel(a.conditionalVariances, b.conditionalVariances)).toBeLessThan(1e-8);
  });
});

describe("(e) bad input", () => {
  it("the default rejects NaN, naming the option, in fits and in the scoring of a mixture that rejects NaN", () => {
    expect(() => fitGaussianMixture(faithfulMissing, { k: 2 })).toThrow(NonFiniteError);
    expect(() => fitGaussianMixture(faithfulMissing, { k: 2 })).toThrow(/missing: "marginalize"/);
    expect(() => fitGaussianMixture(faithfulMissing, { k: 2, missing: "drop" as "reject" })).toThrow(DomainError);
    const complete = fitGaussianMixture(faithful, { k: 2, seed: 1 });
    expect(complete.missing).toBe("reject");
    expect(() => complete.scoreSamples([[NaN, 70]])).toThrow(NonFiniteError);
    expect(() => complete.predictProba([[NaN, 70]])).toThrow(/GaussianMixture.predictProba: X\[0\]\[0\] is NaN.*missing: "marginalize"/);
    expect(() => GaussianMixture.fromParams({ ...complete.toParams(), missing: "yes" as "reject" })).toThrow(DomainError);
    // impute accepts NaN whatever the policy, and a marginalising fit carries its policy.
    expect(complete.impute([[NaN, 70]]).values[0][1]).toBe(70);
    const marginal = fitGaussianMixture(faithful, { k: 2, seed: 1, missing: "marginalize" });
    expect(marginal.missing).toBe("marginalize");
    expect(marginal.scoreSamples([[NaN, 70]])[0]).toBeCloseTo(
      GaussianMixture.fromParams({ ...complete.toParams(), missing: "marginalize" }).scoreSamples([[NaN, 70]])[0],
      12,
    );
  });

  it("rows entirely missing are refused with the remedy, in fits and in predictions", () => {
    const X = faithfulMissing.map((r) => r.slice());
    X[3] = [NaN, NaN];
    expect(() => fitGaussianMixture(X, { k: 2, missing: "marginalize" })).toThrow(InvalidInputError);
    expect(() => fitGaussianMixture(X, { k: 2, missing: "marginalize" })).toThrow(/X\[3\] has every value missing/);
    const fit = fitGaussianMixture(faithfulMissing, { k: 2, missing: "marginalize" });
    expect(() => fit.predictProba([[NaN, NaN]])).toThrow(/every value missing/);
    expect(() => fit.impute([[1, 2], [NaN, NaN]])).toThrow(/X\[1\] has every value missing/);
  });

  it("Infinity stays an error; a column never observed and trackElbo are refused clearly", () => {
    const X = faithfulMissing.map((r) => r.slice());
    X[0][0] = Infinity;
    expect(() => fitGaussianMixture(X, { k: 2, missing: "marginalize" })).toThrow(NonFiniteError);
    const noCol = faithful.map((r) => [r[0], NaN, r[1]]);
    expect(() => fitGaussianMixture(noCol, { k: 2, missing: "marginalize" })).toThrow(/column 1 of X has no observed value/);
    expect(() => fitGaussianMixture(faithfulMissing, { k: 2, missing: "marginalize", trackElbo: true })).toThrow(/trackElbo/);
  });
});

describe("(f) sampleWeights and restarts with missing values", () => {
  it("integer weights are row repetitions (same start, every covariance type)", () => {
    const rng = new Rng(5);
    const reps = faithfulMissing.map(() => 1 + rng.int(0, 2));
    const repeated: number[][] = [];
    faithfulMissing.forEach((r, i) => {
      for (let t = 0; t < reps[i]; t++) repeated.push(r);
    });
    for (const covarianceType of COVARIANCE_TYPES as readonly CovarianceType[]) {
      const start = fitGaussianMixture(faithfulMissing, { k: 2, seed: 3, covarianceType, missing: "marginalize", maxIter: 2 });
      const init = start.toParams();
      const a = fitGaussianMixture(faithfulMissing, { k: 2, init, covarianceType, missing: "marginalize", sampleWeights: reps, tol: 1e-13 });
      const b = fitGaussianMixture(repeated, { k: 2, init, covarianceType, missing: "marginalize", tol: 1e-13 });
      expect(a.converged && b.converged).toBe(true);
      expect(a.monotonicity.ok).toBe(true);
      expect(Math.abs(a.logLikelihood - b.logLikelihood)).toBeLessThan(1e-9 * Math.abs(b.logLikelihood));
      expect(maxRel(a.means, b.means)).toBeLessThan(1e-7);
      expect(maxRel(a.covariances, b.covariances)).toBeLessThan(1e-7);
      expect(a.totalWeight).toBe(repeated.length);
    }
  });

  it("nInit restarts keep the best run, each from its own seeded start", () => {
    const fit = fitGaussianMixture(irisMissing, { k: 3, nInit: 4, seed: 9, missing: "marginalize", init: "random" });
    expect(fit.restarts).toHaveLength(4);
    const best = Math.max(...fit.restarts.map((r) => r.logLikelihood));
    expect(fit.logLikelihood).toBe(best);
    expect(new Set(fit.restarts.map((r) => r.logLikelihood.toFixed(6))).size).toBeGreaterThan(1);
    const again = fitGaussianMixture(irisMissing, { k: 3, nInit: 4, seed: 9, missing: "marginalize", init: "random" });
    expect(again.logLikelihood).toBe(fit.logLikelihood);
    expect(again.means).toEqual(fit.means);
  });
});
