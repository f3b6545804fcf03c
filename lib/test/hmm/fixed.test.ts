import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { readCsv } from "../../src/core/data.js";
import { fitHMM } from "../../src/hmm/fit.js";
import { sampleHMM } from "../../src/hmm/sample.js";
import type { HMM } from "../../src/hmm/model.js";
import { maximize } from "../../src/optim/maximize.js";
import { hmmLogLikelihood } from "../../src/hmm/forwardBackward.js";

const quakes = readCsv(resolve(__dirname, "../../../data/earthquakes.csv")).numbers("count");
const nonDecreasing = (ll: number[]) => ll.every((v, t) => t === 0 || v >= ll[t - 1] - 1e-10 * Math.abs(ll[t - 1]));

describe("fitHMM: fixed parameters and structural zeros", () => {
  it("fixed transition: kept exactly, the rest estimated; the constrained maximum agrees with a direct maximisation", () => {
    const transition = [[0.9, 0.1], [0.15, 0.85]];
    const fit = fitHMM(quakes, { k: 2, emission: "poisson", fixed: { transition }, nInit: 3, seed: 1, tol: 1e-13, order: "mean" });
    expect(fit.model.transition).toEqual(transition);
    expect(fit.monotonicity.ok).toBe(true);
    expect(nonDecreasing(fit.history.logLikelihood)).toBe(true);
    // 5 free parameters without the transition: (K − 1) initial + K rates; 2 fewer than unconstrained.
    expect(fit.nParameters).toBe(3);
    // Direct maximisation over the free parts (log rates; the initial distribution is fitted to a
    // vertex by EM, so hold it at the fit's): the same maximum.
    const ll = (u: Float64Array) => hmmLogLikelihood({ initial: fit.model.initial, transition, emissions: { type: "poisson", rates: [Math.exp(u[0]), Math.exp(u[1])] } }, quakes);
    const rates = (fit.model.emissions as { rates: number[] }).rates;
    const direct = maximize(ll, [Math.log(rates[0]) + 0.2, Math.log(rates[1]) - 0.2]);
    expect(Math.abs(direct.value - fit.logLikelihood)).toBeLessThan(1e-8);
    expect(Math.abs(Math.exp(direct.x[0]) - rates[0])).toBeLessThan(1e-4);
  });

  it("fixed Gaussian means: variances re-estimated around them (the exact constrained M-step)", () => {
    const truth: HMM = { initial: [0.5, 0.5], transition: [[0.95, 0.05], [0.1, 0.9]], emissions: { type: "gaussian", means: [0, 3], variances: [1, 2] } };
    const x = sampleHMM(truth, 1500, 3).observations;
    const means = [0.2, 2.7]; // deliberately off the MLE
    const fit = fitHMM(x, { k: 2, emission: "gaussian", fixed: { emissions: { means } }, init: truth, tol: 1e-13 });
    const e = fit.model.emissions as { means: number[]; variances: number[] };
    expect(e.means).toEqual(means);
    expect(fit.monotonicity.ok).toBe(true);
    // Stationarity in the variances: ∂ℓ/∂σ²_j = 0 at the fit (central differences).
    for (let j = 0; j < 2; j++) {
      const at = (v: number) => {
        const variances = e.variances.slice();
        variances[j] = v;
        return hmmLogLikelihood({ ...fit.model, emissions: { type: "gaussian", means, variances } }, x);
      };
      const h = 1e-5 * e.variances[j];
      expect(Math.abs((at(e.variances[j] + h) - at(e.variances[j] - h)) / (2 * h))).toBeLessThan(1e-3);
    }
    expect(fit.nParameters).toBe(1 + 2 + 2);
  });

  it("zeros in the starting transition matrix stay zero: a left-right model stays left-right", () => {
    const truth: HMM = { initial: [1, 0, 0], transition: [[0.98, 0.02, 0], [0, 0.98, 0.02], [0, 0, 1]], emissions: { type: "poisson", rates: [2, 8, 20] } };
    const seqs = [1, 2, 3, 4].map((s) => sampleHMM(truth, 200, s).observations);
    const init: HMM = { initial: [1, 0, 0], transition: [[0.9, 0.1, 0], [0, 0.9, 0.1], [0, 0, 1]], emissions: { type: "poisson", rates: [1, 5, 15] } };
    const fit = fitHMM(seqs, { k: 3, emission: "poisson", init, tol: 1e-12 });
    const T = fit.model.transition;
    expect([T[0][2], T[1][0], T[2][0], T[2][1]]).toEqual([0, 0, 0, 0]);
    expect(fit.model.initial.slice(1)).toEqual([0, 0]);
    expect(fit.monotonicity.ok).toBe(true);
    // SQUAREM keeps them zero too (an affine combination of zeros).
    const sq = fitHMM(seqs, { k: 3, emission: "poisson", init, tol: 1e-12, accelerate: "squarem" });
    expect([sq.model.transition[0][2], sq.model.transition[1][0], sq.model.transition[2][0]]).toEqual([0, 0, 0]);
    expect(Math.abs(sq.logLikelihood - fit.logLikelihood)).toBeLessThan(1e-7 * Math.abs(fit.logLikelihood));
  });

  it("fixed values replace those of init and of random starts; bad fixed values get clear errors", () => {
    const fit = fitHMM(quakes, { k: 2, emission: "poisson", fixed: { initial: [0.5, 0.5], emissions: { rates: [15, 26] } }, nInit: 4, seed: 2 });
    expect(fit.model.initial).toEqual([0.5, 0.5]);
    expect(fit.history.snapshots).toEqual([]);
    expect((fit.model.emissions as { rates: number[] }).rates).toEqual([15, 26]);
    expect(fit.nParameters).toBe(2); // the two free transition probabilities
    expect(() => fitHMM(quakes, { k: 2, emission: "poisson", fixed: { transition: [[0.9, 0.2], [0.1, 0.9]] } })).toThrow(/fixed.transition\[0\] sums to 1.1/);
    expect(() => fitHMM(quakes, { k: 2, emission: "poisson", fixed: { emissions: { means: [1, 2] } } })).toThrow(/fixed.emissions.means does not apply to poisson emissions; use 'rates'/);
    expect(() => fitHMM(quakes, { k: 2, emission: "poisson", fixed: { rates: [1, 2] } as never })).toThrow(/fixed field/);
    expect(() => fitHMM(quakes, { k: 2, emission: "poisson", fixed: { initial: [1] } })).toThrow(/fixed.initial has length 1; expected 2/);
  });
});
