/**
 * Numerical edge cases found in the second read: results must stay finite and right where the
 * naive formula overflows.
 */
import { describe, expect, it } from "vitest";
import { Exponential, Normal } from "../../src/distributions/index.js";

describe("no overflow in closed-form fits", () => {
  it("Normal.fit on values near 1e200: sd by scaled deviations, not Infinity", () => {
    // Population sd of [1, 2, 3] is √(2/3); scaling the data by 1e200 scales the estimates.
    const fit = Normal.fit([1e200, 2e200, 3e200]);
    expect(fit.params.mean / 2e200).toBeCloseTo(1, 14);
    expect(fit.params.sd / 1e200).toBeCloseTo(Math.sqrt(2 / 3), 14);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });

  it("Normal.fit on opposite extremes: the mean is 0, not NaN", () => {
    const fit = Normal.fit([-1.5e308, 1.5e308]);
    expect(fit.params.mean).toBe(0);
    expect(fit.params.sd / 1.5e308).toBeCloseTo(1, 14);
  });

  it("Exponential.fit where the plain sum overflows: rate 1/mean", () => {
    expect(Exponential.fit([1e308, 1e308]).params.rate).toBeCloseTo(1e-308, 320);
    expect(Exponential.fit([1e308, 1e308]).params.rate / 1e-308).toBeCloseTo(1, 14);
  });

  it("ordinary data keep the exactly rounded closed forms", () => {
    const fit = Normal.fit([2.1, 3.4, 1.9, 2.8]);
    const m = (2.1 + 3.4 + 1.9 + 2.8) / 4;
    expect(fit.params.mean).toBe(m);
    expect(fit.params.sd).toBe(Math.sqrt([2.1, 3.4, 1.9, 2.8].reduce((s, v) => s + (v - m) * (v - m), 0) / 4));
  });
});
