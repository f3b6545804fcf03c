/**
 * Regression tests for the ten defects of issue 17, one describe block each, in the order.
 * Each test failed on the code before its fix (checked by running this file against that commit).
 * Reference numbers: fixtures/peers.json (scripts/reference/reliability_peers.py: statsmodels 0.15.0)
 * and fixtures/gamma_concentrated.json (scripts/reference/gamma_concentrated_mpmath.py: mpmath 1.2.1,
 * 60 digits).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { ConvergenceError, DomainError, InvalidInputError, NotPositiveDefiniteError, ShapeError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { Gamma, StudentT, Weibull } from "../../src/distributions/index.js";
import { runEM, type EMModel } from "../../src/em/engine.js";
import { fitHMM } from "../../src/hmm/fit.js";
import { fitMultivariateNormalMissing } from "../../src/missing/multivariateNormal.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { mixtureStandardErrors } from "../../src/mixture/standard-errors.js";
import { logisticRegression, poissonRegression } from "../../src/regression/glm.js";

const PEERS = JSON.parse(readFileSync(resolve(__dirname, "fixtures/peers.json"), "utf8"));
const GAMMA = JSON.parse(readFileSync(resolve(__dirname, "fixtures/gamma_concentrated.json"), "utf8"));
const dataFile = (name: string) => resolve(__dirname, `../../../data/${name}.csv`);
const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe("defect 1: fitHMM on long sequences and large symbol tables", () => {
  it("a single sequence of 130,000 observations fits (no call-stack overflow from viterbiPath.push(...path))", () => {
    const x = Array.from({ length: 130000 }, (_, t) => (t % 7 ? 1 : 5));
    const fit = fitHMM(x, { k: 2, emission: "poisson", maxIter: 2 });
    expect(fit.viterbiPath.length).toBe(130000);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });

  it("a categorical table of 200,000 symbols per state (nSymbols given) fits: flatten has no push(...row)", () => {
    const x = Array.from({ length: 400 }, (_, t) => (t * 7919) % 200000);
    const fit = fitHMM(x, { k: 2, emission: "categorical", nSymbols: 200000, maxIter: 1 });
    expect(fit.model.emissions.type).toBe("categorical");
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });

  it("an implausible inferred symbol count (a symbol of 10⁷ among 200 observations) is refused at once, naming the remedy", () => {
    const x = Array.from({ length: 200 }, (_, t) => t % 3);
    x[5] = 1e7;
    expect(() => fitHMM(x, { k: 2, emission: "categorical", maxIter: 5 })).toThrow(DomainError);
    expect(() => fitHMM(x, { k: 2, emission: "categorical", maxIter: 5 })).toThrow(/recode|nSymbols/);
  });
});

describe("defect 2: logisticRegression does not call overlapping classes separated", () => {
  it("the issue's reproducer: slope 8.64 (SE 1.53), ℓ −31.72, as statsmodels", () => {
    const ref = PEERS.overlapLogistic;
    expect(ref.separated).toBe(false);
    const x = Array.from({ length: 501 }, (_, i) => -3 + (6 * i) / 500);
    const y = x.map((v, i) => (v + 0.3 * Math.sin(37 * i) > 0 ? 1 : 0));
    const fit = logisticRegression(x, y);
    expect(fit.converged).toBe(true);
    for (let j = 0; j < 2; j++) {
      expect(relErr(fit.coefficients[j], ref.params[j])).toBeLessThan(1e-8);
      expect(relErr(fit.standardErrors[j], ref.bse[j])).toBeLessThan(1e-7);
    }
    expect(relErr(fit.logLikelihood, ref.llf)).toBeLessThan(1e-12);
  });

  it("genuine quasi-complete separation is still refused (decided by the linear program)", () => {
    // y = 1 for x > 0, y = 0 for x < 0, and both outcomes at x = 0.
    const x = [-3, -2, -1, 0, 0, 1, 2, 3];
    const y = [0, 0, 0, 0, 1, 1, 1, 1];
    expect(() => logisticRegression(x, y)).toThrow(/quasi-completely separated/);
  });

  it("Poisson zeros that a covariate can fit exactly are refused; overlapping zeros are fitted", () => {
    // Group indicator g: every count in group 1 is 0, so its coefficient runs to −∞.
    const g = [0, 0, 0, 0, 1, 1, 1, 1];
    expect(() => poissonRegression(g, [2, 3, 1, 4, 0, 0, 0, 0])).toThrow(ConvergenceError);
    const fit = poissonRegression(g, [2, 3, 1, 4, 0, 1, 0, 0]);
    expect(fit.converged).toBe(true);
  });
});

describe("defect 3: Gamma.fit on data that vary little relative to their size", () => {
  for (const ref of GAMMA.cases) {
    it(`x = ${ref.offset} + (i mod 10), n = 200: the exact MLE and log-likelihood (60-digit reference)`, () => {
      const x = Array.from({ length: 200 }, (_, i) => ref.offset + (i % 10));
      const fit = Gamma.fit(x);
      expect(fit.converged).toBe(true);
      // Shape ≈ 10¹³–10¹⁷ from s = log x̄ − mean log x ≈ 1/(2k): s carries ~1e-11 relative error.
      expect(relErr(fit.params.shape, ref.shape)).toBeLessThan(1e-9);
      expect(relErr(fit.params.scale, ref.scale)).toBeLessThan(1e-9);
      expect(Math.abs(fit.logLikelihood - ref.logLikelihood)).toBeLessThan(1e-9);
      // The fitted distribution agrees with the fit (the density is evaluated in centred form too).
      expect(Math.abs(fit.distribution.logLikelihood(x) - ref.logLikelihood)).toBeLessThan(1e-6);
      expect(Number.isFinite(fit.standardErrors.shape) && Number.isFinite(fit.standardErrors.scale)).toBe(true);
    });
  }
});

describe("defect 4: fitMultivariateNormalMissing at an unbounded likelihood", () => {
  it("a column with 2 observed values: not converged, stopReason 'degenerate', the column and a remedy named", () => {
    const X: number[][] = [];
    for (let i = 0; i < 30; i++) X.push([Math.sin(i), Math.cos(3 * i), i < 2 ? i * 0.7 + 0.3 : NaN]);
    const fit = fitMultivariateNormalMissing(X);
    expect(fit.converged).toBe(false);
    expect(fit.stopReason).toBe("degenerate");
    expect(fit.standardErrors).toBeNull();
    expect(fit.warnings.some((w) => /unbounded/.test(w) && /column 2/.test(w) && /Drop the column/.test(w))).toBe(true);
  });

  it("well-posed data with missing values still converge (no false alarm)", () => {
    const X = readCsv(dataFile("airquality")).matrix(["ozone", "solar_r", "wind", "temp"]);
    const fit = fitMultivariateNormalMissing(X);
    expect(fit.converged).toBe(true);
    expect(fit.stopReason).toBe("converged");
  });
});

describe("defect 5: standard errors on well-posed data", () => {
  const diabetes = readCsv(dataFile("diabetes")).matrix(["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]);

  it("fitMultivariateNormalMissing on complete 442 × 10 diabetes data: finite standard errors, no warning", () => {
    const fit = fitMultivariateNormalMissing(diabetes);
    expect(fit.warnings).toEqual([]);
    const se = fit.standardErrors!;
    expect(se).not.toBeNull();
    expect([...se.mean, ...se.covariance.flat()].every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });

  it("mixtureStandardErrors on diabetes (k = 2, full: 131 parameters): finite and positive", () => {
    const fit = fitGaussianMixture(diabetes, { k: 2, covarianceType: "full", seed: 1 });
    const se = mixtureStandardErrors(fit, diabetes);
    expect(se.standardErrors.length).toBe(131);
    expect(se.standardErrors.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });
});

describe("defect 6: paramTol is honoured exactly as documented", () => {
  it("fitMultivariateNormalMissing stops at the first iteration whose parameter change (in σ units) is ≤ paramTol, not when ℓ stops changing", () => {
    const X = readCsv(dataFile("airquality"))
      .matrix(["ozone", "solar_r"])
      .filter((r) => r.some((v) => !Number.isNaN(v)));
    const paramTol = 1e-10;
    const fit = fitMultivariateNormalMissing(X, { paramTol, snapshots: "all", standardErrors: false });
    expect(fit.converged).toBe(true);
    const sd = [0, 1].map((j) => {
      const v = X.map((r) => r[j]).filter((t) => !Number.isNaN(t));
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    });
    const change = (a: (typeof fit.history.snapshots)[number]["params"], b: typeof a): number => {
      let c = 0;
      for (let j = 0; j < 2; j++) {
        c = Math.max(c, Math.abs(a.mean[j] - b.mean[j]) / sd[j]);
        for (let l = 0; l <= j; l++) c = Math.max(c, Math.abs(a.covariance[j][l] - b.covariance[j][l]) / (sd[j] * sd[l]));
      }
      return c;
    };
    const s = fit.history.snapshots;
    expect(s.length).toBe(fit.iterations + 1);
    // Relative rounding of the σ units between the test and the library: allow 1e-3 of paramTol.
    expect(change(s[s.length - 1].params, s[s.length - 2].params)).toBeLessThanOrEqual(paramTol * 1.001);
    for (let t = 1; t < s.length - 1; t++) expect(change(s[t].params, s[t - 1].params)).toBeGreaterThan(paramTol * 0.999);
  });

  it("runEM with paramTol and tol = relTol = 0 ignores a flat log-likelihood and stops on the parameters", () => {
    // ℓ is constant, θ halves each step: only the parameter test can stop the run.
    const model: EMModel<number, null> = { eStep: () => ({ stats: null, logLikelihood: 0 }), mStep: (_s, t) => t / 2, flatten: (t) => [t] };
    const fit = runEM(model, 1, { paramTol: 1e-3, tol: 0, relTol: 0 });
    expect(fit.converged).toBe(true);
    // |θ_t − θ_{t−1}| = 2^-t ≤ 1e-3 first at t = 10.
    expect(fit.iterations).toBe(10);
  });
});

describe("defect 7: standard errors at extreme scales and tied data", () => {
  const rng = new Rng(1);
  const z = Array.from({ length: 200 }, () => rng.normal());
  const positive = z.map((v) => Math.exp(0.5 * v));
  const heavy = z.map((v) => v * (v > 1.5 ? 4 : 1));
  for (const s of [1e-300, 1e-150, 1e150, 1e300]) {
    it(`Gamma, Weibull and StudentT on data × ${s}: finite standard errors that scale with the data`, () => {
      const pairs = [
        [Gamma.fit(positive), Gamma.fit(positive.map((v) => v * s))],
        [Weibull.fit(positive), Weibull.fit(positive.map((v) => v * s))],
      ] as const;
      for (const [a, b] of pairs) {
        expect(relErr(b.standardErrors.shape, a.standardErrors.shape)).toBeLessThan(1e-9);
        expect(relErr(b.standardErrors.scale, a.standardErrors.scale * s)).toBeLessThan(1e-9);
      }
      const t1 = StudentT.fit(heavy);
      const ts = StudentT.fit(heavy.map((v) => v * s));
      expect(ts.converged).toBe(true);
      expect(relErr(ts.standardErrors.location, t1.standardErrors.location * s)).toBeLessThan(1e-7);
      expect(relErr(ts.standardErrors.scale, t1.standardErrors.scale * s)).toBeLessThan(1e-7);
      expect(relErr(ts.standardErrors.df, t1.standardErrors.df)).toBeLessThan(1e-7);
    });
  }

  it("StudentT with half the data tied: the unbounded likelihood is detected, as Cauchy does", () => {
    const x = z.map((v, i) => (i % 2 ? 0.5 : v));
    expect(() => StudentT.fit(x)).toThrow(DomainError);
    expect(() => StudentT.fit(x)).toThrow(/100 of the 200 values equal 0.5/);
  });
});

describe("defect 8: clear messages at extreme scales", () => {
  const rng = new Rng(2);
  const z = Array.from({ length: 200 }, () => rng.normal());
  const X = z.map((v, i) => [v, z[(i * 7) % 200]]);
  const y = z.map((v, i) => (v + 0.8 * z[(i * 7) % 200] + z[(i * 13) % 200] > 0 ? 1 : 0));

  it("logistic regression on x × 10^±300 fits (no 'linearly dependent columns')", () => {
    const base = logisticRegression(X, y);
    for (const s of [1e-300, 1e300]) {
      const fit = logisticRegression(X.map((r) => r.map((v) => v * s)), y);
      expect(relErr(fit.logLikelihood, base.logLikelihood)).toBeLessThan(1e-12);
      expect(relErr(fit.coefficients[1] * s, base.coefficients[1])).toBeLessThan(1e-9);
      expect(relErr(fit.standardErrors[2] * s, base.standardErrors[2])).toBeLessThan(1e-9);
    }
  });

  it("genuinely dependent columns still get the linear-dependence message", () => {
    const dup = X.map((r) => [r[0], r[1], r[0] + r[1]]);
    expect(() => logisticRegression(dup, y)).toThrow(NotPositiveDefiniteError);
  });

  it("fitHMM on data × 10³⁰⁰ and × 10⁻³⁰⁰: the variance's range is named (not model.emissions.means, not 'all equal')", () => {
    for (const s of [1e300, 1e-300]) {
      let message = "";
      try {
        fitHMM(z.map((v) => v * s), { k: 2, emission: "gaussian" });
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        message = (e as Error).message;
      }
      expect(message).toMatch(/variance/);
      expect(message).toMatch(/Rescale/);
      expect(message).not.toMatch(/model\.emissions|are equal/);
    }
  });

  it("Weibull.fit([1e-200, 1, 1e200]) gives a finite fit, not 'shape must be a number, got NaN'", () => {
    const fit = Weibull.fit([1e-200, 1, 1e200]);
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.params.shape) && fit.params.shape > 0).toBe(true);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });
});

describe("defect 9: the mixture's degeneracy report", () => {
  const rng = new Rng(3);
  const z = Array.from({ length: 200 }, () => [rng.normal(), rng.normal()]);

  it("a constant column is reported, with what it does to ℓ", () => {
    const fit = fitGaussianMixture(z.map((r) => [...r, 3]), { k: 2, seed: 1 });
    const rec = fit.degeneracies.find((d) => d.kind === "degenerateData");
    expect(rec).toBeDefined();
    expect(rec!.component).toBe(-1);
    expect(rec!.action).toMatch(/column 2 is constant/);
    expect(rec!.action).toMatch(/regCovar/);
  });

  it("a single observation is reported", () => {
    const fit = fitGaussianMixture([[1, 2]], { k: 1 });
    expect(fit.degeneracies.some((d) => d.kind === "degenerateData")).toBe(true);
  });

  it("data × 10⁻³⁰⁰ with regCovar 0: a DomainError, not a silent 1e-10·I covariance", () => {
    expect(() => fitGaussianMixture(z.map((r) => r.map((v) => v * 1e-300)), { k: 2, regCovar: 0 })).toThrow(/underflows/);
  });

  it("with regCovar > 0 a decrease of ℓ never exceeds the bound the README states", () => {
    // Points on a near-degenerate grid make variances comparable to regCovar, so ℓ can decrease.
    const g = new Rng(4);
    const X = Array.from({ length: 60 }, (_, i) => [Math.round(g.normal() * 3) / 100, i % 3 === 0 ? 0 : g.normal()]);
    const eps = 1e-3;
    const fit = fitGaussianMixture(X, { k: 3, covarianceType: "diag", regCovar: eps, seed: 5, tol: 0, maxIter: 60, snapshots: "all" });
    const ll = fit.history.logLikelihood;
    let decreases = 0;
    for (let t = 1; t < ll.length; t++) {
      if (ll[t] >= ll[t - 1]) continue;
      decreases++;
      expect(ll[t - 1] - ll[t]).toBeLessThanOrEqual(regCovarBound(fit.history.snapshots, X, t, eps) * (1 + 1e-9) + 1e-9);
    }
    expect(decreases).toBeGreaterThan(0);
  });
});

/**
 * ½ Σ_c N_c Σ_j [log(1 + ε/s_cj) − ε/(s_cj + ε)] for the step t−1 → t of a diag fit: N_c from the
 * responsibilities at θ_{t−1}, s_cj = the variances at θ_t minus ε (the unregularised M-step).
 */
function regCovarBound(snapshots: Array<{ iteration: number; params: { weights: number[]; means: number[][]; covariances: number[][][] } }>, X: number[][], t: number, eps: number): number {
  const prev = snapshots.find((s) => s.iteration === t - 1)!.params;
  const next = snapshots.find((s) => s.iteration === t)!.params;
  const k = prev.weights.length;
  const d = X[0].length;
  const N = new Array<number>(k).fill(0);
  for (const x of X) {
    const logp = prev.weights.map((w, c) => {
      let s = Math.log(w);
      for (let a = 0; a < d; a++) {
        const v = prev.covariances[c][a][a];
        s += -0.5 * Math.log(2 * Math.PI * v) - (x[a] - prev.means[c][a]) ** 2 / (2 * v);
      }
      return s;
    });
    const m = Math.max(...logp);
    const tot = logp.reduce((a, b) => a + Math.exp(b - m), 0);
    logp.forEach((l, c) => (N[c] += Math.exp(l - m) / tot));
  }
  let bound = 0;
  for (let c = 0; c < k; c++) {
    for (let a = 0; a < d; a++) {
      const s = next.covariances[c][a][a] - eps;
      bound += 0.5 * N[c] * (Math.log1p(eps / s) - eps / (s + eps));
    }
  }
  return bound;
}

describe("defect 10: offsets, the t at df = ∞, and input checks", () => {
  it("fitHMM on a series shifted by 2⁴⁰ ≈ 1.1·10¹² takes the same iterations and ℓ as the unshifted series", () => {
    // Values on a grid of 2⁻¹⁰, so adding 2⁴⁰ is exact: any difference is the fit's own rounding.
    const rng = new Rng(6);
    const x = Array.from({ length: 300 }, (_, i) => Math.round(((Math.floor(i / 30) % 2 ? 3 : 0) + rng.normal()) * 1024) / 1024);
    const a = fitHMM(x, { k: 2, emission: "gaussian" });
    const b = fitHMM(x.map((v) => v + 2 ** 40), { k: 2, emission: "gaussian" });
    expect(b.converged).toBe(true);
    expect(Math.abs(b.iterations - a.iterations)).toBeLessThanOrEqual(1);
    expect(Math.abs(b.logLikelihood - a.logLikelihood)).toBeLessThan(1e-6);
  });

  it("StudentT.fit on normal data with a large offset says the maximum is at df = ∞", () => {
    // This seed's data made the unfixed fit stall at df ≈ 3·10⁵ with an optimiser message only.
    const rng = new Rng(124);
    const x = Array.from({ length: 220 }, () => 1e12 + 1e-3 * rng.normal());
    const fit = StudentT.fit(x);
    expect(fit.params.df).toBeGreaterThan(1e4);
    expect(fit.converged).toBe(false);
    expect(fit.message).toMatch(/df → ∞/);
  });

  it("a { data, n, d } matrix with d = 0 (or n = 0) is refused", () => {
    expect(() => fitGaussianMixture({ data: new Float64Array(0), n: 5, d: 0 }, { k: 1 })).toThrow(ShapeError);
    expect(() => fitGaussianMixture({ data: new Float64Array(0), n: 0, d: 3 }, { k: 1 })).toThrow(ShapeError);
  });

  it("fitHMM rejects seed: 1.5, as the mixture fit does", () => {
    expect(() => fitHMM([1, 2, 3, 4, 5, 6], { k: 2, emission: "poisson", seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => fitGaussianMixture([[1], [2], [3]], { k: 1, seed: 1.5 })).toThrow(/seed must be an integer/);
  });

  it("snapshots of parameters that cannot be cloned give an InvalidInputError with the remedy, not a DataCloneError", () => {
    const model: EMModel<{ v: number; f: () => number }, null> = {
      eStep: (p) => ({ stats: null, logLikelihood: -((p.v - 1) ** 2) }),
      mStep: (_s, p) => ({ v: (p.v + 1) / 2, f: p.f }),
    };
    expect(() => runEM(model, { v: 0, f: () => 1 }, { snapshots: "all" })).toThrow(InvalidInputError);
    expect(() => runEM(model, { v: 0, f: () => 1 }, { snapshots: "all" })).toThrow(/clone/);
  });
});
