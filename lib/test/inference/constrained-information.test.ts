import { describe, expect, it } from "vitest";
import { constrainedStandardErrors } from "../../src/inference/constrained-information.js";
import { NotPositiveDefiniteError } from "../../src/core/errors.js";

// Closed forms: a multinomial's MLE p̂ = counts/n has Cov = (diag(p) − p pᵀ)/n; a binomial's
// SE √(p(1 − p)/n); a Poisson rate's √(λ/n). The numerical Hessian (central differences) is good
// to ~1e-7 relative here, hence 1e-6.
describe("constrainedStandardErrors", () => {
  it("a multinomial on the simplex: the closed-form covariance, rows summing to 0", () => {
    const counts = [30, 50, 20];
    const n = 100;
    const p = counts.map((c) => c / n);
    const r = constrainedStandardErrors((t) => counts.reduce((s, c, i) => s + c * Math.log(t[i]), 0), [{ name: "p", values: p, kind: "simplex" }], "test");
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const exact = ((i === j ? p[i] : 0) - p[i] * p[j]) / n;
        expect(Math.abs(r.covariance[i * 3 + j] - exact)).toBeLessThan(1e-6 * Math.abs(p[i] * p[j] / n));
      }
      expect(Math.abs(r.covariance[i * 3] + r.covariance[i * 3 + 1] + r.covariance[i * 3 + 2])).toBeLessThan(1e-12);
    }
    expect(r.names).toEqual(["p[0]", "p[1]", "p[2]"]);
  });

  it("positive, unit and free blocks: the closed forms, invariant to the free coordinates", () => {
    // Normal(μ, σ²) with n = 50, x̄ = 2, s² = 4 (MLE): SE(μ) = √(σ²/n), SE(σ²) = σ²√(2/n).
    const n = 50;
    const ll = (t: Float64Array) => -0.5 * n * Math.log(t[1]) - (0.5 * n * (4 + (2 - t[0]) ** 2)) / t[1];
    const r = constrainedStandardErrors(ll, [{ name: "mu", values: [2], kind: "free" }, { name: "var", values: [4], kind: "positive" }], "test");
    expect(Math.abs(r.se[0] - Math.sqrt(4 / n))).toBeLessThan(1e-6);
    expect(Math.abs(r.se[1] - 4 * Math.sqrt(2 / n))).toBeLessThan(1e-6);
    const b = constrainedStandardErrors((t) => 30 * Math.log(t[0]) + 70 * Math.log(1 - t[0]), [{ name: "p", values: [0.3], kind: "unit" }], "test");
    expect(Math.abs(b.se[0] - Math.sqrt((0.3 * 0.7) / 100))).toBeLessThan(1e-7);
  });

  it("holds boundary entries fixed (SE 0), keeps the others' simplex, and lists them", () => {
    // Categories 1 and 2 observed, category 0 never: p̂ = (0, 0.4, 0.6).
    const ll = (t: Float64Array) => 40 * Math.log(t[1]) + 60 * Math.log(t[2]) + (t[0] > 0 ? 0 : 0);
    const r = constrainedStandardErrors(ll, [{ name: "p", values: [0, 0.4, 0.6], kind: "simplex" }], "test");
    expect(r.atBoundary).toEqual(["p[0]"]);
    expect(r.se[0]).toBe(0);
    expect(Math.abs(r.se[1] - Math.sqrt((0.4 * 0.6) / 100))).toBeLessThan(1e-7);
    expect(Math.abs(r.se[1] - r.se[2])).toBeLessThan(1e-12);
    const one = constrainedStandardErrors(() => 0, [{ name: "w", values: [1], kind: "simplex" }], "test");
    expect(Array.from(one.se)).toEqual([0]);
  });

  it("a likelihood flat in a direction (not identified) gets an error naming the caller and the remedy", () => {
    const flat = (t: Float64Array) => -((t[0] + t[1] - 3) ** 2);
    expect(() => constrainedStandardErrors(flat, [{ name: "a", values: [1], kind: "free" }, { name: "b", values: [2], kind: "free" }], "fitX")).toThrow(NotPositiveDefiniteError);
    expect(() => constrainedStandardErrors(flat, [{ name: "a", values: [1], kind: "free" }, { name: "b", values: [2], kind: "free" }], "fitX")).toThrow(/fitX.*not identified/);
    expect(() => constrainedStandardErrors(() => 0, [{ name: "a", values: [NaN], kind: "free" }], "fitX")).toThrow(/a\[0\] is NaN/);
  });
});
