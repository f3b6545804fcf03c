import { describe, expect, it } from "vitest";
import {
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareSf,
  normalCdf,
  normalQuantile,
  normalSf,
  regularizedGammaP,
  regularizedGammaQ,
} from "../../src/inference/chisq.js";
import { likelihoodRatioTest } from "../../src/inference/lrt.js";
import { DomainError } from "../../src/core/errors.js";

// Reference values: scipy 1.17.1 (scipy.stats.chi2.sf/cdf/ppf, scipy.stats.norm.ppf/cdf/sf,
// scipy.special.gammainc/gammaincc), printed by scripts/reference/regression_reference.py.
const CHI2_SF = [
  { x: 0.5, df: 1, sf: 0.47950012218695337, cdf: 0.5204998778130466 },
  { x: 3.841458820694124, df: 1, sf: 0.04999999999999989, cdf: 0.9500000000000001 },
  { x: 10.0, df: 1, sf: 0.001565402258002549, cdf: 0.9984345977419975 },
  { x: 50.0, df: 1, sf: 1.537459794428033e-12, cdf: 0.9999999999984626 },
  { x: 1.0, df: 2, sf: 0.6065306597126334, cdf: 0.3934693402873665 },
  { x: 5.99, df: 2, sf: 0.05003662708658629, cdf: 0.9499633729134137 },
  { x: 0.1, df: 3, sf: 0.9918374237318764, cdf: 0.00816257626812352 },
  { x: 7.81, df: 3, sf: 0.05010605635000589, cdf: 0.9498939436499941 },
  { x: 20.0, df: 5, sf: 0.0012497305630313773, cdf: 0.9987502694369687 },
  { x: 100.0, df: 10, sf: 5.4497019829205215e-17, cdf: 1.0 },
  { x: 3.0, df: 0.5, sf: 0.03341644415897894, cdf: 0.9665835558410211 },
  { x: 150.0, df: 100, sf: 0.0009039320423540184, cdf: 0.9990960679576459 },
  { x: 60.0, df: 100, sf: 0.999481108537452, cdf: 0.0005188914625480344 },
];
const CHI2_PPF = [
  { p: 0.95, df: 1, q: 3.841458820694124 },
  { p: 0.99, df: 1, q: 6.6348966010212145 },
  { p: 0.5, df: 1, q: 0.454936423119572 },
  { p: 0.95, df: 2, q: 5.991464547107979 },
  { p: 0.95, df: 5, q: 11.070497693516351 },
  { p: 0.01, df: 3, q: 0.11483180189911707 },
  { p: 0.999, df: 10, q: 29.58829844507442 },
  { p: 0.9, df: 0.5, q: 1.5007857444736732 },
];
const NORM_PPF = [
  { p: 1e-10, q: -6.361340902404056 },
  { p: 0.0001, q: -3.7190164854556804 },
  { p: 0.01, q: -2.3263478740408408 },
  { p: 0.025, q: -1.9599639845400545 },
  { p: 0.3, q: -0.5244005127080409 },
  { p: 0.5, q: 0.0 },
  { p: 0.8, q: 0.8416212335729143 },
  { p: 0.975, q: 1.959963984540054 },
  { p: 0.999, q: 3.090232306167813 },
  { p: 0.999999999, q: 5.997807019601637 },
];
const NORM_CDF = [
  { x: -8.0, cdf: 6.22096057427174e-16, sf: 0.9999999999999993 },
  { x: -3.0, cdf: 0.0013498980316300933, sf: 0.9986501019683699 },
  { x: -1.0, cdf: 0.15865525393145707, sf: 0.8413447460685429 },
  { x: 0.0, cdf: 0.5, sf: 0.5 },
  { x: 0.5, cdf: 0.6914624612740131, sf: 0.3085375387259869 },
  { x: 1.959963984540054, cdf: 0.975, sf: 0.025 },
  { x: 6.0, cdf: 0.9999999990134123, sf: 9.865876450376946e-10 },
];
const GAMMAINC = [
  { a: 0.5, x: 0.1, P: 0.34527915398142317, Q: 0.6547208460185768 },
  { a: 1.0, x: 2.0, P: 0.8646647167633873, Q: 0.1353352832366127 },
  { a: 2.5, x: 1.0, P: 0.15085496391539038, Q: 0.8491450360846096 },
  { a: 5.0, x: 10.0, P: 0.9707473119230389, Q: 0.029252688076961124 },
  { a: 10.0, x: 3.0, P: 0.0011024881301154815, Q: 0.9988975118698845 },
  { a: 30.0, x: 35.0, P: 0.8229545478999403, Q: 0.17704545210005979 },
  { a: 0.1, x: 5.0, P: 0.9998560610341533, Q: 0.00014393896584673387 },
];

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe("regularized incomplete gamma", () => {
  it("matches scipy.special.gammainc / gammaincc to 1e-12 relative", () => {
    for (const c of GAMMAINC) {
      expect(relErr(regularizedGammaP(c.a, c.x), c.P)).toBeLessThan(1e-12);
      expect(relErr(regularizedGammaQ(c.a, c.x), c.Q)).toBeLessThan(1e-12);
    }
  });
  it("handles the ends and rejects bad shapes", () => {
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
    expect(() => regularizedGammaP(0, 1)).toThrow(DomainError);
  });
});

describe("chi-square", () => {
  it("sf and cdf match scipy.stats.chi2 (1e-12 relative, tails included)", () => {
    for (const c of CHI2_SF) {
      expect(relErr(chiSquareSf(c.x, c.df), c.sf)).toBeLessThan(1e-12);
      expect(Math.abs(chiSquareCdf(c.x, c.df) - c.cdf)).toBeLessThan(1e-14);
    }
  });
  it("quantiles match scipy.stats.chi2.ppf to 1e-12 relative", () => {
    for (const c of CHI2_PPF) expect(relErr(chiSquareQuantile(c.p, c.df), c.q)).toBeLessThan(1e-12);
    expect(chiSquareQuantile(0, 3)).toBe(0);
    expect(chiSquareQuantile(1, 3)).toBe(Infinity);
  });
});

describe("normal", () => {
  it("quantile matches scipy.stats.norm.ppf to 1e-13", () => {
    for (const c of NORM_PPF) expect(Math.abs(normalQuantile(c.p) - c.q)).toBeLessThan(1e-13 * Math.max(1, Math.abs(c.q)));
  });
  it("cdf and sf match scipy.stats.norm to 1e-13 relative", () => {
    for (const c of NORM_CDF) {
      expect(relErr(normalCdf(c.x), c.cdf)).toBeLessThan(1e-13);
      expect(relErr(normalSf(c.x), c.sf)).toBeLessThan(1e-13);
    }
  });
});

describe("likelihoodRatioTest", () => {
  it("gives 2Δℓ and the chi-square p-value (scipy chi2.sf)", () => {
    // 2 * (-118.2 - -120.5) = 4.6; scipy.stats.chi2.sf(10, 1) = 0.001565402258002549
    const r = likelihoodRatioTest(-120.5, -115.5, 1);
    expect(r.statistic).toBeCloseTo(10, 12);
    expect(relErr(r.pValue, 0.001565402258002549)).toBeLessThan(1e-12);
    expect(r.df).toBe(1);
    // chi2.sf(20, 5) = 0.0012497305630313773
    expect(relErr(likelihoodRatioTest(-50, -40, 5).pValue, 0.0012497305630313773)).toBeLessThan(1e-12);
  });
  it("clamps rounding-level negative statistics to 0 and rejects swapped arguments", () => {
    expect(likelihoodRatioTest(-10, -10 - 1e-12, 1)).toEqual({ statistic: 0, df: 1, pValue: 1 });
    expect(() => likelihoodRatioTest(-10, -12, 1)).toThrow(/order \(null, alternative\)/);
    expect(() => likelihoodRatioTest(-10, -9, 0)).toThrow(DomainError);
  });
});
