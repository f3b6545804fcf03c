import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { readCsv } from "../../src/core/data.js";
import { InvalidInputError } from "../../src/core/errors.js";
import { runEM, type EMModel } from "../../src/em/engine.js";
import { geneticLinkageModel } from "../../src/em/linkage.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { fitHMM } from "../../src/hmm/fit.js";
import { fitPoissonMixture, poissonMixtureModel } from "../../src/models/poissonMixture.js";
import { fitMixtureOfRegressions } from "../../src/regression/mixture.js";
import { ABO_LANGE_COUNTS, fitABO } from "../../src/models/abo.js";

// SQUAREM (accelerate: "squarem", Varadhan & Roland 2008) must reach EM's own fixed point: the
// references are plain EM run until ℓ stops changing (tol = 0), and the closed-form MLE of the
// linkage model. Tolerances: ℓ to 1e-9 relative (both runs stop on the same rule, at ~1e-13 per
// observation, where ℓ is flat); parameters to 1e-5 relative, the accuracy the module doc quotes for
// that stopping point at EM's slowest rates here (the Poisson mixture's rate is 0.98).
const data = (f: string) => resolve(__dirname, "../../../data", f);
const faithful = readCsv(data("faithful.csv")).matrix(["eruptions", "waiting"]);
const quakes = readCsv(data("earthquakes.csv")).numbers("count");

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
const maxRelDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
};
const nonDecreasing = (ll: number[]) => ll.every((v, t) => t === 0 || v >= ll[t - 1] - 1e-12 * Math.abs(ll[t - 1]));

describe("accelerate: \"squarem\"", () => {
  it("linkage (DLR 1977): the closed-form MLE, ℓ never decreasing", () => {
    const model = geneticLinkageModel();
    for (const start of [0.05, 0.5, 0.95]) {
      const fit = runEM(model, { theta: start }, { tol: 1e-14, accelerate: "squarem" });
      expect(fit.converged).toBe(true);
      expect(Math.abs(fit.params.theta - model.exactMLE())).toBeLessThan(1e-8);
      expect(fit.monotonicity.ok).toBe(true);
      expect(nonDecreasing(fit.history.logLikelihood)).toBe(true);
      // Each accelerated iteration spends at least three E-steps (two EM steps and the stabilising one).
      expect(fit.eSteps).toBeGreaterThanOrEqual(3 * fit.iterations + 1);
    }
    const plain = runEM(model, { theta: 0.5 }, { tol: 1e-14 });
    expect(plain.eSteps).toBe(plain.iterations + 1);
  });

  it("Old Faithful, all four covariance types: EM's optimum", () => {
    for (const covarianceType of ["full", "tied", "diag", "spherical"] as const) {
      const opts = { k: 2, covarianceType, seed: 1 };
      const ref = fitGaussianMixture(faithful, { ...opts, tol: 0, maxIter: 5000 });
      const sq = fitGaussianMixture(faithful, { ...opts, tol: 1e-13, accelerate: "squarem" });
      expect(sq.converged).toBe(true);
      expect(sq.monotonicity.ok).toBe(true);
      expect(relDiff(sq.logLikelihood, ref.logLikelihood)).toBeLessThan(1e-9);
      expect(maxRelDiff(sq.means.flat(), ref.means.flat())).toBeLessThan(1e-5);
      expect(maxRelDiff(sq.weights, ref.weights)).toBeLessThan(1e-5);
      expect(maxRelDiff(sq.covariances.flat(2), ref.covariances.flat(2))).toBeLessThan(1e-5);
    }
  });

  it("where EM is slow (earthquake HMM and Poisson mixture) it needs fewer E-steps for the same optimum", () => {
    const cases = [
      { name: "Poisson HMM, K = 2", run: (o: object) => fitHMM(quakes, { k: 2, emission: "poisson", seed: 1, order: "mean", ...o }), theta: (f: ReturnType<typeof fitHMM>) => [...f.model.emissions.rates!, ...f.model.transition.flat()] },
      { name: "Poisson HMM, K = 3", run: (o: object) => fitHMM(quakes, { k: 3, emission: "poisson", seed: 1, order: "mean", ...o }), theta: (f: ReturnType<typeof fitHMM>) => [...f.model.emissions.rates!, ...f.model.transition.flat()] },
    ];
    for (const c of cases) {
      const ref = c.run({ tol: 0, maxIter: 20000 });
      const em = c.run({ tol: 1e-13 });
      const sq = c.run({ tol: 1e-13, accelerate: "squarem" });
      expect(sq.converged, c.name).toBe(true);
      expect(sq.monotonicity.ok, c.name).toBe(true);
      expect(relDiff(sq.logLikelihood, ref.logLikelihood), c.name).toBeLessThan(1e-9);
      expect(maxRelDiff(c.theta(sq), c.theta(ref)), c.name).toBeLessThan(1e-4);
      // At the same stopping rule SQUAREM ends at least as close to the maximum, with fewer E-steps.
      expect(ref.logLikelihood - sq.logLikelihood, c.name).toBeLessThanOrEqual(ref.logLikelihood - em.logLikelihood + 1e-10);
      expect(sq.eSteps, c.name).toBeLessThan(em.eSteps);
    }
    const pRef = fitPoissonMixture(quakes, { k: 3, seed: 1, order: "mean", tol: 0, maxIter: 50000 });
    const pEm = fitPoissonMixture(quakes, { k: 3, seed: 1, order: "mean", tol: 1e-13 });
    const pSq = fitPoissonMixture(quakes, { k: 3, seed: 1, order: "mean", tol: 1e-13, accelerate: "squarem" });
    expect(relDiff(pSq.logLikelihood, pRef.logLikelihood)).toBeLessThan(1e-9);
    expect(maxRelDiff(pSq.rates, pRef.rates)).toBeLessThan(1e-3); // ℓ is very flat along this ridge (rate 0.98)
    expect(pRef.logLikelihood - pSq.logLikelihood).toBeLessThanOrEqual(pRef.logLikelihood - pEm.logLikelihood + 1e-10);
    expect(pSq.eSteps).toBeLessThan(pEm.eSteps / 4);
  });

  it("mixtures of regressions and ABO gene counting accept it and reach EM's optimum", () => {
    const tone = readCsv(data("tonedata.csv"));
    const x = tone.numbers("stretch_ratio");
    const y = tone.numbers("tuned");
    const ref = fitMixtureOfRegressions(x, y, { k: 2, nInit: 1, seed: 1, tol: 0, maxIter: 20000 });
    const sq = fitMixtureOfRegressions(x, y, { k: 2, nInit: 1, seed: 1, tol: 1e-13, accelerate: "squarem" });
    expect(sq.monotonicity.ok).toBe(true);
    expect(relDiff(sq.logLikelihood, ref.logLikelihood)).toBeLessThan(1e-9);
    const abo = fitABO(ABO_LANGE_COUNTS, { tol: 1e-14, accelerate: "squarem" });
    const aboRef = fitABO(ABO_LANGE_COUNTS, { tol: 0 });
    expect(abo.monotonicity.ok).toBe(true);
    expect(Math.abs(abo.pA - aboRef.pA)).toBeLessThan(1e-8);
    expect(Math.abs(abo.pB - aboRef.pB)).toBeLessThan(1e-8);
  });

  it("an extrapolation that always leaves the parameter space falls back to plain EM, three steps per iteration", () => {
    const base = poissonMixtureModel(quakes);
    const rejecting: EMModel<{ weights: number[]; rates: number[] }, unknown> = { ...base, unflatten: () => null } as never;
    const start = { weights: [0.5, 0.5], rates: [10, 30] };
    const plain = runEM(base, start, { tol: 0, maxIter: 30, snapshots: "all" });
    const sq = runEM(rejecting, start, { tol: 0, maxIter: 10, accelerate: "squarem", snapshots: "all" });
    expect(sq.iterations).toBe(10);
    for (let t = 0; t <= 10; t++) {
      expect(sq.history.logLikelihood[t]).toBe(plain.history.logLikelihood[3 * t]);
      expect(sq.history.snapshots[t].params).toEqual(plain.history.snapshots[3 * t].params);
    }
    // Every rejected jump still costs nothing but the three EM steps' E-steps.
    expect(sq.eSteps).toBe(3 * 10 + 1);
  });

  it("a jump whose E-step throws is treated as outside the parameter space", () => {
    const base = poissonMixtureModel(quakes);
    let calls = 0;
    const fragile = {
      ...base,
      eStep(p: { weights: number[]; rates: number[] }) {
        calls++;
        if (p.rates.some((r) => r > 1000)) throw new RangeError("not evaluable here");
        return base.eStep(p);
      },
      unflatten: (v: ArrayLike<number>) => ({ weights: [v[0], v[1]], rates: [v[2], 1e6] }),
    } as EMModel<{ weights: number[]; rates: number[] }, unknown>;
    const fit = runEM(fragile, { weights: [0.5, 0.5], rates: [10, 30] }, { tol: 0, maxIter: 5, accelerate: "squarem" });
    expect(fit.iterations).toBe(5);
    expect(fit.monotonicity.ok).toBe(true);
    expect(calls).toBe(fit.eSteps);
  });

  it("a model without unflatten gets an error that names what is missing and the remedy", () => {
    const model = geneticLinkageModel();
    const noUnflatten = { eStep: model.eStep, mStep: model.mStep, flatten: model.flatten };
    expect(() => runEM(noUnflatten, { theta: 0.5 }, { accelerate: "squarem" })).toThrow(InvalidInputError);
    expect(() => runEM(noUnflatten, { theta: 0.5 }, { accelerate: "squarem" })).toThrow(/no unflatten.*accelerate: "none"/);
    expect(() => runEM(model, { theta: 0.5 }, { accelerate: "fast" as never })).toThrow(/accelerate.*"none", "squarem"/);
  });
});
