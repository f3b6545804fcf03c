import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { readCsv } from "../../src/core/data.js";
import { numericalGradient } from "../../src/calculus/derivatives.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { GaussianMixture } from "../../src/mixture/gaussian-mixture.js";

// fixed: the constrained maximum must be stationary in the free parameters. Checked by central
// differences of ℓ (the library's numericalGradient) along the free means and the free weight,
// against the scale of ℓ's gradient away from the maximum (|∂ℓ/∂μ| ~ 10–100 per unit here): the
// derivative at the fit must be below 1e-3.
const X = readCsv(resolve(__dirname, "../../../data/faithful.csv")).matrix(["eruptions", "waiting"]);
const TYPES = ["full", "tied", "diag", "spherical"] as const;
const ll = (p: { weights: number[]; means: number[][]; covariances: number[][][] }) =>
  GaussianMixture.fromParams(p).scoreSamples(X).reduce((s, v) => s + v, 0);

describe("fitGaussianMixture: fixed parameters", () => {
  it("fixed weights: kept exactly, the means stationary, ℓ never decreasing, p reduced by k − 1", () => {
    for (const covarianceType of TYPES) {
      const fit = fitGaussianMixture(X, { k: 2, covarianceType, seed: 1, fixed: { weights: [0.5, 0.5] }, tol: 1e-13 });
      expect(fit.weights).toEqual([0.5, 0.5]);
      expect(fit.monotonicity.ok, covarianceType).toBe(true);
      const free = fitGaussianMixture(X, { k: 2, covarianceType, seed: 1 });
      expect(fit.nParameters).toBe(free.nParameters - 1);
      expect(fit.logLikelihood).toBeLessThanOrEqual(free.logLikelihood + 1e-9);
      const g = numericalGradient((m) => ll({ weights: fit.weights, means: [[m[0], m[1]], [m[2], m[3]]], covariances: fit.covariances }), fit.means.flat());
      for (const v of g) expect(Math.abs(v), covarianceType).toBeLessThan(1e-3);
    }
  });

  it("fixed means: each covariance is the scatter about them (stationary in the weight; the covariance M-step exact)", () => {
    const means = [[2, 55], [4.4, 80]];
    for (const covarianceType of TYPES) {
      const fit = fitGaussianMixture(X, { k: 2, covarianceType, seed: 1, fixed: { means }, tol: 1e-13, regCovar: 0 });
      expect(fit.means).toEqual(means);
      expect(fit.monotonicity.ok, covarianceType).toBe(true);
      const gw = numericalGradient((w) => ll({ weights: [w[0], 1 - w[0]], means, covariances: fit.covariances }), [fit.weights[0]]);
      expect(Math.abs(gw[0]), covarianceType).toBeLessThan(1e-3);
      // Scaling every covariance by (1 + ε) must not raise ℓ: the covariances are at their constrained maximum.
      const scaled = (e: number) => ll({ weights: fit.weights, means, covariances: fit.covariances.map((c) => c.map((r) => r.map((v) => v * (1 + e)))) });
      expect(scaled(1e-3)).toBeLessThan(fit.logLikelihood + 1e-9);
      expect(scaled(-1e-3)).toBeLessThan(fit.logLikelihood + 1e-9);
      expect(fit.nParameters).toBe(fitGaussianMixture(X, { k: 2, covarianceType, seed: 1 }).nParameters - 4);
    }
  });

  it("fixed covariances, and every block fixed (nothing left to fit); bad fixed values are refused clearly", () => {
    const covariances = [[[0.1, 0.5], [0.5, 30]], [[0.2, 0.9], [0.9, 35]]];
    const fit = fitGaussianMixture(X, { k: 2, seed: 1, fixed: { covariances }, tol: 1e-13 });
    fit.covariances.forEach((c, i) => c.forEach((r, a) => r.forEach((v, b) => expect(v).toBeCloseTo(covariances[i][a][b], 12))));
    expect(fit.monotonicity.ok).toBe(true);
    const all = fitGaussianMixture(X, { k: 2, fixed: { weights: [0.4, 0.6], means: [[2, 55], [4.4, 80]], covariances } });
    expect(all.nParameters).toBe(0);
    expect(all.logLikelihood).toBeCloseTo(ll({ weights: [0.4, 0.6], means: [[2, 55], [4.4, 80]], covariances }), 8);
    expect(() => fitGaussianMixture(X, { k: 2, fixed: { weights: [0.5, 0.6] } })).toThrow(/fixed.weights sum to 1.1/);
    expect(() => fitGaussianMixture(X, { k: 2, fixed: { means: [[1, 2]] } })).toThrow(/fixed.means has 1 rows; expected 2/);
    expect(() => fitGaussianMixture(X, { k: 2, fixed: { rates: [1] } as never })).toThrow(/fixed field/);
    expect(() => fitGaussianMixture(X, { k: 2, algorithm: "online", fixed: { weights: [0.5, 0.5] } })).toThrow(/does not take fixed/);
  });
});
