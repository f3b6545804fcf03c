import { describe, expect, it } from "vitest";
import { digamma, lgamma } from "../../src/core/special.js";
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
  Multinomial,
  MultivariateNormal,
  NegativeBinomial,
  Normal,
  Poisson,
  StudentT,
  Weibull,
} from "../../src/distributions/index.js";
import { normalCdf, regularizedBeta, regularizedGammaP } from "../../src/distributions/incomplete.js";

// Every expected value below is derived by hand from the density formula (written next to it).
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

describe("log densities at points", () => {
  it("continuous families", () => {
    expect(new Normal(0, 1).logPdf(0)).toBeCloseTo(-HALF_LOG_2PI, 14);
    expect(new Normal(10, 2).logPdf(12)).toBeCloseTo(-0.5 - Math.log(2) - HALF_LOG_2PI, 14);
    expect(new LogNormal(0, 1).logPdf(1)).toBeCloseTo(-HALF_LOG_2PI, 14);
    expect(new LogNormal(0, 1).logPdf(Math.E)).toBeCloseTo(-0.5 - 1 - HALF_LOG_2PI, 14);
    expect(new LogNormal(0, 1).logPdf(0)).toBe(-Infinity);
    expect(new Exponential(2).logPdf(0.5)).toBeCloseTo(Math.log(2) - 1, 14);
    expect(new Exponential(2).logPdf(-1)).toBe(-Infinity);
    // Gamma(2, 3) at 3: (k−1)log x − x/θ − k log θ − lgamma(k) = log 3 − 1 − 2 log 3
    expect(new Gamma(2, 3).logPdf(3)).toBeCloseTo(-Math.log(3) - 1, 14);
    expect(new Gamma(0.5, 1).logPdf(0)).toBe(Infinity);
    expect(new Gamma(1, 2).logPdf(0)).toBeCloseTo(-Math.log(2), 14);
    expect(new Gamma(3, 2).logPdf(0)).toBe(-Infinity);
    // Weibull(2, 1) at 1: log(k/λ) + (k−1)log(1) − 1
    expect(new Weibull(2, 1).logPdf(1)).toBeCloseTo(Math.log(2) - 1, 14);
    expect(new Weibull(1, 0.5).logPdf(0.7)).toBeCloseTo(new Exponential(2).logPdf(0.7), 14);
    // Beta(2, 2) at 1/2: 6 · 1/4
    expect(new Beta(2, 2).logPdf(0.5)).toBeCloseTo(Math.log(1.5), 14);
    expect(new Beta(1, 1).logPdf(0)).toBeCloseTo(0, 14);
    expect(new Beta(0.5, 0.5).logPdf(1)).toBe(Infinity);
    expect(new Beta(2, 3).logPdf(0)).toBe(-Infinity);
    expect(new Beta(2, 3).logPdf(1.5)).toBe(-Infinity);
    // t with 1 df is the Cauchy; with 2 df, f(0) = Γ(3/2)/(Γ(1)√(2π)) = 1/(2√2)
    expect(new StudentT(0, 1, 1).logPdf(0.7)).toBeCloseTo(new Cauchy(0, 1).logPdf(0.7), 13);
    expect(new StudentT(0, 1, 2).logPdf(0)).toBeCloseTo(-1.5 * Math.log(2), 14);
    expect(new StudentT(0, 1, 1e8).logPdf(0.3)).toBeCloseTo(new Normal(0, 1).logPdf(0.3), 7);
    expect(new Cauchy(0, 1).logPdf(0)).toBeCloseTo(-Math.log(Math.PI), 14);
    expect(new Laplace(1, 2).logPdf(3)).toBeCloseTo(-Math.log(4) - 1, 14);
    expect(new Normal(0, 1).logPdf(Infinity)).toBe(-Infinity);
    expect(new Normal(0, 1).pdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });

  it("discrete families", () => {
    expect(new Poisson(3).logPmf(2)).toBeCloseTo(2 * Math.log(3) - 3 - Math.log(2), 14);
    expect(new Poisson(3).logPmf(2.5)).toBe(-Infinity);
    expect(new Poisson(3).logPmf(-1)).toBe(-Infinity);
    expect(new Poisson(0).logPmf(0)).toBe(0);
    expect(new Poisson(0).logPmf(1)).toBe(-Infinity);
    expect(new Bernoulli(0.3).logPmf(1)).toBeCloseTo(Math.log(0.3), 15);
    expect(new Bernoulli(0.3).pmf(0)).toBeCloseTo(0.7, 15);
    expect(new Bernoulli(1).logPmf(0)).toBe(-Infinity);
    // C(5,2) 0.4² 0.6³ = 10 · 0.16 · 0.216
    expect(new Binomial(5, 0.4).pmf(2)).toBeCloseTo(0.3456, 14);
    expect(new Binomial(5, 0).pmf(0)).toBe(1);
    expect(new Binomial(5, 0.4).logPmf(6)).toBe(-Infinity);
    // failures convention: P(X = 2) = p(1−p)²
    expect(new Geometric(0.25).pmf(2)).toBeCloseTo(0.140625, 15);
    expect(new Geometric(1).pmf(0)).toBe(1);
    // C(2+3−1, 2) 0.5³ 0.5² = 6/32
    expect(new NegativeBinomial(3, 0.5).pmf(2)).toBeCloseTo(0.1875, 14);
    expect(new NegativeBinomial(1, 0.3).logPmf(4)).toBeCloseTo(new Geometric(0.3).logPmf(4), 13);
    expect(new Categorical([0.2, 0.5, 0.3]).logPmf(1)).toBeCloseTo(Math.log(0.5), 15);
    expect(new Categorical([0.2, 0.5, 0.3]).logPmf(3)).toBe(-Infinity);
    // 3!/(1!1!1!) · 0.2 · 0.5 · 0.3
    expect(Math.exp(new Multinomial(3, [0.2, 0.5, 0.3]).logPmf([1, 1, 1]))).toBeCloseTo(0.18, 14);
    expect(new Multinomial(3, [0.2, 0.5, 0.3]).logPmf([1, 1, 0])).toBe(-Infinity);
  });

  it("multivariate normal through the Cholesky factor", () => {
    // Σ = [[1, .5], [.5, 2]]: det 1.75, Σ⁻¹ = [[2, −.5], [−.5, 1]]/1.75, so (1, −1) has q = 4/1.75.
    const d = new MultivariateNormal([0, 0], [[1, 0.5], [0.5, 2]]);
    expect(d.logPdf([1, -1])).toBeCloseTo(-Math.log(2 * Math.PI) - 0.5 * Math.log(1.75) - 0.5 * (4 / 1.75), 13);
    const one = new MultivariateNormal([3], [[4]]);
    expect(one.logPdf([5])).toBeCloseTo(new Normal(3, 2).logPdf(5), 14);
    const arr = d.logPdfArray([[1, -1], [0, 0]]);
    expect(arr[0]).toBeCloseTo(d.logPdf([1, -1]), 14);
    expect(d.logLikelihood([[1, -1], [0, 0]])).toBeCloseTo(arr[0] + arr[1], 13);
  });
});

describe("CDFs", () => {
  it("match closed forms", () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(new Normal(0, 1).cdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(new Normal(0, 1).cdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 10);
    expect(new LogNormal(0, 1).cdf(1)).toBeCloseTo(0.5, 15);
    expect(new Exponential(2).cdf(1)).toBeCloseTo(1 - Math.exp(-2), 15);
    expect(new Gamma(3, 1).cdf(2)).toBeCloseTo(1 - 5 * Math.exp(-2), 14); // 1 − e^{−x}(1 + x + x²/2)
    expect(new Gamma(3, 1).cdf(20)).toBeCloseTo(1 - 221 * Math.exp(-20), 14);
    expect(new Weibull(2, 1).cdf(1)).toBeCloseTo(1 - Math.exp(-1), 15);
    expect(new Beta(2, 2).cdf(0.3)).toBeCloseTo(0.216, 14); // 3x² − 2x³
    expect(new StudentT(0, 1, 2).cdf(1)).toBeCloseTo(0.5 + 1 / (2 * Math.sqrt(3)), 13); // ½ + t/(2√(2+t²))
    expect(new StudentT(0, 1, 2).cdf(-1)).toBeCloseTo(0.5 - 1 / (2 * Math.sqrt(3)), 13);
    expect(new Cauchy(0, 1).cdf(1)).toBeCloseTo(0.75, 15);
    expect(new Laplace(0, 1).cdf(-1)).toBeCloseTo(0.5 * Math.exp(-1), 15);
    expect(new Poisson(3).cdf(2)).toBeCloseTo(8.5 * Math.exp(-3), 14);
    expect(new Binomial(5, 0.4).cdf(2)).toBeCloseTo(0.68256, 13);
    expect(new Geometric(0.25).cdf(2)).toBeCloseTo(1 - 0.75 ** 3, 15);
    expect(new NegativeBinomial(1, 0.5).cdf(1)).toBeCloseTo(0.75, 14);
    expect(new Bernoulli(0.3).cdf(0.5)).toBeCloseTo(0.7, 15);
    expect(new Categorical([0.2, 0.5, 0.3]).cdf(1)).toBeCloseTo(0.7, 15);
  });

  it("discrete CDFs equal the running sum of the pmf", () => {
    const cases = [new Poisson(4.3), new Binomial(12, 0.37), new NegativeBinomial(2.5, 0.4), new Geometric(0.2)];
    for (const d of cases) {
      let s = 0;
      for (let k = 0; k <= 15; k++) {
        s += d.pmf(k);
        expect(d.cdf(k)).toBeCloseTo(s, 12);
      }
    }
  });

  it("incomplete gamma / beta identities", () => {
    expect(regularizedGammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 15);
    expect(regularizedBeta(0.5, 2, 2)).toBeCloseTo(0.5, 15);
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 15);
    expect(regularizedBeta(0.2, 3.5, 1.2) + regularizedBeta(0.8, 1.2, 3.5)).toBeCloseTo(1, 14);
  });
});

describe("moments", () => {
  it("match the formulas", () => {
    expect(new Gamma(2, 3).mean).toBe(6);
    expect(new Gamma(2, 3).variance).toBe(18);
    expect(new Gamma(2, 4).rate).toBe(0.25);
    expect(new Weibull(1, 2).mean).toBeCloseTo(2, 14);
    expect(new Weibull(1, 2).variance).toBeCloseTo(4, 13);
    expect(new LogNormal(0, 1).mean).toBeCloseTo(Math.exp(0.5), 14);
    expect(new Beta(2, 5).mean).toBeCloseTo(2 / 7, 15);
    expect(new StudentT(0, 2, 5).variance).toBeCloseTo((4 * 5) / 3, 14);
    expect(new StudentT(0, 1, 1.5).variance).toBe(Infinity);
    expect(Number.isNaN(new Cauchy(0, 1).mean)).toBe(true);
    expect(new Laplace(0, 3).variance).toBe(18);
    expect(new Geometric(0.25).mean).toBe(3);
    expect(new NegativeBinomial(2, 0.5).variance).toBe(4);
    expect(Array.from(new Multinomial(10, [0.2, 0.8]).mean)).toEqual([2, 8]);
  });
});

describe("closed-form MLEs on small arrays", () => {
  it("Normal uses the 1/n variance", () => {
    const fit = Normal.fit([1, 2, 4]);
    expect(fit.params.mean).toBeCloseTo(7 / 3, 14);
    expect(fit.params.sd).toBeCloseTo(Math.sqrt(42 / 27), 14);
    expect(fit.standardErrors.mean).toBeCloseTo(Math.sqrt(42 / 27) / Math.sqrt(3), 14);
    expect(fit.standardErrors.sd).toBeCloseTo(Math.sqrt(42 / 27) / Math.sqrt(6), 14);
    expect(fit.logLikelihood).toBeCloseTo(fit.distribution.logLikelihood([1, 2, 4]), 12);
  });

  it("LogNormal, Exponential, Laplace", () => {
    const ln = LogNormal.fit([1, Math.E, Math.E ** 2]);
    expect(ln.params.meanlog).toBeCloseTo(1, 14);
    expect(ln.params.sdlog).toBeCloseTo(Math.sqrt(2 / 3), 14);
    const e = Exponential.fit([0.5, 1.5, 1]);
    expect(e.params.rate).toBeCloseTo(1, 15);
    expect(e.standardErrors.rate).toBeCloseTo(1 / Math.sqrt(3), 15);
    const l = Laplace.fit([1, 2, 3, 10]);
    expect(l.params).toEqual({ location: 2.5, scale: 2.5 });
    const l3 = Laplace.fit([10, 1, 2]);
    expect(l3.params).toEqual({ location: 2, scale: 3 });
    expect(l3.logLikelihood).toBeCloseTo(l3.distribution.logLikelihood([10, 1, 2]), 12);
  });

  it("counts: Poisson, Bernoulli, Binomial, Geometric", () => {
    const p = Poisson.fit([5, 3, 0, 2, 0, 3]);
    expect(p.params.rate).toBeCloseTo(13 / 6, 15);
    expect(p.standardErrors.rate).toBeCloseTo(Math.sqrt(13 / 36), 15);
    expect(p.logLikelihood).toBeCloseTo(p.distribution.logLikelihood([5, 3, 0, 2, 0, 3]), 12);
    const b = Bernoulli.fit([1, 0, 0, 1, 1]);
    expect(b.params.p).toBeCloseTo(0.6, 15);
    expect(b.standardErrors.p).toBeCloseTo(Math.sqrt(0.24 / 5), 15);
    expect(b.logLikelihood).toBeCloseTo(3 * Math.log(0.6) + 2 * Math.log(0.4), 14);
    const bin = Binomial.fit([3, 5, 2, 4], { trials: 10 });
    expect(bin.params.p).toBeCloseTo(0.35, 15);
    expect(bin.standardErrors.p).toBeCloseTo(Math.sqrt((0.35 * 0.65) / 40), 15);
    expect(bin.logLikelihood).toBeCloseTo(bin.distribution.logLikelihood([3, 5, 2, 4]), 12);
    const g = Geometric.fit([0, 2, 1, 5, 0]);
    expect(g.params.p).toBeCloseTo(1 / 2.6, 15);
    expect(g.standardErrors.p).toBeCloseTo((1 / 2.6) * Math.sqrt((1 - 1 / 2.6) / 5), 15);
    expect(g.logLikelihood).toBeCloseTo(g.distribution.logLikelihood([0, 2, 1, 5, 0]), 12);
  });

  it("boundary estimates are returned with a message", () => {
    const p = Poisson.fit([0, 0, 0]);
    expect(p.params.rate).toBe(0);
    expect(p.logLikelihood).toBe(0);
    expect(p.message).toMatch(/boundary/);
    expect(Bernoulli.fit([1, 1]).message).toMatch(/boundary/);
    expect(Geometric.fit([0, 0]).params.p).toBe(1);
  });

  it("Categorical and Multinomial", () => {
    const c = Categorical.fit([0, 1, 1, 2, 1]);
    expect(c.params.probs).toEqual([0.2, 0.6, 0.2]);
    expect(c.standardErrors.probs[1]).toBeCloseTo(Math.sqrt(0.24 / 5), 15);
    expect(c.vcov![0][1]).toBeCloseTo(-0.12 / 5, 15);
    expect(c.logLikelihood).toBeCloseTo(c.distribution.logLikelihood([0, 1, 1, 2, 1]), 13);
    expect(Categorical.fit([0, 1], { categories: 3 }).params.probs).toEqual([0.5, 0.5, 0]);
    expect(Categorical.fitCounts([1, 3, 1]).params.probs).toEqual([0.2, 0.6, 0.2]);
    const m = Multinomial.fit([[2, 5, 3], [1, 6, 3]]);
    expect(m.params.probs[0]).toBeCloseTo(0.15, 15);
    expect(m.params.probs[1]).toBeCloseTo(0.55, 15);
    expect(m.distribution.trials).toBe(10);
    expect(m.logLikelihood).toBeCloseTo(m.distribution.logLikelihood([[2, 5, 3], [1, 6, 3]]), 12);
  });

  it("MultivariateNormal: column means and the 1/n covariance", () => {
    const X = [[1, 2], [2, 3], [3, 5], [4, 4]];
    const fit = MultivariateNormal.fit(X);
    expect(fit.params.mean).toEqual([2.5, 3.5]);
    // deviations (−1.5, −1.5), (−.5, −.5), (.5, 1.5), (1.5, .5)
    expect(fit.params.covariance[0][0]).toBeCloseTo(5 / 4, 14);
    expect(fit.params.covariance[1][1]).toBeCloseTo(5 / 4, 14);
    expect(fit.params.covariance[0][1]).toBeCloseTo(4 / 4, 14);
    expect(fit.standardErrors.mean[0]).toBeCloseTo(Math.sqrt(1.25 / 4), 14);
    expect(fit.standardErrors.covariance[0][1]).toBeCloseTo(Math.sqrt((1 + 1.25 * 1.25) / 4), 14);
    expect(fit.logLikelihood).toBeCloseTo(fit.distribution.logLikelihood(X), 12);
  });
});

describe("numerical MLEs satisfy their likelihood equations", () => {
  it("Gamma: log k − ψ(k) = log x̄ − mean(log x), θ = x̄/k; log-likelihood matches the instance", () => {
    const x = [1.2, 0.7, 3.1, 2.2, 0.4, 1.9];
    const fit = Gamma.fit(x);
    const mean = x.reduce((a, b) => a + b) / x.length;
    const s = Math.log(mean) - x.reduce((a, b) => a + Math.log(b), 0) / x.length;
    expect(Math.log(fit.params.shape) - digamma(fit.params.shape)).toBeCloseTo(s, 13);
    expect(fit.params.scale * fit.params.shape).toBeCloseTo(mean, 13);
    expect(fit.iterations).toBeLessThanOrEqual(10);
    expect(fit.logLikelihood).toBeCloseTo(fit.distribution.logLikelihood(x), 11);
    const expectedLl = x.reduce((a, v) => a + (fit.params.shape - 1) * Math.log(v) - v / fit.params.scale, 0) -
      x.length * (fit.params.shape * Math.log(fit.params.scale) + lgamma(fit.params.shape));
    expect(fit.logLikelihood).toBeCloseTo(expectedLl, 11);
  });

  it("Gamma on concentrated data (shape ~1e6 and ~1e24) stays accurate", () => {
    // For large k the MLE approaches the moment estimate x̄²/s² (1/n variance) = 1/CV².
    for (const eps of [1e-3, 1e-12]) {
      const x = [1 - eps, 1, 1 + eps, 1 + 2 * eps, 1 - 0.5 * eps];
      const fit = Gamma.fit(x);
      const m = x.reduce((a, b) => a + b) / x.length;
      const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length;
      expect(fit.converged).toBe(true);
      expect(fit.params.shape / ((m * m) / v)).toBeCloseTo(1, 2);
      expect(fit.params.shape * fit.params.scale).toBeCloseTo(m, 12);
    }
    // both branches of log k − ψ(k) (direct below k = 100, series above) agree at the switch
    for (const k of [99.999999, 100.000001]) {
      expect(Math.log(k) - digamma(k)).toBeCloseTo(0.5 / k + 1 / (12 * k * k) - 1 / (120 * k ** 4), 14);
    }
  });

  it("log-likelihoods reported by fit equal the instance log-likelihood", () => {
    const x = [0.31, 0.52, 0.12, 0.77, 0.45, 0.61, 0.29];
    for (const fit of [Weibull.fit(x), Beta.fit(x), StudentT.fit([...x, 3.5, -2.4]), Cauchy.fit(x)]) {
      const d = fit.distribution as { logLikelihood(v: number[]): number };
      const data = fit.n === x.length ? x : [...x, 3.5, -2.4];
      expect(fit.logLikelihood).toBeCloseTo(d.logLikelihood(data), 10);
    }
    const counts = [0, 1, 5, 2, 0, 9, 3, 1];
    const nb = NegativeBinomial.fit(counts);
    expect(nb.logLikelihood).toBeCloseTo(nb.distribution.logLikelihood(counts), 11);
  });
});
