import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { DomainError, InvalidInputError, NotPositiveDefiniteError, ShapeError, UnknownOptionError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { fitMultivariateNormalMissing } from "../../src/missing/index.js";

// Reference: scripts/reference/missing_mvn_direct_mle.py maximises the observed-data log-likelihood
// DIRECTLY (scipy BFGS with the analytic gradient, then Newton polishing; final max |gradient| ≈ 1e-14),
// with no EM involved, and computes standard errors from the inverse of the observed information
// (central differences of the analytic gradient). numpy 2.4.6, scipy 1.17.1.
const REF = {
  ozone_solar: {
    logLikelihood: -1426.194954640685,
    mean: [42.26413541216938, 185.94869447001577],
    covariance: [
      [1076.187044181271, 1007.9321866820912],
      [1007.9321866820912, 8042.707562229432],
    ],
    seMean: [3.0047552409672904, 7.407759862045896],
    seCovariance: [
      [140.78681478067367, 282.06562645159636],
      [282.06562645159636, 939.8669071365388],
    ],
  },
  all4: {
    logLikelihood: -2326.697382798337,
    mean: [41.871173019597926, 184.846806249845, 9.957516339869281, 77.88235294117646],
    covariance: [
      [1044.018643064478, 942.5298418132427, -64.635927693699, 209.56350282618118],
      [942.5298418132427, 8090.701661206794, -17.335380341311538, 238.07331132702728],
      [-64.635927693699, -17.335380341311538, 12.33041736084412, -15.172318339100343],
      [209.56350282618118, 238.07331132702728, -15.172318339100343, 89.00576701268741],
    ],
    seMean: [2.782497917286222, 7.428372447709323, 0.28388547539922454, 0.7627168801738683],
    seCovariance: [
      [129.62663623361485, 266.60234155185975, 11.033332887588323, 31.26678155912068],
      [266.60234155185975, 950.667075844835, 26.211110403862893, 74.27213275877797],
      [11.033332887588323, 26.211110403862893, 1.4097660877223366, 2.945781849061333],
      [31.26678155912068, 74.27213275877797, 2.945781849061333, 10.176242074992455],
    ],
  },
};

const air = readCsv("data/airquality.csv");

function relErr(a: number, b: number, scale = Math.abs(b)): number {
  return Math.abs(a - b) / scale;
}

describe("fitMultivariateNormalMissing on airquality agrees with direct maximisation", () => {
  it.each([
    ["ozone & solar_r", ["ozone", "solar_r"], REF.ozone_solar],
    ["ozone, solar_r, wind, temp", ["ozone", "solar_r", "wind", "temp"], REF.all4],
  ] as const)("%s", (_name, cols, ref) => {
    const X = air.matrix([...cols]).filter((r) => r.some((v) => !Number.isNaN(v)));
    const fit = fitMultivariateNormalMissing(X);
    const d = cols.length;
    expect(fit.converged).toBe(true);
    expect(fit.monotonicity.ok).toBe(true);
    expect(relErr(fit.logLikelihood, ref.logLikelihood)).toBeLessThan(1e-12);
    let worstEstimate = 0;
    let worstSE = 0;
    for (let j = 0; j < d; j++) {
      // Relative to the standard deviation for means (a mean near 0 has no relative scale of its own)
      worstEstimate = Math.max(worstEstimate, relErr(fit.mean[j], ref.mean[j], Math.sqrt(ref.covariance[j][j])));
      worstSE = Math.max(worstSE, relErr(fit.standardErrors!.mean[j], ref.seMean[j]));
      for (let l = 0; l < d; l++) {
        const scale = Math.sqrt(ref.covariance[j][j] * ref.covariance[l][l]);
        worstEstimate = Math.max(worstEstimate, relErr(fit.covariance[j][l], ref.covariance[j][l], scale));
        worstSE = Math.max(worstSE, relErr(fit.standardErrors!.covariance[j][l], ref.seCovariance[j][l]));
      }
    }
    expect(worstEstimate).toBeLessThan(1e-6);
    expect(worstSE).toBeLessThan(1e-4);
    console.log(`${_name}: iterations ${fit.iterations}, max rel. error estimates ${worstEstimate.toExponential(2)}, SEs ${worstSE.toExponential(2)}, logL diff ${(fit.logLikelihood - ref.logLikelihood).toExponential(2)}`);
  });

  it("imputes conditional means and variances; observed cells are untouched", () => {
    const X = air.matrix(["ozone", "solar_r", "wind", "temp"]);
    const fit = fitMultivariateNormalMissing(X, { standardErrors: false });
    expect(fit.standardErrors).toBeNull();
    const { values, conditionalVariances } = fit.impute();
    expect(values.length).toBe(153);
    expect(fit.nMissing).toBe(44);
    for (let i = 0; i < X.length; i++) {
      for (let j = 0; j < 4; j++) {
        if (Number.isNaN(X[i][j])) {
          expect(Number.isFinite(values[i][j])).toBe(true);
          expect(conditionalVariances[i][j]).toBeGreaterThan(0);
          expect(conditionalVariances[i][j]).toBeLessThan(fit.covariance[j][j]);
        } else {
          expect(values[i][j]).toBeCloseTo(X[i][j], 10);
          expect(conditionalVariances[i][j]).toBe(0);
        }
      }
    }
    // The MLE mean equals the mean of the conditional-mean-imputed data (the M-step fixed point).
    for (let j = 0; j < 4; j++) {
      const m = values.reduce((a, r) => a + r[j], 0) / values.length;
      expect(m).toBeCloseTo(fit.mean[j], 8);
    }
  });

  it("with no missing values it returns the sample mean and covariance (divisor n) in one step", () => {
    const X = air.matrix(["wind", "temp"]);
    const fit = fitMultivariateNormalMissing(X);
    const n = X.length;
    const m = [0, 1].map((j) => X.reduce((a, r) => a + r[j], 0) / n);
    const c01 = X.reduce((a, r) => a + (r[0] - m[0]) * (r[1] - m[1]), 0) / n;
    expect(fit.mean[0]).toBeCloseTo(m[0], 10);
    expect(fit.covariance[0][1]).toBeCloseTo(c01, 9);
    expect(fit.iterations).toBeLessThanOrEqual(2);
    expect(fit.nPatterns).toBe(1);
  });
});

describe("fitMultivariateNormalMissing errors", () => {
  it("names the all-missing row and says what to do", () => {
    expect(() => fitMultivariateNormalMissing([[1, 2], [NaN, NaN], [3, 1], [2, 2]])).toThrow(/X\[1\] \(row 1, counting from 0\) has every value missing.*drop it/);
  });
  it("rejects too few rows, too few observed values per column, constant columns, non-numbers, infinities", () => {
    expect(() => fitMultivariateNormalMissing([[1, 2], [2, 3]])).toThrow(ShapeError);
    expect(() => fitMultivariateNormalMissing([[1, NaN], [2, 3], [3, NaN], [4, NaN]])).toThrow(/column 1 has 1 observed value/);
    expect(() => fitMultivariateNormalMissing([[1, 5], [2, 5], [3, 5], [4, NaN]])).toThrow(/column 1.*singular/);
    expect(() => fitMultivariateNormalMissing([[1, 2], [2, "3"], [3, 1], [4, 0]] as never)).toThrow(/X\[1\]\[1\] is the string '3'/);
    expect(() => fitMultivariateNormalMissing([[1, 2], [2, Infinity], [3, 1], [4, 0]])).toThrow(DomainError);
    expect(() => fitMultivariateNormalMissing([[1, 2], [2]] as never)).toThrow(/ragged/);
    expect(() => fitMultivariateNormalMissing([1, 2, 3] as never)).toThrow(ShapeError);
    expect(() => fitMultivariateNormalMissing("x" as never)).toThrow(InvalidInputError);
    expect(() => fitMultivariateNormalMissing([[1, 2], [2, 3], [3, 5]], { maxiter: 5 } as never)).toThrow(UnknownOptionError);
  });
  it("accepts null as missing", () => {
    const fit = fitMultivariateNormalMissing([[1, 2], [2, null], [3, 5], [4, 3], [null, 1]]);
    expect(fit.nMissing).toBe(2);
  });
  it("warns when two variables are never observed together", () => {
    const X = Array.from({ length: 12 }, (_, i) => [i % 5, i < 6 ? (i * 7) % 4 : NaN, i >= 6 ? (i * 3) % 5 : NaN]);
    const fit = fitMultivariateNormalMissing(X, { maxIter: 50 });
    expect(fit.warnings.some((w) => /variables 1 and 2 are never observed in the same row/.test(w))).toBe(true);
  });
  it("reports collinear variables as a singular covariance", () => {
    const X = Array.from({ length: 10 }, (_, i) => [i, 2 * i + 1, i % 3 === 0 ? NaN : i * i]);
    expect(() => fitMultivariateNormalMissing(X)).toThrow(NotPositiveDefiniteError);
  });
});

describe("fitMultivariateNormalMissing properties", () => {
  it("log-likelihood never decreases, covariance stays symmetric positive-definite, no NaN", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 4 }), fc.double({ min: 0.05, max: 0.4 }), (seed, d, pMiss) => {
        const rng = new Rng(seed);
        const n = 25;
        const X = Array.from({ length: n }, () => {
          const z = Array.from({ length: d }, () => rng.normal());
          const row = z.map((v, j) => 3 * j + v + 0.5 * z[0]);
          for (let j = 0; j < d; j++) if (rng.uniform() < pMiss) row[j] = NaN;
          if (row.every(Number.isNaN)) row[0] = rng.normal();
          return row;
        });
        const fit = fitMultivariateNormalMissing(X, { maxIter: 200, standardErrors: false });
        expect(fit.monotonicity.ok).toBe(true);
        for (const v of fit.history.logLikelihood) expect(Number.isFinite(v)).toBe(true);
        for (let j = 0; j < d; j++) {
          expect(Number.isFinite(fit.mean[j])).toBe(true);
          expect(fit.covariance[j][j]).toBeGreaterThan(0);
          for (let l = 0; l < d; l++) expect(fit.covariance[j][l]).toBe(fit.covariance[l][j]);
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});
