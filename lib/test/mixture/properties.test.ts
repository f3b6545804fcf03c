import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { fitGaussianMixture, GaussianMixture, type CovarianceType } from "../../src/mixture/index.js";

const TYPES: CovarianceType[] = ["full", "tied", "diag", "spherical"];

function randomData(seed: number, n: number, d: number, spread: number): number[][] {
  const rng = new Rng(seed);
  const centers = Array.from({ length: 3 }, () => Array.from({ length: d }, () => rng.normal(0, spread)));
  return Array.from({ length: n }, () => {
    const c = centers[rng.int(0, 2)];
    return c.map((m) => m + rng.normal() * (0.5 + rng.uniform()));
  });
}

function allFinite(fit: ReturnType<typeof fitGaussianMixture>): boolean {
  const nums = [...fit.weights, ...fit.means.flat(), ...fit.covariances.flat(2), fit.logLikelihood, ...fit.history.logLikelihood];
  return nums.every((v) => Number.isFinite(v));
}

describe("properties (fast-check)", () => {
  it("the log-likelihood never decreases (beyond 1e-10 relative)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(...TYPES),
        fc.constantFrom<"kmeans++" | "random">("kmeans++", "random"),
        (seed, d, k, type, init) => {
          const X = randomData(seed, 40 + 10 * k * d, d, 1 + (seed % 4));
          const fit = fitGaussianMixture(X, { k, covarianceType: type, init, seed, regCovar: 0, tol: 0, maxIter: 60 });
          const ll = fit.history.logLikelihood;
          for (let t = 1; t < ll.length; t++) expect(ll[t]).toBeGreaterThanOrEqual(ll[t - 1] - 1e-10 * Math.abs(ll[t - 1]));
          if (fit.degeneracies.every((g) => g.kind !== "empty")) expect(fit.monotonicity.ok).toBe(true);
          expect(allFinite(fit)).toBe(true);
        },
      ),
      { numRuns: 40, seed: 20240501 },
    );
  });

  it("the result does not depend on the row order (same initialisation)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(...TYPES), (seed, type) => {
        const X = randomData(seed, 80, 2, 3);
        const init = fitGaussianMixture(X, { k: 3, covarianceType: type, seed, maxIter: 0 }).toParams();
        const { covarianceType: _t, ...start } = init;
        const perm = new Rng(seed + 1).permutation(X.length);
        const a = fitGaussianMixture(X, { k: 3, covarianceType: type, init: start, maxIter: 30, tol: 0 });
        const b = fitGaussianMixture(perm.map((i) => X[i]), { k: 3, covarianceType: type, init: start, maxIter: 30, tol: 0 });
        // Only the summation order differs: agreement to rounding, amplified by 30 iterations.
        expect(Math.abs(a.logLikelihood - b.logLikelihood)).toBeLessThan(1e-9 * Math.abs(a.logLikelihood));
        const flatA = [...a.weights, ...a.means.flat(), ...a.covariances.flat(2)];
        const flatB = [...b.weights, ...b.means.flat(), ...b.covariances.flat(2)];
        flatA.forEach((v, i) => expect(Math.abs(v - flatB[i])).toBeLessThan(1e-7 * Math.max(1, Math.abs(v))));
        expect(perm.map((i) => a.labels[i])).toEqual(b.labels);
      }),
      { numRuns: 12, seed: 7 },
    );
  });

  it("recovers well-separated truth", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 4 }), (seed, d, k) => {
        const rng = new Rng(seed);
        const means = Array.from({ length: k }, (_, c) => Array.from({ length: d }, (_, a) => (a === 0 ? 20 * c : rng.normal(0, 1))));
        const weights = Array.from({ length: k }, () => 1 + rng.uniform());
        const total = weights.reduce((s, v) => s + v, 0);
        const covariances = Array.from({ length: k }, () =>
          Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 + rng.uniform() : 0.3 * (i + j === 1 ? 1 : 0)))),
        );
        const truth = GaussianMixture.fromParams({ weights: weights.map((w) => w / total), means, covariances });
        const { X, labels } = truth.sample(3000, seed);
        const fit = fitGaussianMixture(X, { k, seed, nInit: 2 });
        // Match components by the first coordinate of the mean (the truth separates them there).
        const order = fit.means.map((m, c) => [m[0], c]).sort((p, q) => p[0] - q[0]).map((p) => p[1]);
        order.forEach((c, j) => {
          expect(Math.abs(fit.weights[c] - truth.weights[j])).toBeLessThan(0.05);
          fit.means[c].forEach((v, a) => expect(Math.abs(v - truth.means[j][a])).toBeLessThan(0.25));
          fit.covariances[c].forEach((row, a) => row.forEach((v, b) => expect(Math.abs(v - truth.covariances[j][a][b])).toBeLessThan(0.35)));
        });
        const predicted = fit.predict(X).map((c) => order.indexOf(c));
        const accuracy = predicted.filter((p, i) => p === labels[i]).length / X.length;
        expect(accuracy).toBeGreaterThan(0.99);
      }),
      { numRuns: 10, seed: 3 },
    );
  });

  it("never NaN, never a crash: duplicates, k = n, constant columns, tiny and huge scales, D up to 50", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(...TYPES),
        fc.constantFrom("duplicates", "k=n", "constant", "tiny", "huge", "wide"),
        fc.constantFrom(0, 1e-6),
        (seed, type, kind, regCovar) => {
          const rng = new Rng(seed);
          let X: number[][];
          let k = 3;
          if (kind === "duplicates") {
            const base = randomData(seed, 5, 2, 2);
            X = Array.from({ length: 40 }, (_, i) => base[i % 5].slice());
          } else if (kind === "k=n") {
            X = randomData(seed, 6, 2, 2);
            k = 6;
          } else if (kind === "constant") {
            X = randomData(seed, 50, 3, 2).map((r) => [r[0], 7, r[2]]);
          } else if (kind === "tiny" || kind === "huge") {
            const s = kind === "tiny" ? 1e-8 : 1e8;
            X = randomData(seed, 60, 2, 3).map((r) => r.map((v) => v * s + s));
          } else {
            const d = 10 + (seed % 41);
            X = Array.from({ length: 60 }, () => Array.from({ length: d }, () => rng.normal()));
            k = 2;
          }
          const fit = fitGaussianMixture(X, { k, covarianceType: type, seed, regCovar, maxIter: 40 });
          expect(allFinite(fit)).toBe(true);
          const P = fit.predictProba(X);
          P.forEach((row) => expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12));
          fit.scoreSamples(X).forEach((v) => expect(Number.isNaN(v)).toBe(false));
          expect(Number.isFinite(fit.bic)).toBe(true);
        },
      ),
      { numRuns: 60, seed: 11 },
    );
  });
});
