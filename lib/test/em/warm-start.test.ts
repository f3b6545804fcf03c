import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { readCsv } from "../../src/core/data.js";
import { isEMFit } from "../../src/em/fit.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { fitHMM } from "../../src/hmm/fit.js";
import { fitPoissonMixture } from "../../src/models/poissonMixture.js";
import { fitBernoulliMixture } from "../../src/models/bernoulliMixture.js";
import { fitMixtureOfRegressions } from "../../src/regression/mixture.js";
import { Rng } from "../../src/core/rng.js";

// Warm start: `init` accepts a previous fit. Continuing a loosely converged fit (tol 1e-4) must
// reach the optimum a tight fit from scratch reaches (same seed, so the same basin), to the
// accuracy of the stopping rule (1e-6 relative on ℓ), and need fewer iterations than that fit.
const data = (f: string) => resolve(__dirname, "../../../data", f);
const faithful = readCsv(data("faithful.csv")).matrix(["eruptions", "waiting"]);
const quakes = readCsv(data("earthquakes.csv")).numbers("count");
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.abs(b);

describe("warm start: init accepts a previous fit", () => {
  it("Gaussian mixtures, all four covariance types", () => {
    for (const covarianceType of ["full", "tied", "diag", "spherical"] as const) {
      const loose = fitGaussianMixture(faithful, { k: 2, covarianceType, seed: 1, tol: 1e-4 });
      const tight = fitGaussianMixture(faithful, { k: 2, covarianceType, seed: 1, tol: 1e-12 });
      const warm = fitGaussianMixture(faithful, { k: 2, covarianceType, init: loose, tol: 1e-12 });
      expect(isEMFit(loose)).toBe(true);
      expect(close(warm.logLikelihood, tight.logLikelihood), covarianceType).toBe(true);
      expect(warm.iterations, covarianceType).toBeLessThan(tight.iterations);
      // From its own optimum a fit moves no further than the stopping rule allows.
      const again = fitGaussianMixture(faithful, { k: 2, covarianceType, init: tight, tol: 1e-12 });
      expect(again.logLikelihood).toBeGreaterThanOrEqual(tight.logLikelihood - 1e-9);
      expect(again.iterations).toBeLessThanOrEqual(3);
    }
  });

  it("HMMs, Poisson and Bernoulli mixtures, mixtures of regressions", () => {
    const h0 = fitHMM(quakes, { k: 2, emission: "poisson", seed: 1, tol: 1e-4 });
    const h1 = fitHMM(quakes, { k: 2, emission: "poisson", seed: 1, tol: 1e-12 });
    const hw = fitHMM(quakes, { k: 2, emission: "poisson", init: h0, tol: 1e-12 });
    expect(close(hw.logLikelihood, h1.logLikelihood)).toBe(true);
    expect(hw.iterations).toBeLessThan(h1.iterations);

    const p0 = fitPoissonMixture(quakes, { k: 2, seed: 1, tol: 1e-4 });
    const p1 = fitPoissonMixture(quakes, { k: 2, seed: 1, tol: 1e-12 });
    const pw = fitPoissonMixture(quakes, { k: 2, init: p0, tol: 1e-12 });
    expect(close(pw.logLikelihood, p1.logLikelihood)).toBe(true);
    expect(pw.iterations).toBeLessThan(p1.iterations);

    // Binary rows from two well-separated profiles (seeded), so EM has one clear maximum.
    const rng = new Rng(3);
    const profiles = [[0.9, 0.8, 0.1, 0.2, 0.7], [0.1, 0.3, 0.9, 0.8, 0.2]];
    const B = Array.from({ length: 400 }, (_, i) => profiles[i % 2].map((q) => (rng.uniform() < q ? 1 : 0)));
    const b0 = fitBernoulliMixture(B, { k: 2, seed: 1, tol: 1e-4 });
    const b1 = fitBernoulliMixture(B, { k: 2, seed: 1, tol: 1e-12 });
    const bw = fitBernoulliMixture(B, { k: 2, init: b0, tol: 1e-12 });
    expect(close(bw.logLikelihood, b1.logLikelihood)).toBe(true);
    expect(bw.iterations).toBeLessThan(b1.iterations);

    const tone = readCsv(data("tonedata.csv"));
    const x = tone.numbers("stretch_ratio");
    const y = tone.numbers("tuned");
    const r0 = fitMixtureOfRegressions(x, y, { k: 2, seed: 1, tol: 1e-4 });
    const r1 = fitMixtureOfRegressions(x, y, { k: 2, seed: 1, tol: 1e-12 });
    const rw = fitMixtureOfRegressions(x, y, { k: 2, init: r0, tol: 1e-12 });
    expect(close(rw.logLikelihood, r1.logLikelihood)).toBe(true);
    expect(rw.iterations).toBeLessThan(r1.iterations);
  });

  it("a fit of the wrong shape is rejected as any wrong init is", () => {
    const three = fitGaussianMixture(faithful, { k: 3, seed: 1, tol: 1e-4 });
    expect(() => fitGaussianMixture(faithful, { k: 2, init: three })).toThrow(/init.weights has length 3 but k = 2/);
    const h3 = fitHMM(quakes, { k: 3, emission: "poisson", seed: 1, tol: 1e-4 });
    expect(() => fitHMM(quakes, { k: 2, emission: "poisson", init: h3 })).toThrow(/init has 3 states but k = 2/);
    expect(isEMFit({ weights: [1] })).toBe(false);
    expect(isEMFit(null)).toBe(false);
  });
});
