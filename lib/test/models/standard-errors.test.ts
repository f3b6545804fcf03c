import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { bootstrapSds } from "../helpers/bootstrap.js";
import { fitPoissonMixture, poissonMixtureStandardErrors } from "../../src/models/poissonMixture.js";
import { fitBernoulliMixture, bernoulliMixtureStandardErrors } from "../../src/models/bernoulliMixture.js";

// Observed-information standard errors against (a) the closed forms at k = 1 (√(λ/n), √(p(1 − p)/n);
// 1e-6 relative, the numerical Hessian's accuracy) and (b) a parametric bootstrap: B = 500 refits
// of samples drawn from the fit, each started at the fit (so components keep their labels; SQUAREM
// to keep the test fast). The bootstrap SD has Monte Carlo error ≈ 1/√(2B) = 3.2%; with n = 2000
// the asymptotic approximation adds little (seen while writing this: ratios 0.94–1.04 with
// B = 1000), so each ratio must be within 15% of 1 (about 4.7 MC errors; B = 300 once gave 1.153).
const B = 500;

describe("poissonMixtureStandardErrors", () => {
  it("k = 1: the closed form √(λ̂/n)", () => {
    const x = [3, 5, 4, 6, 2, 7, 4, 5];
    const fit = fitPoissonMixture(x, { k: 1 });
    const se = poissonMixtureStandardErrors(fit, x);
    expect(Math.abs(se.rates[0] / Math.sqrt(fit.rates[0] / x.length) - 1)).toBeLessThan(1e-6);
    expect(se.weights).toEqual([0]);
    expect(se.atBoundary).toEqual(["weights[0]"]);
  });

  it("k = 2, n = 2000: agrees with a parametric bootstrap", () => {
    const rng = new Rng(11);
    const truth = { weights: [0.676, 0.324], rates: [15.78, 26.84] };
    const draw = (p: typeof truth, n: number) => Array.from({ length: n }, () => rng.poisson(p.rates[rng.categorical(p.weights)]));
    const x = draw(truth, 2000);
    const fit = fitPoissonMixture(x, { k: 2, init: truth, tol: 1e-12 });
    const se = poissonMixtureStandardErrors(fit, x);
    const boot = bootstrapSds(B, () => {
      const fb = fitPoissonMixture(draw(fit, 2000), { k: 2, init: fit, tol: 1e-10, accelerate: "squarem" });
      return [fb.weights[0], fb.rates[0], fb.rates[1]];
    });
    const info = [se.weights[0], se.rates[0], se.rates[1]];
    info.forEach((s, j) => expect(Math.abs(s / boot[j] - 1), `parameter ${j}`).toBeLessThan(0.15));
    // The weights' errors balance (they sum to 1): Var(w₀) = Var(w₁) = −Cov(w₀, w₁).
    expect(Math.abs(se.covariance[0][1] + se.covariance[0][0])).toBeLessThan(1e-12);
  });
});

describe("bernoulliMixtureStandardErrors", () => {
  it("k = 1: the closed form √(p̂(1 − p̂)/n) per column", () => {
    const X = [[1, 0, 1], [1, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 0, 0]];
    const fit = fitBernoulliMixture(X, { k: 1 });
    const se = bernoulliMixtureStandardErrors(fit, X);
    fit.probabilities[0].forEach((p, j) => expect(Math.abs(se.probabilities[0][j] / Math.sqrt((p * (1 - p)) / X.length) - 1)).toBeLessThan(1e-6));
  });

  it("k = 2, n = 2000: agrees with a parametric bootstrap; a column fitted to all zeros is held at the boundary", () => {
    const rng = new Rng(4);
    const truth = { weights: [0.4, 0.6], probabilities: [[0.85, 0.7, 0.2, 0.1], [0.15, 0.25, 0.75, 0.9]] };
    const draw = (p: typeof truth, n: number) =>
      Array.from({ length: n }, () => {
        const c = rng.categorical(p.weights);
        return p.probabilities[c].map((q) => (rng.uniform() < q ? 1 : 0));
      });
    const X = draw(truth, 2000);
    const fit = fitBernoulliMixture(X, { k: 2, init: truth, tol: 1e-12 });
    const se = bernoulliMixtureStandardErrors(fit, X);
    const boot = bootstrapSds(B, () => {
      const fb = fitBernoulliMixture(draw(fit, 2000), { k: 2, init: fit, tol: 1e-10, accelerate: "squarem" });
      return [fb.weights[0], ...fb.probabilities.flat()];
    });
    const info = [se.weights[0], ...se.probabilities.flat()];
    info.forEach((s, j) => expect(Math.abs(s / boot[j] - 1), `parameter ${j}`).toBeLessThan(0.15));
    expect(se.atBoundary).toEqual([]);
    // A column that is 0 in every row: its probabilities sit at the clamp and are held fixed.
    const Z = X.map((r) => [...r, 0]);
    const fz = fitBernoulliMixture(Z, { k: 2, init: { weights: fit.weights, probabilities: fit.probabilities.map((r) => [...r, 0.5]) }, tol: 1e-12 });
    const sz = bernoulliMixtureStandardErrors(fz, Z);
    expect(sz.atBoundary).toEqual(["probabilities[0][4]", "probabilities[1][4]"]);
    expect(sz.probabilities[0][4]).toBe(0);
    expect(Math.abs(sz.probabilities[0][0] / se.probabilities[0][0] - 1)).toBeLessThan(1e-4);
  });
});
