import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { DomainError, ShapeError, UnknownOptionError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { fitBernoulliMixture, fitPoissonMixture } from "../../src/models/index.js";

// References from scripts/reference/models_direct_mle.py: direct maximisation of the log-likelihood
// (scipy BFGS + Newton polishing, max |gradient| ≤ 2e-8), no EM. The Poisson-mixture values also
// match Zucchini & MacDonald (2009), Table 1.2: −logL 360.369 (K = 2) and 356.849 (K = 3).
const QUAKES = {
  k2: { logLikelihood: -360.36904361053155, weights: [0.6757256555334618, 0.32427434446653813], rates: [15.777108075783154, 26.839894781418835] },
  k3: {
    logLikelihood: -356.84893907080465,
    weights: [0.27756666665928187, 0.5927796358961078, 0.1296536974446102],
    rates: [12.736077740425447, 19.785520945097208, 31.629807060037056],
  },
};
// Counts of the 16 patterns 0000, 0001, ..., 1111 of 4 binary items (n = 300), drawn once from a
// 2-class model in the reference script (numpy default_rng(20261125)).
const LCA_COUNTS = [18, 34, 10, 15, 17, 14, 10, 7, 6, 8, 25, 4, 41, 6, 64, 21];
const LCA = {
  logLikelihood: -753.298417791342,
  weights: [0.611624446414493, 0.388375553585507],
  probabilities: [
    [0.8956128138133684, 0.7854941194438484, 0.6683791448988132, 0.19081980225772519],
    [0.09154706462528477, 0.30787878622175113, 0.28632846344171964, 0.6350123613661058],
  ],
};

const quakes = readCsv("data/earthquakes.csv").numbers("count");
// tol is per observation (the stopping rule of runEM): 1e-15 is below the former absolute 1e-12 for these n.
const tight = { tol: 1e-15, relTol: 1e-16, maxIter: 50000 };

describe("fitPoissonMixture agrees with direct maximisation (earthquakes)", () => {
  // K = 3 is weakly identified: EM's rate is 0.98 and a 1e-6 relative parameter change moves logL by
  // only ~1e-12, the rounding level of a log-likelihood of −357, so parameters agree to ~1e-5 there.
  it.each([
    ["K = 2", 2, QUAKES.k2, 1e-6],
    ["K = 3", 3, QUAKES.k3, 1e-5],
  ] as const)("%s", (_n, k, ref, paramTol) => {
    const fit = fitPoissonMixture(quakes, { k, nInit: 5, seed: 1, ...tight });
    expect(fit.monotonicity.ok).toBe(true);
    const llErr = Math.abs(fit.logLikelihood - ref.logLikelihood) / Math.abs(ref.logLikelihood);
    const err = Math.max(
      ...fit.rates.map((r, j) => Math.abs(r - ref.rates[j]) / ref.rates[j]),
      ...fit.weights.map((w, j) => Math.abs(w - ref.weights[j])),
    );
    expect(llErr).toBeLessThan(1e-11);
    expect(err).toBeLessThan(paramTol);
    expect(fit.nParameters).toBe(2 * k - 1);
    expect(fit.responsibilities.length).toBe(107);
    console.log(`Poisson mixture ${_n}: ${fit.iterations} iterations, logL rel err ${llErr.toExponential(2)}, params ${err.toExponential(2)}`);
  });
  it("rejects bad counts and options", () => {
    expect(() => fitPoissonMixture([1, -2, 3], { k: 2 })).toThrow(/counts\[1\] = -2.*non-negative integer/);
    expect(() => fitPoissonMixture([1, 2.5], { k: 1 })).toThrow(DomainError);
    expect(() => fitPoissonMixture([1, NaN], { k: 1 })).toThrow(DomainError);
    expect(() => fitPoissonMixture([1, 1, 2], { k: 3 })).toThrow(/only 2 distinct values/);
    expect(() => fitPoissonMixture([1, 2], { k: 1, ninit: 2 } as never)).toThrow(UnknownOptionError);
    expect(() => fitPoissonMixture([1, 2], { k: 2, init: { weights: [0.5, 0.6], rates: [1, 2] } })).toThrow(/sum to 1.1/);
  });
});

describe("fitBernoulliMixture agrees with direct maximisation (latent classes)", () => {
  const X: number[][] = [];
  LCA_COUNTS.forEach((c, p) => {
    const row = [3, 2, 1, 0].map((b) => (p >> b) & 1);
    for (let i = 0; i < c; i++) X.push(row);
  });
  it("K = 2, 4 items, n = 300", () => {
    const fit = fitBernoulliMixture(X, { k: 2, nInit: 5, seed: 3, order: "weight", ...tight });
    expect(fit.monotonicity.ok).toBe(true);
    const llErr = Math.abs(fit.logLikelihood - LCA.logLikelihood) / Math.abs(LCA.logLikelihood);
    let err = Math.max(...fit.weights.map((w, c) => Math.abs(w - LCA.weights[c])));
    fit.probabilities.forEach((r, c) => r.forEach((p, j) => (err = Math.max(err, Math.abs(p - LCA.probabilities[c][j])))));
    expect(llErr).toBeLessThan(1e-11);
    expect(err).toBeLessThan(1e-6);
    expect(fit.nParameters).toBe(1 + 8);
    console.log(`Bernoulli mixture: ${fit.iterations} iterations, logL rel err ${llErr.toExponential(2)}, params ${err.toExponential(2)}`);
  });
  it("K = 1 is the column means", () => {
    const fit = fitBernoulliMixture(X, { k: 1 });
    for (let j = 0; j < 4; j++) expect(fit.probabilities[0][j]).toBeCloseTo(X.reduce((a, r) => a + r[j], 0) / X.length, 12);
  });
  it("accepts booleans and rejects non-binary data with the position", () => {
    expect(fitBernoulliMixture([[true, false], [false, false], [true, true]], { k: 1 }).probabilities[0][0]).toBeCloseTo(2 / 3, 12);
    expect(() => fitBernoulliMixture([[1, 0], [0, 2]], { k: 1 })).toThrow(/X\[1\]\[1\] = 2.*binary/);
    expect(() => fitBernoulliMixture([[1, 0], [0, 0.5]], { k: 1 })).toThrow(DomainError);
    expect(() => fitBernoulliMixture([[1, 0], [0]], { k: 1 })).toThrow(/ragged/);
    expect(() => fitBernoulliMixture([[1, 0]], { k: 2 })).toThrow(ShapeError);
    expect(() => fitBernoulliMixture([1, 0] as never, { k: 1 })).toThrow(ShapeError);
  });
});

describe("mixture properties", () => {
  it("Poisson mixture: monotone, weights a distribution, no NaN", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 4 }), (seed, k) => {
        const rng = new Rng(seed);
        const x = Array.from({ length: 40 }, () => rng.poisson(rng.uniform() < 0.5 ? 2 : 12 * rng.uniform()));
        if (new Set(x).size < k) return;
        const fit = fitPoissonMixture(x, { k, seed, maxIter: 200 });
        expect(fit.monotonicity.ok).toBe(true);
        expect(fit.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (const v of [...fit.history.logLikelihood, ...fit.rates, ...fit.weights]) expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 50, seed: 5 },
    );
  });
  it("Bernoulli mixture: monotone, probabilities in [0, 1], no NaN", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 6 }), (seed, k, d) => {
        const rng = new Rng(seed);
        const X = Array.from({ length: 30 }, () => Array.from({ length: d }, () => (rng.uniform() < 0.4 ? 1 : 0)));
        const fit = fitBernoulliMixture(X, { k, seed, maxIter: 200 });
        expect(fit.monotonicity.ok).toBe(true);
        expect(fit.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (const r of fit.probabilities) for (const p of r) expect(p >= 0 && p <= 1).toBe(true);
        for (const v of fit.history.logLikelihood) expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 50, seed: 6 },
    );
  });
});
