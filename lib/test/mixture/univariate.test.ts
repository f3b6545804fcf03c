// The 1-D mixture functions of notebooks 03 and 04 (lib/src/mixture/univariate.ts) against the
// library's general GaussianMixture (densities and posteriors), finite differences (the score) and
// the ELBO identity ℓ = F(q, θ) + Σᵢ KL(qᵢ ‖ γᵢ).
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { GaussianMixture } from "../../src/mixture/gaussian-mixture.js";
import { numericalGradient } from "../../src/calculus/derivatives.js";
import {
  mixture1dElbo, mixture1dEStep, mixture1dFromVector, mixture1dLogJoint, mixture1dLogLikelihood, mixture1dScore, mixture1dToVector,
} from "../../src/mixture/univariate.js";

const rng = new Rng(11);
const x = Array.from({ length: 150 }, (_, i) => (i % 3 === 0 ? rng.normal(-2, 0.7) : i % 3 === 1 ? rng.normal(1, 1.2) : rng.normal(4, 0.5)));
const m3 = { weights: [0.2, 0.5, 0.3], means: [-1.5, 0.5, 3.5], sds: [1, 1.5, 0.8] };
const asGmm = (m: typeof m3) => GaussianMixture.fromParams({ weights: m.weights, means: m.means.map((v) => [v]), covariances: m.sds.map((s) => [[s * s]]) });

describe("mixture1d: the E-step and the log-likelihood", () => {
  it("agree with GaussianMixture's posteriors and log-likelihood for K = 3", () => {
    const { responsibilities, logLikelihood } = mixture1dEStep(x, m3);
    const gmm = asGmm(m3);
    const X = x.map((v) => [v]);
    expect(logLikelihood).toBeCloseTo(gmm.logLikelihoodOf(X), 9);
    expect(mixture1dLogLikelihood(x, m3)).toBe(logLikelihood);
    const P = gmm.predictProba(X);
    for (let i = 0; i < x.length; i++) for (let c = 0; c < 3; c++) expect(responsibilities[i * 3 + c]).toBeCloseTo(P[i][c], 12);
  });
  it("the log-joint table is log π_c + log N(x_i | μ_c, σ_c²) and stays finite far in the tails", () => {
    const t = mixture1dLogJoint([0, 1e3], { weights: [0.5, 0.5], means: [0, 1], sds: [1, 2] });
    expect(t[0]).toBeCloseTo(Math.log(0.5) - 0.5 * Math.log(2 * Math.PI), 14);
    expect(t[3]).toBeCloseTo(Math.log(0.5) - Math.log(2) - 0.5 * Math.log(2 * Math.PI) - 0.5 * (999 / 2) ** 2, 8);
    const far = mixture1dEStep([1e3], { weights: [0.5, 0.5], means: [0, 1], sds: [1, 2] });
    expect(far.responsibilities[1]).toBeCloseTo(1, 12); // densities underflow, the log-sum-exp does not
    expect(Number.isFinite(far.logLikelihood)).toBe(true);
  });
});

describe("mixture1dScore", () => {
  it("matches a finite-difference gradient for K = 2 and K = 3", () => {
    for (const m of [{ weights: [0.3, 0.7], means: [-1, 1], sds: [0.8, 1.5] }, m3]) {
      const fd = numericalGradient((v) => mixture1dLogLikelihood(x, mixture1dFromVector(v)), mixture1dToVector(m));
      const an = mixture1dScore(x, m);
      expect(an.length).toBe(3 * m.weights.length);
      for (let j = 0; j < an.length; j++) expect(Math.abs(an[j] - fd[j]) / Math.max(1, Math.abs(fd[j]))).toBeLessThan(1e-6);
    }
  });
  it("is zero in the μ and σ directions at a one-component fit", () => {
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
    const g = mixture1dScore(x, { weights: [1], means: [mean], sds: [sd] });
    expect(Math.abs(g[1])).toBeLessThan(1e-9);
    expect(Math.abs(g[2])).toBeLessThan(1e-9);
  });
});

describe("mixture1dElbo", () => {
  it("equals ℓ at the responsibilities and ℓ − Σ KL for any other q", () => {
    const { responsibilities: g, logLikelihood } = mixture1dEStep(x, m3);
    expect(mixture1dElbo(g, x, m3)).toBeCloseTo(logLikelihood, 9);
    const q = new Float64Array(g.length).fill(1 / 3);
    let kl = 0;
    for (let j = 0; j < q.length; j++) kl += q[j] * Math.log(q[j] / g[j]);
    expect(kl).toBeGreaterThan(0);
    expect(mixture1dElbo(q, x, m3) + kl).toBeCloseTo(logLikelihood, 8);
  });
  it("rejects a q of the wrong shape or whose rows do not sum to 1", () => {
    expect(() => mixture1dElbo([0.5, 0.5], x, m3)).toThrow(/n × K = 150 × 3/);
    expect(() => mixture1dElbo(new Float64Array(450).fill(0.5), x, m3)).toThrow(/row 0 of q sums to 1.5/);
  });
});

describe("mixture1d vectors and bad input", () => {
  it("round-trips θ = (π, μ, σ)", () => {
    expect(Array.from(mixture1dToVector(m3))).toEqual([...m3.weights, ...m3.means, ...m3.sds]);
    expect(mixture1dFromVector(mixture1dToVector(m3))).toEqual(m3);
    expect(() => mixture1dFromVector([1, 2])).toThrow(/length 3K/);
  });
  it("says what is wrong with the data or the mixture", () => {
    expect(() => mixture1dEStep([1, NaN], m3)).toThrow(/^mixture1dEStep: x\[1\] is NaN/);
    expect(() => mixture1dLogLikelihood([], m3)).toThrow(/^mixture1dLogLikelihood: x is empty/);
    expect(() => mixture1dScore(x, { weights: [0.5, 0.5], means: [0, 1], sds: [1, 0] })).toThrow(/^mixture1dScore: component 2 .* sd > 0/);
    expect(() => mixture1dElbo([], x, { weights: [0.5, 0.5], means: [0, 1], sds: [1] })).toThrow(/^mixture1dElbo: .*one entry per component/);
    expect(() => mixture1dLogJoint(x, null as never)).toThrow(/^mixture1dLogJoint: expected \{ weights, means, sds \}/);
  });
});
