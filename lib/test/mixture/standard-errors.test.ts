import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { Rng } from "../../src/core/rng.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { mixtureStandardErrors } from "../../src/mixture/standard-errors.js";
import { matchComponents } from "../../src/mixture/atlas.js";

const faithful = readCsv(`${__dirname}/../../../data/faithful.csv`).matrix(["eruptions", "waiting"]);

describe("mixtureStandardErrors", () => {
  it("equals the closed form for k = 1 (a single Gaussian): SE(μ) = σ/√n, SE(σ²) = σ²√(2/n)", () => {
    const rng = new Rng(5);
    const x = Array.from({ length: 400 }, () => [rng.normal(3, 2)]);
    const fit = fitGaussianMixture(x, { k: 1, regCovar: 0, tol: 1e-14 });
    const se = mixtureStandardErrors(fit, x);
    const v = fit.covariances[0][0][0];
    const n = x.length;
    // Tolerance 1e-5 relative: the finite-difference Hessian's truncation error at step ~1e-4.
    expect(se.means[0][0]).toBeCloseTo(Math.sqrt(v / n), 6);
    expect(Math.abs(se.means[0][0] / Math.sqrt(v / n) - 1)).toBeLessThan(1e-5);
    expect(Math.abs(se.covariances[0][0][0] / (v * Math.sqrt(2 / n)) - 1)).toBeLessThan(1e-5);
    expect(se.weights).toEqual([0]);
  });

  it("agrees with a parametric bootstrap on Old Faithful (k = 2, full)", () => {
    const fit = fitGaussianMixture(faithful, { k: 2, seed: 1, regCovar: 0, tol: 1e-12 });
    const se = mixtureStandardErrors(fit, faithful);
    const B = 200;
    const draws: number[][] = [];
    for (let b = 0; b < B; b++) {
      const { X } = fit.sample(faithful.length, 1000 + b);
      // toParams() output is accepted as init directly.
      const refit = fitGaussianMixture(X, { k: 2, init: fit.toParams(), regCovar: 0, tol: 1e-10 });
      // Align labels with the original fit before comparing.
      const perm = matchComponents(fit.means, refit.means);
      const aligned = {
        weights: perm.map((j) => refit.weights[j]),
        means: perm.map((j) => refit.means[j]),
        covariances: perm.map((j) => refit.covariances[j]),
      };
      draws.push([
        aligned.weights[0],
        ...aligned.means.flat(),
        ...aligned.covariances.flatMap((S) => [S[0][0], S[1][0], S[1][1]]),
      ]);
    }
    const p = draws[0].length;
    expect(p).toBe(se.standardErrors.length);
    for (let j = 0; j < p; j++) {
      const m = draws.reduce((s, r) => s + r[j], 0) / B;
      const sd = Math.sqrt(draws.reduce((s, r) => s + (r[j] - m) ** 2, 0) / (B - 1));
      // With B = 200 the bootstrap SD itself has ~5% sampling error, and n = 272 is finite:
      // require agreement within 25%.
      const ratio = se.standardErrors[j] / sd;
      expect(ratio, `${se.parameterNames[j]}: SE ${se.standardErrors[j]} vs bootstrap SD ${sd}`).toBeGreaterThan(0.75);
      expect(ratio, `${se.parameterNames[j]}: SE ${se.standardErrors[j]} vs bootstrap SD ${sd}`).toBeLessThan(1.25);
    }
  });

  it("works for every covariance type and names the parameters", () => {
    for (const covarianceType of ["full", "tied", "diag", "spherical"] as const) {
      const fit = fitGaussianMixture(faithful, { k: 2, covarianceType, seed: 1, tol: 1e-12 });
      const se = mixtureStandardErrors(fit, faithful);
      expect(se.standardErrors.every((s) => Number.isFinite(s) && s > 0)).toBe(true);
      expect(se.parameterNames.length).toBe(se.estimates.length);
    }
  });

  it("explains a boundary fit instead of returning NaN", () => {
    const x = [[0], [0], [0], [1], [2], [3]];
    const fit = fitGaussianMixture(x, { k: 2, regCovar: 0, seed: 2 });
    let error: unknown = null;
    try {
      mixtureStandardErrors(fit, x);
    } catch (e) {
      error = e;
    }
    if (error !== null) expect(String(error)).toMatch(/boundary|singular|not defined|identif/i);
  });
});
