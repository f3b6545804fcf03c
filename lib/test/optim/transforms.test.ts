import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError, UnknownOptionError } from "../../src/core/errors.js";
import { maximizeConstrained } from "../../src/optim/constrained.js";
import { numericalGradient } from "../../src/calculus/derivatives.js";
import {
  composeTransforms,
  deltaMethodCovariance,
  identityTransform,
  intervalTransform,
  positiveTransform,
  simplexTransform,
  type ParameterTransform,
} from "../../src/optim/transforms.js";
import { standardErrors } from "../../src/calculus/information.js";

const composite = composeTransforms([identityTransform(), positiveTransform(2), intervalTransform(-1, 1), simplexTransform(3)]);

/** ∂θ/∂u by central differences, column by column, to check the analytic Jacobians. */
function numericJacobian(t: ParameterTransform, u: number[]): Float64Array {
  const J = new Float64Array(t.naturalDim * t.freeDim);
  for (let i = 0; i < t.naturalDim; i++) {
    const g = numericalGradient((v) => t.toNatural(v)[i], u);
    for (let j = 0; j < t.freeDim; j++) J[i * t.freeDim + j] = g[j];
  }
  return J;
}

describe("parameter transforms", () => {
  it("map to the constrained sets", () => {
    expect(positiveTransform().toNatural([0])[0]).toBe(1);
    expect(intervalTransform(0, 1).toNatural([0])[0]).toBe(0.5);
    const p = simplexTransform(3).toNatural([0, 0]);
    for (const v of p) expect(v).toBeCloseTo(1 / 3, 15);
    const q = simplexTransform(3).toNatural([800, -5]); // no overflow
    expect(q[0]).toBeCloseTo(1, 15);
    expect(q[0] + q[1] + q[2]).toBeCloseTo(1, 15);
    expect(composite.naturalDim).toBe(7);
    expect(composite.freeDim).toBe(6);
  });

  it("round-trip u → θ → u (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 6, maxLength: 6 }), (u) => {
        const theta = composite.toNatural(u);
        const back = composite.toFree(theta);
        for (let i = 0; i < 6; i++) expect(back[i]).toBeCloseTo(u[i], 9);
        expect(theta[1] > 0 && theta[2] > 0).toBe(true);
        expect(theta[3] > -1 && theta[3] < 1).toBe(true);
        expect(theta[4] + theta[5] + theta[6]).toBeCloseTo(1, 14);
      }),
      { numRuns: 200, seed: 1 },
    );
  });

  it("round-trip θ → u → θ", () => {
    const theta = [-3.5, 0.2, 40, 0.9, 0.1, 0.3, 0.6];
    const again = composite.toNatural(composite.toFree(theta));
    for (let i = 0; i < theta.length; i++) expect(again[i]).toBeCloseTo(theta[i], 12);
  });

  it("analytic Jacobians match finite differences (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 6, maxLength: 6 }), (u) => {
        const J = composite.jacobian(u);
        const N = numericJacobian(composite, u);
        for (let k = 0; k < J.length; k++) expect(Math.abs(J[k] - N[k])).toBeLessThan(1e-7 * (1 + Math.abs(J[k])));
      }),
      { numRuns: 50, seed: 2 },
    );
  });

  it("reject points outside the constraint", () => {
    expect(() => positiveTransform().toFree([0])).toThrow(DomainError);
    expect(() => intervalTransform(0, 1).toFree([1])).toThrow(/strictly between/);
    expect(() => simplexTransform(3).toFree([0.5, 0.5, 0.5])).toThrow(/sum to 1/);
    expect(() => intervalTransform(1, 0)).toThrow(DomainError);
    expect(() => composite.toFree([1, 2])).toThrow(/length 7/);
  });
});

describe("maximizeConstrained and the delta method", () => {
  it("Exponential rate on the log scale: delta-method SE equals the natural-scale SE λ̂/√n", () => {
    // n = 10 observations summing to 5: λ̂ = 2, SE = λ̂/√n (closed form; also the natural-scale
    // observed-information SE).
    const ll = (t: Float64Array): number => 10 * Math.log(t[0]) - 5 * t[0];
    const r = maximizeConstrained(ll, [0.3], positiveTransform());
    expect(r.converged).toBe(true);
    expect(r.theta[0]).toBeCloseTo(2, 8);
    expect(r.free[0]).toBeCloseTo(Math.log(2), 8);
    expect(r.standardErrors![0]).toBeCloseTo(2 / Math.sqrt(10), 7);
    expect(r.standardErrors![0]).toBeCloseTo(standardErrors(ll, r.theta)[0], 6);
    expect(r.freeCovariance![0]).toBeCloseTo(0.1, 7); // Var(log λ̂) = 1/n
  });

  it("Normal(μ, σ) with σ > 0: closed-form MLE and SEs σ̂/√n, σ̂/√(2n)", () => {
    const x = [2.1, 3.4, 1.9, 5.0, 4.2, 3.3, 2.8, 4.4];
    const n = x.length;
    const mean = x.reduce((a, b) => a + b) / n;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    const ll = (t: Float64Array): number => {
      let s = 0;
      for (const v of x) s += -Math.log(t[1]) - 0.5 * ((v - t[0]) / t[1]) ** 2;
      return s;
    };
    const r = maximizeConstrained(ll, [0, 1], composeTransforms([identityTransform(), positiveTransform()]));
    expect(r.theta[0]).toBeCloseTo(mean, 7);
    expect(r.theta[1]).toBeCloseTo(sd, 7);
    expect(r.standardErrors![0]).toBeCloseTo(sd / Math.sqrt(n), 6);
    expect(r.standardErrors![1]).toBeCloseTo(sd / Math.sqrt(2 * n), 6);
  });

  it("Multinomial probabilities on the simplex: SE √(p(1−p)/n), covariance −p_i p_j/n", () => {
    const counts = [20, 30, 50];
    const n = 100;
    const ll = (p: Float64Array): number => counts.reduce((s, c, k) => s + c * Math.log(p[k]), 0);
    const r = maximizeConstrained(ll, [1 / 3, 1 / 3, 1 / 3], simplexTransform(3), { method: "newton" });
    for (let k = 0; k < 3; k++) {
      const p = counts[k] / n;
      expect(r.theta[k]).toBeCloseTo(p, 8);
      expect(r.standardErrors![k]).toBeCloseTo(Math.sqrt((p * (1 - p)) / n), 6);
    }
    expect(r.covariance![1]).toBeCloseTo(-0.2 * 0.3 / n, 7);
  });

  it("Binomial p on the logit scale with an analytic natural-scale gradient", () => {
    const ll = (t: Float64Array): number => 7 * Math.log(t[0]) + 13 * Math.log(1 - t[0]);
    const gradient = (t: Float64Array): Float64Array => new Float64Array([7 / t[0] - 13 / (1 - t[0])]);
    const r = maximizeConstrained(ll, [0.5], intervalTransform(0, 1), { gradient, method: "bfgs" });
    expect(r.theta[0]).toBeCloseTo(0.35, 8);
    expect(r.standardErrors![0]).toBeCloseTo(Math.sqrt((0.35 * 0.65) / 20), 6);
  });

  it("deltaMethodCovariance scales by the Jacobian", () => {
    expect(deltaMethodCovariance(positiveTransform(), [Math.log(2)], [0.01])[0]).toBeCloseTo(0.04, 14);
  });

  it("reports missing SEs instead of throwing when the information is singular", () => {
    // θ₂ does not enter the likelihood: not identifiable.
    const ll = (t: Float64Array): number => 10 * Math.log(t[0]) - 5 * t[0];
    const r = maximizeConstrained(ll, [1, 1], positiveTransform(2));
    expect(r.theta[0]).toBeCloseTo(2, 6);
    expect(r.standardErrors).toBeNull();
    expect(r.note).toMatch(/identifiable/);
    expect(() => maximizeConstrained(ll, [1, 1], positiveTransform(2), { hessian: 1 } as never)).toThrow(UnknownOptionError);
  });
});
