import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MlemError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  Exponential,
  Gamma,
  Geometric,
  Laplace,
  LogNormal,
  MultivariateNormal,
  NegativeBinomial,
  Normal,
  Poisson,
  StudentT,
  Weibull,
  type FitResult,
  type UnivariateDistribution,
} from "../../src/distributions/index.js";
import { tLogLik, tScoreHessian } from "../../src/distributions/tLikelihood.js";
import { numericalGradient, numericalHessian } from "../../src/calculus/derivatives.js";

type AnyFit = FitResult<Record<string, number>, UnivariateDistribution>;

interface Case {
  name: string;
  truth: UnivariateDistribution;
  params: Record<string, number>;
  fit: (x: Float64Array) => AnyFit;
  make: (p: Float64Array) => UnivariateDistribution;
}

// Families with scalar parameters: the truth, its parameters by name (in fit order), the fit, and a
// constructor from the parameter vector (for numerical Hessians of the log-likelihood).
const CASES: Case[] = [
  { name: "Normal", truth: new Normal(2, 3), params: { mean: 2, sd: 3 }, fit: (x) => Normal.fit(x), make: (p) => new Normal(p[0], p[1]) },
  { name: "LogNormal", truth: new LogNormal(1, 0.5), params: { meanlog: 1, sdlog: 0.5 }, fit: (x) => LogNormal.fit(x), make: (p) => new LogNormal(p[0], p[1]) },
  { name: "Exponential", truth: new Exponential(0.7), params: { rate: 0.7 }, fit: (x) => Exponential.fit(x), make: (p) => new Exponential(p[0]) },
  { name: "Gamma", truth: new Gamma(2.5, 1.5), params: { shape: 2.5, scale: 1.5 }, fit: (x) => Gamma.fit(x), make: (p) => new Gamma(p[0], p[1]) },
  { name: "Weibull", truth: new Weibull(1.7, 3), params: { shape: 1.7, scale: 3 }, fit: (x) => Weibull.fit(x), make: (p) => new Weibull(p[0], p[1]) },
  { name: "Beta", truth: new Beta(2, 5), params: { alpha: 2, beta: 5 }, fit: (x) => Beta.fit(x), make: (p) => new Beta(p[0], p[1]) },
  { name: "StudentT", truth: new StudentT(1, 2, 4), params: { location: 1, scale: 2, df: 4 }, fit: (x) => StudentT.fit(x), make: (p) => new StudentT(p[0], p[1], p[2]) },
  { name: "Laplace", truth: new Laplace(-1, 2), params: { location: -1, scale: 2 }, fit: (x) => Laplace.fit(x), make: (p) => new Laplace(p[0], p[1]) },
  { name: "Cauchy", truth: new Cauchy(3, 0.5), params: { location: 3, scale: 0.5 }, fit: (x) => Cauchy.fit(x), make: (p) => new Cauchy(p[0], p[1]) },
  { name: "Poisson", truth: new Poisson(3.5), params: { rate: 3.5 }, fit: (x) => Poisson.fit(x), make: (p) => new Poisson(p[0]) },
  { name: "Bernoulli", truth: new Bernoulli(0.3), params: { p: 0.3 }, fit: (x) => Bernoulli.fit(x), make: (p) => new Bernoulli(p[0]) },
  { name: "Binomial", truth: new Binomial(8, 0.4), params: { p: 0.4 }, fit: (x) => Binomial.fit(x, { trials: 8 }), make: (p) => new Binomial(8, p[0]) },
  { name: "Geometric", truth: new Geometric(0.3), params: { p: 0.3 }, fit: (x) => Geometric.fit(x), make: (p) => new Geometric(p[0]) },
  { name: "NegativeBinomial", truth: new NegativeBinomial(2.5, 0.4), params: { r: 2.5, p: 0.4 }, fit: (x) => NegativeBinomial.fit(x), make: (p) => new NegativeBinomial(p[0], p[1]) },
];

function rmse(values: number[], truth: number): number {
  return Math.sqrt(values.reduce((s, v) => s + (v - truth) ** 2, 0) / values.length);
}

describe("consistency: the MLE approaches the truth like 1/√n", () => {
  // 10 replications at n and 100n (n = 100; 400 for the Student t and the negative binomial, whose
  // df and r estimates are far from their asymptotic regime at 100: heavy right tails): the RMSE should fall by about √100 = 10. The RMSE over 10 replications
  // itself varies by about ±22%, so we accept a ratio in [3.3, 30], and require the large-n RMSE to be
  // within 3 times the average reported standard error.
  for (const c of CASES) {
    it(c.name, () => {
      const names = Object.keys(c.params);
      const n0 = c.name === "StudentT" || c.name === "NegativeBinomial" ? 400 : 100;
      const rng = new Rng(31337); // one stream for all replications
      const rmses: number[][] = [];
      const ses: Record<string, number[]> = {};
      for (const n of [n0, 100 * n0]) {
        const est: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
        for (let r = 0; r < 10; r++) {
          const fit = c.fit(c.truth.sample(n, rng));
          for (const k of names) {
            est[k].push(fit.params[k]);
            if (n > n0) (ses[k] ??= []).push(fit.standardErrors[k]);
          }
        }
        rmses.push(names.map((k) => rmse(est[k], c.params[k])));
      }
      names.forEach((k, i) => {
        const [small, large] = [rmses[0][i], rmses[1][i]];
        const ratio = small / large;
        expect(ratio, `${c.name}.${k}: rmse ${small} → ${large}`).toBeGreaterThan(3.3);
        expect(ratio, `${c.name}.${k}: rmse ${small} → ${large}`).toBeLessThan(30);
        const meanSe = ses[k].reduce((a, b) => a + b, 0) / ses[k].length;
        expect(large).toBeLessThan(3 * meanSe);
      });
    });
  }

  it("Categorical and MultivariateNormal", () => {
    const probs = [0.1, 0.6, 0.3];
    const cat = new Categorical(probs);
    const err = (n: number): number => {
      const f = Categorical.fit(cat.sample(n, n), { categories: 3 });
      return Math.max(...f.params.probs.map((p, k) => Math.abs(p - probs[k])));
    };
    expect(err(100000)).toBeLessThan(0.01);
    const mvn = new MultivariateNormal([1, -2], [[2, 0.8], [0.8, 1]]);
    const fit = MultivariateNormal.fit(mvn.sample(20000, 3));
    expect(Math.abs(fit.params.mean[0] - 1)).toBeLessThan(4 * fit.standardErrors.mean[0]);
    expect(Math.abs(fit.params.mean[1] + 2)).toBeLessThan(4 * fit.standardErrors.mean[1]);
    expect(Math.abs(fit.params.covariance[0][1] - 0.8)).toBeLessThan(4 * fit.standardErrors.covariance[0][1]);
  });
});

describe("derivatives", () => {
  it("the Student t analytic score and Hessian agree with numericalGradient / numericalHessian", () => {
    const x = new StudentT(0.5, 1.3, 3).sample(60, 11);
    for (const [mu, s, nu] of [[0.2, 1, 2], [1, 2.5, 7], [-0.4, 0.6, 1.1], [0.5, 1.3, 40]]) {
      const f = (p: Float64Array): number => tLogLik(x, p[0], p[1], p[2]);
      const { g, H } = tScoreHessian(x, mu, s, nu);
      const gn = numericalGradient(f, [mu, s, nu]);
      const Hn = numericalHessian(f, [mu, s, nu]);
      for (let i = 0; i < 3; i++) expect(g[i]).toBeCloseTo(gn[i], 5);
      for (let i = 0; i < 9; i++) expect(Math.abs(H[i] - Hn[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(H[i])));
    }
  });

  // The analytic observed informations behind the SEs (Gamma, Weibull, Beta, NegativeBinomial, Normal, ...)
  // are checked against numericalHessian of the instance log-likelihood at the MLE; the score there is 0.
  for (const c of CASES) {
    if (c.name === "Laplace") continue; // not differentiable in the location: Fisher-information SEs by design
    it(`${c.name}: SEs equal the inverse numerical Hessian; the score vanishes at the MLE`, () => {
      const x = c.truth.sample(300, 77);
      const fit = c.fit(x);
      const names = Object.keys(c.params);
      const theta = names.map((k) => fit.params[k]);
      const ll = (p: Float64Array): number => c.make(p).logLikelihood(x);
      const g = numericalGradient(ll, theta);
      const H = numericalHessian(ll, theta);
      for (let i = 0; i < names.length; i++) {
        // gradient in units of the parameter's standard error (rounding noise of the finite difference)
        expect(Math.abs(g[i] * fit.standardErrors[names[i]]), `${c.name} score ${names[i]}`).toBeLessThan(1e-5);
      }
      const d = names.length;
      if (d === 1) {
        expect(fit.standardErrors[names[0]] / Math.sqrt(-1 / H[0])).toBeCloseTo(1, 4);
      } else if (d === 2) {
        const det = H[0] * H[3] - H[1] * H[2];
        const v = [-H[3] / det, -H[0] / det];
        expect(fit.standardErrors[names[0]] / Math.sqrt(v[0])).toBeCloseTo(1, 4);
        expect(fit.standardErrors[names[1]] / Math.sqrt(v[1])).toBeCloseTo(1, 4);
      } else {
        // 3×3: compare via the covariance diagonal computed by cofactors
        const m = (i: number, j: number): number => -H[i * 3 + j];
        const det = m(0, 0) * (m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1)) - m(0, 1) * (m(1, 0) * m(2, 2) - m(1, 2) * m(2, 0)) +
          m(0, 2) * (m(1, 0) * m(2, 1) - m(1, 1) * m(2, 0));
        const diag = [
          (m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1)) / det,
          (m(0, 0) * m(2, 2) - m(0, 2) * m(2, 0)) / det,
          (m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0)) / det,
        ];
        for (let i = 0; i < 3; i++) expect(fit.standardErrors[names[i]] / Math.sqrt(diag[i])).toBeCloseTo(1, 3);
      }
    });
  }
});

describe("standard errors match the spread of simulated MLEs (300 replications)", () => {
  // Monte Carlo: the SD of 300 estimates has ~4% relative noise, so a 15% band is a ~3.5σ check of the
  // asymptotic SE at these sample sizes.
  const mc: [string, UnivariateDistribution, number, (x: Float64Array) => AnyFit][] = [
    ["Gamma", new Gamma(2.5, 1.5), 300, (x) => Gamma.fit(x)],
    ["Weibull", new Weibull(1.7, 3), 300, (x) => Weibull.fit(x)],
    ["Beta", new Beta(2, 5), 300, (x) => Beta.fit(x)],
    ["NegativeBinomial", new NegativeBinomial(2.5, 0.4), 500, (x) => NegativeBinomial.fit(x)],
    ["StudentT", new StudentT(1, 2, 4), 1000, (x) => StudentT.fit(x)],
    ["Cauchy", new Cauchy(3, 0.5), 300, (x) => Cauchy.fit(x)],
  ];
  for (const [name, truth, n, fitFn] of mc) {
    it(`${name} (n = ${n})`, () => {
      const rng = new Rng(2024);
      const est: Record<string, number[]> = {};
      const se: Record<string, number[]> = {};
      for (let r = 0; r < 300; r++) {
        const fit = fitFn(truth.sample(n, rng));
        for (const k of Object.keys(fit.params)) {
          (est[k] ??= []).push(fit.params[k]);
          (se[k] ??= []).push(fit.standardErrors[k]);
        }
      }
      for (const k of Object.keys(est)) {
        const m = est[k].reduce((a, b) => a + b, 0) / est[k].length;
        const sd = Math.sqrt(est[k].reduce((a, b) => a + (b - m) ** 2, 0) / (est[k].length - 1));
        const seMedian = Float64Array.from(se[k]).sort()[150];
        expect(seMedian / sd, `${name}.${k}: median SE ${seMedian} vs SD ${sd}`).toBeGreaterThan(0.85);
        expect(seMedian / sd, `${name}.${k}: median SE ${seMedian} vs SD ${sd}`).toBeLessThan(1.15);
      }
    });
  }
});

describe("no NaN escapes (fast-check)", () => {
  const pos = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
  const real = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  const anyX = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, 1, -1, Infinity, -Infinity));

  it("logPdf / logPmf / cdf are never NaN for valid parameters", () => {
    fc.assert(
      fc.property(real, pos, pos, fc.double({ min: 0, max: 1, noNaN: true }), anyX, (m, a, b, p, x) => {
        const dists: UnivariateDistribution[] = [
          new Normal(m, a), new LogNormal(m / 1e6, a), new Exponential(a), new Gamma(a, b), new Weibull(a, b),
          new Beta(a, b), new StudentT(m, a, b), new Laplace(m, a), new Cauchy(m, a), new Poisson(a), new Bernoulli(p),
          new Binomial(7, p), new Geometric(Math.max(p, 1e-9)), new NegativeBinomial(a, Math.max(p, 1e-9)),
        ];
        for (const d of dists) {
          const v = d.logDensity(x);
          if (Number.isNaN(v)) throw new Error(`${d.family}.logDensity(${x}) is NaN`);
          const c = d.cdf(x);
          if (Number.isNaN(c) || c < -1e-12 || c > 1 + 1e-12) throw new Error(`${d.family}.cdf(${x}) = ${c}`);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  // A refusal (MlemError) is fine for a given data set, but a fit that refused everything would pass
  // a plain "no NaN" check vacuously: each family must also succeed on a minimum share of the data.
  const tally = new Map<string, { ok: number; total: number }>();
  const checkFit = (family: string, fit: () => AnyFit): void => {
    const t = tally.get(family) ?? { ok: 0, total: 0 };
    tally.set(family, t);
    t.total++;
    let r: AnyFit;
    try {
      r = fit();
    } catch (e) {
      if (e instanceof MlemError) return; // a named, explained refusal is fine
      throw e;
    }
    for (const v of [...Object.values(r.params), ...Object.values(r.standardErrors), r.logLikelihood]) {
      if (Number.isNaN(v)) throw new Error(`NaN in fit result ${JSON.stringify(r.params)}`);
    }
    t.ok++;
  };
  const expectShares = (minShare: Record<string, number>): void => {
    for (const [family, share] of Object.entries(minShare)) {
      const t = tally.get(family)!;
      expect(t.ok / t.total, `${family}: ${t.ok} of ${t.total} fits succeeded`).toBeGreaterThanOrEqual(share);
    }
  };

  it("fit never returns NaN on valid data (continuous)", () => {
    const posArr = fc.array(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 });
    const realArr = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 });
    const unitArr = fc.array(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), { minLength: 1, maxLength: 40 });
    tally.clear();
    fc.assert(
      fc.property(posArr, realArr, unitArr, (p, r, u) => {
        checkFit("Gamma", () => Gamma.fit(p) as unknown as AnyFit);
        checkFit("Weibull", () => Weibull.fit(p) as unknown as AnyFit);
        checkFit("LogNormal", () => LogNormal.fit(p) as unknown as AnyFit);
        checkFit("Exponential", () => Exponential.fit(p) as unknown as AnyFit);
        checkFit("Normal", () => Normal.fit(r) as unknown as AnyFit);
        checkFit("Laplace", () => Laplace.fit(r) as unknown as AnyFit);
        checkFit("Cauchy", () => Cauchy.fit(r) as unknown as AnyFit);
        checkFit("StudentT", () => StudentT.fit(r) as unknown as AnyFit);
        checkFit("Beta", () => Beta.fit(u) as unknown as AnyFit);
      }),
      { numRuns: 150, seed: 7 },
    );
    expectShares({ Gamma: 0.8, Weibull: 0.8, LogNormal: 0.8, Exponential: 0.95, Normal: 0.8, Laplace: 0.8, Cauchy: 0.6, StudentT: 0.4, Beta: 0.8 });
  });

  it("fit never returns NaN on valid data (discrete)", () => {
    const counts = fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 40 });
    const bits = fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 40 });
    tally.clear();
    fc.assert(
      fc.property(counts, bits, (c, b) => {
        checkFit("Poisson", () => Poisson.fit(c) as unknown as AnyFit);
        checkFit("Geometric", () => Geometric.fit(c) as unknown as AnyFit);
        checkFit("NegativeBinomial", () => NegativeBinomial.fit(c) as unknown as AnyFit);
        checkFit("Binomial", () => Binomial.fit(c, { trials: 60 }) as unknown as AnyFit);
        checkFit("Bernoulli", () => Bernoulli.fit(b) as unknown as AnyFit);
      }),
      { numRuns: 200, seed: 9 },
    );
    expectShares({ Poisson: 0.95, Geometric: 0.95, NegativeBinomial: 0.3, Binomial: 0.95, Bernoulli: 0.95 });
  });
});
