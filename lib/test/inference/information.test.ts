import { describe, expect, it } from "vitest";
import {
  covarianceFromInformation,
  covarianceMatrix,
  observedInformation,
  standardErrors,
  standardErrorsFromInformation,
  waldInterval,
  waldIntervals,
} from "../../src/inference/index.js";
import { NotPositiveDefiniteError, UnknownOptionError } from "../../src/core/errors.js";

// Exponential rate λ with n = 10 observations summing to 5: ℓ(λ) = 10 log λ − 5λ, λ̂ = 2,
// J(λ̂) = n/λ̂² = 2.5, SE = λ̂/√n (closed forms).
const expLL = (t: Float64Array): number => 10 * Math.log(t[0]) - 5 * t[0];

describe("observedInformation / standardErrors", () => {
  it("numerical information matches the closed form", () => {
    expect(observedInformation(expLL, [2])[0]).toBeCloseTo(2.5, 6);
    expect(standardErrors(expLL, [2])[0]).toBeCloseTo(2 / Math.sqrt(10), 7);
    expect(covarianceMatrix(expLL, [2])[0]).toBeCloseTo(0.4, 7);
  });
  it("uses an analytic Hessian when given", () => {
    const J = observedInformation(expLL, [2], { hessian: (t) => new Float64Array([-10 / (t[0] * t[0])]) });
    expect(J[0]).toBe(2.5);
  });
  it("handles correlated two-parameter problems: SEs from the inverse, not 1/√J_ii", () => {
    // ℓ = −½ θᵀAθ with A = [[2, 1], [1, 2]]: Cov = A⁻¹ = [[2/3, −1/3], [−1/3, 2/3]]
    const ll = (t: Float64Array): number => -0.5 * (2 * t[0] * t[0] + 2 * t[0] * t[1] + 2 * t[1] * t[1]);
    const cov = covarianceMatrix(ll, [0.3, -0.2]);
    expect(cov[0]).toBeCloseTo(2 / 3, 6);
    expect(cov[1]).toBeCloseTo(-1 / 3, 6);
    expect(standardErrors(ll, [0.3, -0.2])[1]).toBeCloseTo(Math.sqrt(2 / 3), 6);
  });
  it("explains non-identifiability when the information is singular", () => {
    // Only a + b is identified: the Hessian [[-2, -2], [-2, -2]] is singular.
    const ll = (t: Float64Array): number => -((t[0] + t[1] - 1) ** 2);
    const hessian = (): Float64Array => new Float64Array([-2, -2, -2, -2]);
    expect(() => standardErrors(ll, [0.5, 0.5], { hessian })).toThrow(NotPositiveDefiniteError);
    expect(() => standardErrors(ll, [0.5, 0.5], { hessian })).toThrow(/not identifiable/);
    // Finite differences leave rounding noise in the singular direction; still caught.
    expect(() => standardErrors(ll, [0.5, 0.5])).toThrow(NotPositiveDefiniteError);
    // A parameter the log-likelihood does not depend on at all.
    expect(() => standardErrors((t) => -((t[0] - 1) ** 2), [1, 3])).toThrow(/θ\[1\]/);
    expect(() => standardErrorsFromInformation([[1, 0], [0, -1]], ["mu", "sigma"])).toThrow(/sigma/);
  });
  it("accepts rows or flat matrices and rejects unknown options", () => {
    expect(Array.from(covarianceFromInformation([[4, 0], [0, 25]]))).toEqual([0.25, 0, 0, 0.04]);
    expect(Array.from(standardErrorsFromInformation([4, 0, 0, 25]))).toEqual([0.5, 0.2]);
    expect(() => observedInformation(expLL, [2], { hesian: 1 } as never)).toThrow(UnknownOptionError);
  });
});

describe("Wald intervals", () => {
  it("are estimate ± Φ⁻¹((1+level)/2)·se", () => {
    const z = 1.959963984540054; // scipy.stats.norm.ppf(0.975)
    const [lo, hi] = waldInterval(2, 0.5);
    expect(lo).toBeCloseTo(2 - z * 0.5, 13);
    expect(hi).toBeCloseTo(2 + z * 0.5, 13);
    const both = waldIntervals([2, 5], [0.5, 1], 0.9);
    expect(both[1][1]).toBeCloseTo(5 + 1.6448536269514722, 12); // norm.ppf(0.95)
    expect(() => waldInterval(2, 0.5, 95)).toThrow(/level/);
  });
});
