import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError, NonFiniteError, UnknownOptionError } from "../../src/core/errors.js";
import { numericalGradient } from "../../src/calculus/derivatives.js";
import { maximize, type OptimizeMethod } from "../../src/optim/maximize.js";

const METHODS: OptimizeMethod[] = ["newton", "bfgs", "lbfgs", "nelder-mead", "gradient"];

// Rosenbrock, negated: maximum 0 at (1, 1); the classic curved valley.
const negRosen = (x: Float64Array): number => -(100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2);
const negRosenGrad = (x: Float64Array): Float64Array =>
  new Float64Array([400 * x[0] * (x[1] - x[0] ** 2) + 2 * (1 - x[0]), -200 * (x[1] - x[0] ** 2)]);
const negRosenHess = (x: Float64Array): Float64Array =>
  new Float64Array([400 * (x[1] - 3 * x[0] ** 2) - 2, 400 * x[0], 400 * x[0], -200]);

// −½(x − m)ᵀA(x − m) with A positive-definite: maximum at m.
const A = [4, 1, 0.5, 1, 3, -0.2, 0.5, -0.2, 2];
const m = [1, -2, 0.5];
const quad = (x: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += (x[i] - m[i]) * A[i * 3 + j] * (x[j] - m[j]);
  return -0.5 * s + 7;
};

describe("maximize", () => {
  it.each(METHODS)("%s finds the maximum of the negated Rosenbrock function from (−1.2, 1)", (method) => {
    const opts = method === "gradient" ? { gradient: negRosenGrad, gradTol: 1e-6 } : {};
    const r = maximize(negRosen, [-1.2, 1], { method, ...opts });
    expect(r.converged).toBe(true);
    const tol = method === "gradient" ? 1e-4 : 1e-6;
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(tol);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(2 * tol);
    expect(r.value).toBeGreaterThan(-1e-9);
    expect(r.evaluations).toBeGreaterThan(r.iterations);
    expect(r.trace[0]).toEqual({ iteration: 0, x: [-1.2, 1], value: negRosen(new Float64Array([-1.2, 1])), gradientNorm: expect.any(Number) });
    expect(r.trace.length).toBe(r.iterations + 1);
  });

  it.each(METHODS)("%s finds the maximum of a quadratic form", (method) => {
    const r = maximize(quad, [0, 0, 0], { method });
    expect(r.converged).toBe(true);
    for (let i = 0; i < 3; i++) expect(r.x[i]).toBeCloseTo(m[i], method === "gradient" ? 5 : 6);
    expect(r.value).toBeCloseTo(7, 9);
  });

  it("Newton with the analytic Hessian of a quadratic takes one step", () => {
    const hessian = (): Float64Array => new Float64Array(A.map((a) => -a));
    const gradient = (x: Float64Array): Float64Array => {
      const g = new Float64Array(3);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) g[i] -= A[i * 3 + j] * (x[j] - m[j]);
      return g;
    };
    const r = maximize(quad, [5, 5, 5], { method: "newton", gradient, hessian });
    expect(r.iterations).toBe(1);
    for (let i = 0; i < 3; i++) expect(r.x[i]).toBeCloseTo(m[i], 12);
  });

  it("analytic derivatives save evaluations and give the same answer", () => {
    const num = maximize(negRosen, [-1.2, 1], { method: "newton" });
    const ana = maximize(negRosen, [-1.2, 1], { method: "newton", gradient: negRosenGrad, hessian: negRosenHess });
    expect(ana.evaluations).toBeLessThan(num.evaluations / 3);
    expect(ana.x[0]).toBeCloseTo(num.x[0], 6);
    const b = maximize(negRosen, [-1.2, 1], { method: "bfgs", gradient: negRosenGrad });
    expect(b.converged).toBe(true);
    expect(b.x[1]).toBeCloseTo(1, 7);
  });

  it("reports the gradient at the result, matching finite differences", () => {
    const r = maximize(quad, [0, 0, 0], { gradTol: 1e-3 });
    const g = numericalGradient(quad, r.x);
    for (let i = 0; i < 3; i++) expect(r.gradient[i]).toBeCloseTo(g[i], 8);
  });

  it("Newton handles a Hessian that is not negative-definite (start in a convex region)", () => {
    // f = −x⁴ + 2x² has f'' > 0 near 0 and maxima at ±1.
    const r = maximize((x) => -(x[0] ** 4) + 2 * x[0] ** 2, [0.1], { method: "newton" });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0])).toBeCloseTo(1, 7);
  });

  it.each(METHODS)("%s treats non-finite values as 'step too long' (log-likelihood on the natural scale)", (method) => {
    // Exponential rate, n = 10, Σx = 5: NaN for λ < 0; the first steps from 0.1 overshoot into it.
    const r = maximize((x) => 10 * Math.log(x[0]) - 5 * x[0], [0.1], { method });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(2, 6);
    expect(Number.isFinite(r.value)).toBe(true);
  });

  it.each(METHODS)("%s reports non-convergence with a tiny maxIter", (method) => {
    const r = maximize(negRosen, [-1.2, 1], { method, maxIter: 2 });
    expect(r.converged).toBe(false);
    expect(r.stopReason).toMatch(/maxIter reached/);
    expect(r.iterations).toBe(2);
  });

  it.each(METHODS)("%s does not claim convergence for an unbounded function", (method) => {
    const r = maximize((x) => x[0] + 2 * x[1], [0, 0], { method, maxIter: 200 });
    expect(r.converged).toBe(false);
    expect(r.stopReason.length).toBeGreaterThan(20);
  });

  it("can switch the trace off", () => {
    expect(maximize(quad, [0, 0, 0], { trace: false }).trace).toEqual([]);
  });

  it("rejects bad input with named errors", () => {
    expect(() => maximize((x) => Math.log(x[0]), [-1])).toThrow(NonFiniteError);
    expect(() => maximize((x) => Math.log(x[0]), [-1])).toThrow(/f\(x0\) = NaN/);
    expect(() => maximize(quad, [0, 0, NaN])).toThrow(NonFiniteError);
    expect(() => maximize(quad, [])).toThrow(/non-empty/);
    expect(() => maximize(quad, [0, 0, 0], { maxiter: 3 } as never)).toThrow(UnknownOptionError);
    expect(() => maximize(quad, [0, 0, 0], { maxiter: 3 } as never)).toThrow(/maxIter/);
    expect(() => maximize(quad, [0, 0, 0], { method: "cg" as never })).toThrow(DomainError);
    expect(() => maximize(quad, [0, 0, 0], { gradient: () => new Float64Array(2) })).toThrow(/length 3/);
    expect(() => maximize(quad, [0, 0, 0], { maxIter: 0 })).toThrow(/maxIter/);
  });

  it("property: random concave quadratics are maximised by every gradient method; no NaN escapes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.constantFrom<OptimizeMethod>("newton", "bfgs", "lbfgs"),
        (b, c, method) => {
          // A = BᵀB + I (positive-definite), B upper-triangular from 6 numbers.
          const B = [b[0], b[1], b[2], 0, b[3], b[4], 0, 0, b[5]];
          const M = new Float64Array(9);
          for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
            let s = i === j ? 1 : 0;
            for (let k = 0; k < 3; k++) s += B[k * 3 + i] * B[k * 3 + j];
            M[i * 3 + j] = s;
          }
          const f = (x: Float64Array): number => {
            let s = 0;
            for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += (x[i] - c[i]) * M[i * 3 + j] * (x[j] - c[j]);
            return -0.5 * s;
          };
          const r = maximize(f, [0, 0, 0], { method, trace: false });
          expect(r.converged).toBe(true);
          for (let i = 0; i < 3; i++) {
            expect(Number.isFinite(r.x[i]) && Number.isFinite(r.gradient[i])).toBe(true);
            expect(Math.abs(r.x[i] - c[i])).toBeLessThan(1e-5 * (1 + Math.abs(c[i])));
          }
        },
      ),
      { numRuns: 60, seed: 20251125 },
    );
  });

  it("property: finite-difference gradients match analytic ones for random smooth functions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 2, maxLength: 2 }),
        (a, x) => {
          // f = a0 sin(x0) + a1 x0 x1 + a2 exp(x1 / 3) + a3 log(1 + x0²)
          const f = (v: Float64Array): number => a[0] * Math.sin(v[0]) + a[1] * v[0] * v[1] + a[2] * Math.exp(v[1] / 3) + a[3] * Math.log1p(v[0] ** 2);
          const g0 = a[0] * Math.cos(x[0]) + a[1] * x[1] + (a[3] * 2 * x[0]) / (1 + x[0] ** 2);
          const g1 = a[1] * x[0] + (a[2] / 3) * Math.exp(x[1] / 3);
          const g = numericalGradient(f, x);
          expect(Math.abs(g[0] - g0)).toBeLessThan(1e-7);
          expect(Math.abs(g[1] - g1)).toBeLessThan(1e-7);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
