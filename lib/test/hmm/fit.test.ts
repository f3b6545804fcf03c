import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { DomainError, InvalidInputError, ShapeError, UnknownOptionError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { runEM } from "../../src/em/engine.js";
import { baumWelchModel, fitHMM, forwardBackward, sampleHMM, type HMM } from "../../src/hmm/index.js";

// Reference: scripts/reference/hmm_direct_mle.py maximises the HMM likelihood DIRECTLY (scipy BFGS on
// softmax/log parameters with a scaled forward recursion, then Newton polishing; max |gradient| ≤ 6e-8),
// no EM involved. The initial distribution is free, as in Baum–Welch: its MLE is a vertex, so the
// script maximises p(x | s_0 = j) for each j and keeps the best. numpy 2.4.6, scipy 1.17.1.
// (earthquakes, K = 2: logL −341.8787 is also the value Zucchini & MacDonald 2009 report for EM with δ estimated.)
const REF = {
  quakes2: {
    logLikelihood: -341.87870101171933,
    rates: [15.420761902355006, 26.018235666974938],
    transition: [
      [0.928373944298583, 0.0716260557014168],
      [0.11903438653381405, 0.880965613466186],
    ],
    initialState: 0,
  },
  quakes3: {
    logLikelihood: -328.52748338024975,
    rates: [13.133761687245428, 19.71316407130365, 29.709723324286458],
    transition: [
      [0.9392938823951493, 0.032098466569321395, 0.028607651035529084],
      [0.04040171886179502, 0.9064361165819232, 0.05316216455628165],
      [3.0392938580786294e-12, 0.19025584645682125, 0.8097441535401395],
    ],
    initialState: 0,
  },
  waiting2: {
    logLikelihood: -997.2188157077379,
    means: [55.43570728853955, 80.52662452766037],
    variances: [43.679382042855664, 30.01257165199815],
    transition: [
      [0.06976635610821001, 0.93023364389179],
      [0.5828335614272567, 0.41716643857274316],
    ],
    initialState: 1,
  },
};

const quakes = readCsv("data/earthquakes.csv").numbers("count");
const waiting = readCsv("data/faithful.csv").numbers("waiting");
// tol is per observation (the stopping rule of runEM): 1e-14 is below the former absolute 1e-11 for these n.
const tight = { tol: 1e-14, relTol: 1e-16, maxIter: 20000 };

function maxAbsDiff(a: number[][], b: number[][]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
  return m;
}

describe("fitHMM agrees with direct numerical maximisation of the likelihood", () => {
  it("earthquakes, Poisson, K = 2", () => {
    const fit = fitHMM(quakes, { k: 2, emission: "poisson", nInit: 3, seed: 1, ...tight });
    const ref = REF.quakes2;
    expect(fit.converged).toBe(true);
    expect(fit.monotonicity.ok).toBe(true);
    const llErr = Math.abs(fit.logLikelihood - ref.logLikelihood) / Math.abs(ref.logLikelihood);
    expect(llErr).toBeLessThan(1e-10);
    const e = fit.model.emissions;
    if (e.type !== "poisson") throw new Error("wrong type");
    const rateErr = Math.max(...e.rates.map((r, j) => Math.abs(r - ref.rates[j]) / ref.rates[j]));
    const trErr = maxAbsDiff(fit.model.transition, ref.transition);
    expect(rateErr).toBeLessThan(1e-6);
    expect(trErr).toBeLessThan(1e-6);
    expect(fit.model.initial[ref.initialState]).toBeGreaterThan(1 - 1e-6);
    expect(fit.nParameters).toBe(1 + 2 + 2);
    expect(fit.bic).toBeCloseTo(-2 * fit.logLikelihood + 5 * Math.log(107), 10);
    expect(fit.viterbiPath.length).toBe(107);
    expect(fit.posteriors.length).toBe(107);
    console.log(`quakes K=2: iterations ${fit.iterations}, logL rel err ${llErr.toExponential(2)}, rates ${rateErr.toExponential(2)}, transition ${trErr.toExponential(2)}`);
  });

  it("earthquakes, Poisson, K = 3 (one transition probability on the boundary 0)", () => {
    const fit = fitHMM(quakes, { k: 3, emission: "poisson", nInit: 4, seed: 2, ...tight });
    const ref = REF.quakes3;
    expect(fit.monotonicity.ok).toBe(true);
    const llErr = Math.abs(fit.logLikelihood - ref.logLikelihood) / Math.abs(ref.logLikelihood);
    expect(llErr).toBeLessThan(1e-9);
    const e = fit.model.emissions;
    if (e.type !== "poisson") throw new Error("wrong type");
    const rateErr = Math.max(...e.rates.map((r, j) => Math.abs(r - ref.rates[j]) / ref.rates[j]));
    const trErr = maxAbsDiff(fit.model.transition, ref.transition);
    expect(rateErr).toBeLessThan(1e-4);
    expect(trErr).toBeLessThan(1e-4);
    console.log(`quakes K=3: iterations ${fit.iterations}, logL rel err ${llErr.toExponential(2)}, rates ${rateErr.toExponential(2)}, transition ${trErr.toExponential(2)}`);
  });

  it("Old Faithful waiting times as a series, Gaussian, K = 2", () => {
    const fit = fitHMM(waiting, { k: 2, emission: "gaussian", nInit: 3, seed: 3, ...tight });
    const ref = REF.waiting2;
    expect(fit.monotonicity.ok).toBe(true);
    const llErr = Math.abs(fit.logLikelihood - ref.logLikelihood) / Math.abs(ref.logLikelihood);
    expect(llErr).toBeLessThan(1e-10);
    const e = fit.model.emissions;
    if (e.type !== "gaussian") throw new Error("wrong type");
    const err = Math.max(
      ...e.means.map((m, j) => Math.abs(m - ref.means[j]) / Math.sqrt(ref.variances[j])),
      ...e.variances.map((v, j) => Math.abs(v - ref.variances[j]) / ref.variances[j]),
      maxAbsDiff(fit.model.transition, ref.transition),
    );
    expect(err).toBeLessThan(1e-6);
    expect(fit.model.initial[ref.initialState]).toBeGreaterThan(1 - 1e-6);
    console.log(`waiting K=2: iterations ${fit.iterations}, logL rel err ${llErr.toExponential(2)}, params ${err.toExponential(2)}`);
  });
});

describe("fitHMM: categorical emissions, several sequences, restarts, init", () => {
  const truth: HMM = {
    initial: [0.7, 0.3],
    transition: [[0.9, 0.1], [0.15, 0.85]],
    emissions: { type: "categorical", probabilities: [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]] },
  };
  it("recovers a categorical HMM from several sequences", () => {
    const rng = new Rng(4);
    const seqs = Array.from({ length: 20 }, () => sampleHMM(truth, 100, rng).observations);
    const fit = fitHMM(seqs, { k: 2, emission: "categorical", nInit: 3, seed: 5 });
    expect(fit.monotonicity.ok).toBe(true);
    expect(fit.nObservations).toBe(2000);
    expect(fit.sequenceStarts).toEqual(Array.from({ length: 20 }, (_, i) => 100 * i));
    expect(fit.nParameters).toBe(1 + 2 + 2 * 2);
    const e = fit.model.emissions;
    if (e.type !== "categorical") throw new Error("wrong type");
    // Label switching: match state 0 of the truth to the state with the larger P(symbol 0).
    const s0 = e.probabilities[0][0] > e.probabilities[1][0] ? 0 : 1;
    expect(e.probabilities[s0][0]).toBeCloseTo(0.7, 1);
    expect(fit.model.transition[s0][s0]).toBeCloseTo(0.9, 1);
    // Sum of per-sequence log-likelihoods.
    const total = seqs.reduce((a, s) => a + forwardBackward(fit.model, s).logLikelihood, 0);
    expect(total).toBeCloseTo(fit.logLikelihood, 8);
  });
  it("keeps the best of nInit runs and is reproducible", () => {
    const a = fitHMM(quakes, { k: 3, emission: "poisson", nInit: 3, seed: 9 });
    const b = fitHMM(quakes, { k: 3, emission: "poisson", nInit: 3, seed: 9 });
    expect(a.restarts.length).toBe(3);
    expect(a.logLikelihood).toBe(Math.max(...a.restarts.map((r) => r.logLikelihood)));
    expect(a.model).toEqual(b.model);
  });
  it("starts from init and agrees with runEM on baumWelchModel", () => {
    const init: HMM = { initial: [0.5, 0.5], transition: [[0.9, 0.1], [0.1, 0.9]], emissions: { type: "poisson", rates: [10, 30] } };
    const fit = fitHMM(quakes, { k: 2, emission: "poisson", init, snapshots: [0, 1] });
    const direct = runEM(baumWelchModel(quakes, { emission: "poisson" }), init);
    expect(fit.logLikelihood).toBeCloseTo(direct.logLikelihood, 10);
    expect(fit.history.logLikelihood).toEqual(direct.history.logLikelihood);
    expect(fit.history.snapshots[0].params).toEqual(init);
  });
  it("a state that is never visited keeps its transition row and emissions (documented remedy)", () => {
    const init: HMM = { initial: [1, 0], transition: [[1, 0], [0.3, 0.7]], emissions: { type: "poisson", rates: [5, 50] } };
    const fit = fitHMM([3, 6, 4, 5], { k: 2, emission: "poisson", init });
    expect(fit.model.transition[1]).toEqual([0.3, 0.7]);
    expect(fit.model.transition[0]).toEqual([1, 0]);
    const e = fit.model.emissions;
    expect(e.type === "poisson" && e.rates[1]).toBe(50);
    expect(e.type === "poisson" && e.rates[0]).toBeCloseTo(4.5, 12);
    expect(fit.monotonicity.ok).toBe(true);
  });
  it("rejects an init under which the data are impossible", () => {
    const init: HMM = { initial: [1, 0], transition: [[1, 0], [0, 1]], emissions: { type: "categorical", probabilities: [[1, 0], [0, 1]] } };
    expect(() => fitHMM([0, 1], { k: 2, emission: "categorical", init })).toThrow(/probability zero under init/);
  });
  it("orders Gaussian and Poisson states by mean", () => {
    const fit = fitHMM(waiting, { k: 2, emission: "gaussian", seed: 1 });
    const e = fit.model.emissions;
    if (e.type !== "gaussian") throw new Error("wrong type");
    expect(e.means[0]).toBeLessThan(e.means[1]);
  });
});

describe("fitHMM errors", () => {
  it("explains bad input", () => {
    expect(() => fitHMM([1, 2, 3], { k: 4, emission: "poisson" })).toThrow(/k = 4 states but only 3 observations/);
    expect(() => fitHMM([1, -2, 3], { k: 2, emission: "poisson" })).toThrow(/observations\[1\] = -2.*non-negative integer/);
    expect(() => fitHMM([0, 1, 2.5], { k: 2, emission: "categorical" })).toThrow(DomainError);
    expect(() => fitHMM([0, 1, 3], { k: 2, emission: "categorical", nSymbols: 3 })).toThrow(/only 3 symbols/);
    expect(() => fitHMM([1, 2, 3], { k: 2, emission: "weibull" as never })).toThrow(InvalidInputError);
    expect(() => fitHMM([1, 2, 3], { k: 1.5, emission: "gaussian" })).toThrow(/k must be an integer/);
    expect(() => fitHMM([1, 2, 3], { k: 2, emission: "gaussian", ninit: 3 } as never)).toThrow(UnknownOptionError);
    expect(() => fitHMM([5, 5, 5], { k: 2, emission: "gaussian" })).toThrow(/all 3 observations are equal/);
    expect(() => fitHMM([1, 2, 3], undefined as never)).toThrow(/k, emission/);
    const init: HMM = { initial: [1], transition: [[1]], emissions: { type: "poisson", rates: [1] } };
    expect(() => fitHMM([1, 2, 3], { k: 2, emission: "poisson", init })).toThrow(ShapeError);
    expect(() => fitHMM([[1, 2], [3, NaN]], { k: 2, emission: "gaussian" })).toThrow(/observations\[1\]\[1\] is NaN/);
  });
});

describe("Baum–Welch properties", () => {
  it("log-likelihood never decreases, matrices stay stochastic, no NaN", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom("gaussian", "poisson", "categorical"),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 5, max: 60 }),
        (seed, type, k, T) => {
          const rng = new Rng(seed);
          const row = (len: number) => {
            const g = Array.from({ length: len }, () => rng.exponential() + 0.01);
            const s = g.reduce((a, b) => a + b, 0);
            return g.map((v) => v / s);
          };
          const emissions =
            type === "gaussian"
              ? { type, means: Array.from({ length: k }, () => rng.normal(0, 2)), variances: Array.from({ length: k }, () => 0.2 + rng.exponential()) }
              : type === "poisson"
                ? { type, rates: Array.from({ length: k }, () => 6 * rng.uniform()) }
                : { type, probabilities: Array.from({ length: k }, () => row(3)) };
          const truth = { initial: row(k), transition: Array.from({ length: k }, () => row(k)), emissions } as HMM;
          const { observations } = sampleHMM(truth, T, rng);
          if (type === "gaussian" && new Set(observations).size < 2) return;
          const fitK = Math.min(k + 1, 3);
          const fit = fitHMM(observations, { k: fitK, emission: type, seed, maxIter: 100, nSymbols: type === "categorical" ? 3 : undefined });
          expect(fit.monotonicity.ok).toBe(true);
          for (const v of fit.history.logLikelihood) expect(Number.isFinite(v)).toBe(true);
          const sum = (r: number[]) => r.reduce((a, b) => a + b, 0);
          expect(sum(fit.model.initial)).toBeCloseTo(1, 12);
          for (const r of fit.model.transition) {
            expect(sum(r)).toBeCloseTo(1, 12);
            for (const p of r) expect(p).toBeGreaterThanOrEqual(0);
          }
          const e = fit.model.emissions;
          if (e.type === "categorical") for (const r of e.probabilities) expect(sum(r)).toBeCloseTo(1, 12);
          if (e.type === "gaussian") for (const v of e.variances) expect(v).toBeGreaterThan(0);
          for (const r of fit.posteriors) for (const p of r) expect(Number.isNaN(p)).toBe(false);
        },
      ),
      { numRuns: 60, seed: 11 },
    );
  });
});
