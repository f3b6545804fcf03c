import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { fitGaussianMixture } from "../../src/mixture/index.js";

const rng = new Rng(99);
const blob = (n: number, cx: number, cy: number): number[][] => Array.from({ length: n }, () => [cx + rng.normal(), cy + rng.normal()]);
const X = [...blob(60, 0, 0), ...blob(60, 8, 0)];

describe("degeneracy policy", () => {
  it("an emptied component is re-seeded at the worst-fitted point and reported", () => {
    // Component 2 starts far from every point with a tiny covariance: its responsibilities underflow to 0.
    const init = {
      weights: [0.45, 0.45, 0.1],
      means: [[0, 0], [8, 0], [1000, 1000]],
      covariances: [[[1, 0], [0, 1]], [[1, 0], [0, 1]], [[1e-2, 0], [0, 1e-2]]],
    };
    const fit = fitGaussianMixture(X, { k: 3, init, maxIter: 50 });
    const empty = fit.degeneracies.filter((g) => g.kind === "empty");
    expect(empty.length).toBeGreaterThanOrEqual(1);
    expect(empty[0]).toMatchObject({ iteration: 1, component: 2 });
    expect(empty[0].action).toMatch(/re-seeded at observation \d+/);
    expect(fit.weights[2]).toBeGreaterThan(0);
    expect(fit.means[2][0]).toBeLessThan(100);
    expect([...fit.weights, ...fit.means.flat(), ...fit.covariances.flat(2), fit.logLikelihood].every(Number.isFinite)).toBe(true);
  });

  it("a component on duplicated points gets jitter (regCovar 0) and is reported as collapsed", () => {
    const data = [...blob(60, 0, 0), [50, 50], [50, 50], [50, 50]];
    const fit = fitGaussianMixture(data, { k: 2, regCovar: 0, seed: 1, maxIter: 20 });
    const singular = fit.degeneracies.find((g) => g.kind === "singularCovariance");
    expect(singular).toBeDefined();
    expect(singular!.iteration).toBe(0);
    expect(singular!.action).toMatch(/added .* to the diagonal/);
    expect(fit.degeneracies.some((g) => g.kind === "collapsed" && g.component === singular!.component)).toBe(true);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    // Repeated every iteration, but merged into one record.
    expect(singular!.count).toBe(singular!.lastIteration - singular!.iteration + 1);
    expect(singular!.lastIteration).toBe(fit.iterations);
  });

  it("with regCovar > 0 the same data fit without any jitter (the floor is enough)", () => {
    const data = [...blob(60, 0, 0), [50, 50], [50, 50], [50, 50]];
    const fit = fitGaussianMixture(data, { k: 2, seed: 1 });
    expect(fit.degeneracies.some((g) => g.kind === "singularCovariance")).toBe(false);
    expect(fit.degeneracies.some((g) => g.kind === "collapsed")).toBe(true);
  });

  it("a constant column with regCovar 0", () => {
    for (const type of ["full", "tied", "diag", "spherical"] as const) {
      const data = X.map((r) => [r[0], 3, r[1]]);
      const fit = fitGaussianMixture(data, { k: 2, covarianceType: type, regCovar: 0, seed: 1 });
      expect(Number.isFinite(fit.logLikelihood)).toBe(true);
      if (type !== "spherical") expect(fit.degeneracies.some((g) => g.kind === "singularCovariance")).toBe(true);
    }
  });

  it("all points identical", () => {
    const same = Array.from({ length: 10 }, () => [1e8, -1e8]);
    for (const type of ["full", "tied", "diag", "spherical"] as const) {
      for (const regCovar of [0, 1e-6]) {
        const fit = fitGaussianMixture(same, { k: 3, covarianceType: type, regCovar, seed: 1 });
        expect(Number.isFinite(fit.logLikelihood)).toBe(true);
        expect(fit.weights.every((w) => w > 0)).toBe(true);
      }
    }
  });
});
