import { describe, expect, it } from "vitest";
import { digamma, lgamma, log1mExp, log1pExp, logSumExp, sigmoid, trigamma } from "../../src/core/special.js";

// Reference values are closed forms: Γ(n) = (n-1)!, Γ(1/2) = √π, ψ(1) = -γ, ψ(1/2) = -γ - 2 log 2,
// ψ'(1) = π²/6, ψ'(1/2) = π²/2. Tolerances: ~1e-13, the rounding of the ten-term recurrence
// that shifts x up to the asymptotic series.
const EULER_GAMMA = 0.5772156649015329;

describe("lgamma", () => {
  it("matches log factorials at the integers", () => {
    let logFact = 0;
    for (let n = 1; n <= 170; n++) {
      expect(lgamma(n)).toBeCloseTo(logFact, 10);
      expect(Math.abs(lgamma(n) - logFact)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(logFact)));
      logFact += Math.log(n);
    }
  });
  it("matches Γ(1/2) = √π and the reflection formula", () => {
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lgamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 13);
    expect(lgamma(0)).toBe(Infinity);
  });
});

describe("digamma and trigamma", () => {
  it("match closed forms", () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 13);
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.log(2), 13);
    expect(trigamma(1)).toBeCloseTo((Math.PI * Math.PI) / 6, 13);
    expect(trigamma(0.5)).toBeCloseTo((Math.PI * Math.PI) / 2, 12);
  });
  it("satisfy the recurrences ψ(x+1) = ψ(x) + 1/x and ψ'(x+1) = ψ'(x) - 1/x²", () => {
    for (const x of [0.01, 0.3, 1.7, 4.2, 13.5, 250]) {
      expect(digamma(x + 1)).toBeCloseTo(digamma(x) + 1 / x, 10);
      expect(trigamma(x + 1) / (trigamma(x) - 1 / (x * x))).toBeCloseTo(1, 10);
    }
  });
  it("are the derivatives of lgamma (central differences, h = 1e-5: truncation error ~1e-10)", () => {
    for (const x of [0.7, 2.5, 9.1, 40]) {
      const h = 1e-5;
      expect(digamma(x)).toBeCloseTo((lgamma(x + h) - lgamma(x - h)) / (2 * h), 7);
      expect(trigamma(x)).toBeCloseTo((digamma(x + h) - digamma(x - h)) / (2 * h), 6);
    }
  });
});

describe("log-space helpers", () => {
  it("logSumExp neither overflows nor underflows", () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([0, Math.log(3)])).toBeCloseTo(Math.log(4), 14);
  });
  it("log1pExp, log1mExp and sigmoid are exact in the tails", () => {
    expect(log1pExp(800)).toBe(800);
    expect(log1pExp(-800)).toBe(0);
    expect(log1pExp(0)).toBeCloseTo(Math.LN2, 15);
    expect(log1mExp(-1e-20)).toBeCloseTo(Math.log(1e-20), 12);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(0)).toBe(0.5);
  });
});
