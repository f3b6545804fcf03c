import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { log1pExp } from "../../src/core/special.js";
import { standardErrors, waldInterval } from "../../src/inference/index.js";
import { profileLikelihoodInterval, profileLogLikelihood } from "../../src/inference/profile.js";
import { chiSquareQuantile } from "../../src/inference/chisq.js";

// References: scripts/reference/regression_reference.py, which solves ℓ_p(ψ) = ℓ̂ − χ²₁(0.95)/2 with
// scipy.optimize.brentq (xtol 1e-14) on the closed-form profiles, and for the logistic slope
// re-maximises the intercept with statsmodels GLM(Binomial, offset = b·wt).
const REF_EXPONENTIAL = { lower: 1.002153108282119, upper: 3.5078689584598473 }; // n = 10, Σx = 5
const REF_POISSON = { lower: 0.09325812952143964, upper: 0.9724107957676027 }; // n = 8, Σy = 3
const REF_LOGIT_WT = { lower: -7.698661307615168, upper: -1.8332821836280353 }; // mtcars am ~ wt
const LOGIT_HAT = [12.040369728657323, -4.023969962173202]; // statsmodels Logit

describe("profileLikelihoodInterval", () => {
  it("Exponential rate: matches the LR equation solved by brentq, and differs from Wald (skewed)", () => {
    const ll = (t: Float64Array): number => 10 * Math.log(t[0]) - 5 * t[0];
    const r = profileLikelihoodInterval(ll, [2], 0);
    expect(Math.abs(r.lower - REF_EXPONENTIAL.lower)).toBeLessThan(1e-8);
    expect(Math.abs(r.upper - REF_EXPONENTIAL.upper)).toBeLessThan(1e-8);
    // Independent check: the ends satisfy the LR equation.
    const cutoff = ll(new Float64Array([2])) - chiSquareQuantile(0.95, 1) / 2;
    expect(ll(new Float64Array([r.lower]))).toBeCloseTo(cutoff, 8);
    expect(r.lowerAtBoundary || r.upperAtBoundary).toBe(false);
    const [wl, wu] = waldInterval(2, standardErrors(ll, [2])[0]);
    // Wald is symmetric about 2; the profile interval is shifted right (the likelihood is skewed).
    expect(r.upper - 2).toBeGreaterThan(2 - r.lower + 0.5);
    expect(wl).toBeLessThan(r.lower - 0.2);
    expect(wu).toBeLessThan(r.upper - 0.2);
  });

  it("Poisson mean with few events (the log-likelihood is −∞ for μ ≤ 0: treated as outside)", () => {
    const ll = (t: Float64Array): number => 3 * Math.log(t[0]) - 8 * t[0];
    const r = profileLikelihoodInterval(ll, [3 / 8], 0, { step: 1 }); // a deliberately large step crosses 0
    expect(Math.abs(r.lower - REF_POISSON.lower)).toBeLessThan(1e-9);
    expect(Math.abs(r.upper - REF_POISSON.upper)).toBeLessThan(1e-9);
    expect(r.lower).toBeGreaterThan(0);
  });

  it("logistic slope with the intercept re-maximised (mtcars am ~ wt) matches statsmodels + brentq", () => {
    const t = readCsv(join(__dirname, "../../../data/mtcars.csv"));
    const wt = t.numbers("wt");
    const am = t.numbers("am");
    const ll = (b: Float64Array): number => {
      let s = 0;
      for (let i = 0; i < wt.length; i++) {
        const eta = b[0] + b[1] * wt[i];
        s += am[i] * eta - log1pExp(eta);
      }
      return s;
    };
    const r = profileLikelihoodInterval(ll, LOGIT_HAT, 1);
    expect(Math.abs(r.lower - REF_LOGIT_WT.lower) / Math.abs(REF_LOGIT_WT.lower)).toBeLessThan(1e-6);
    expect(Math.abs(r.upper - REF_LOGIT_WT.upper) / Math.abs(REF_LOGIT_WT.upper)).toBeLessThan(1e-6);
    expect(r.warnings).toEqual([]);
    const prof = profileLogLikelihood(ll, LOGIT_HAT, 1, [LOGIT_HAT[1], REF_LOGIT_WT.upper]);
    expect(prof[1]).toBeCloseTo(r.cutoff, 6);
  });

  it("reports an end that runs into the search bound", () => {
    const ll = (t: Float64Array): number => -((t[0] - 0.5) ** 2) / 100; // nearly flat on [0, 1]
    const r = profileLikelihoodInterval(ll, [0.5], 0, { lower: 0, upper: 1 });
    expect(r.lower).toBe(0);
    expect(r.upper).toBe(1);
    expect(r.lowerAtBoundary && r.upperAtBoundary).toBe(true);
  });

  it("validates its arguments", () => {
    const ll = (t: Float64Array): number => -(t[0] ** 2);
    expect(() => profileLikelihoodInterval(ll, [0], 1)).toThrow(/index/);
    expect(() => profileLikelihoodInterval(ll, [0], 0, { level: 1.5 })).toThrow(/level/);
    expect(() => profileLikelihoodInterval(ll, [0], 0, { lower: 1 })).toThrow(/lower < thetaHat/);
  });
});
