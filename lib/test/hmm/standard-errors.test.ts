import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { readCsv } from "../../src/core/data.js";
import { fitHMM } from "../../src/hmm/fit.js";
import { sampleHMM } from "../../src/hmm/sample.js";
import { hmmStandardErrors } from "../../src/hmm/standard-errors.js";
import { bootstrapSds } from "../helpers/bootstrap.js";
import type { HMM } from "../../src/hmm/model.js";

// As lib/test/models/standard-errors.test.ts: the closed form at K = 1 (an i.i.d. Poisson sample,
// √(λ/T)), and a parametric bootstrap (B = 200 refits from the fit, T = 2000; Monte Carlo error of
// a bootstrap SD ≈ 1/√(2B) = 5%, tolerance 20%) for Poisson and Gaussian emissions.
const B = 200;

describe("hmmStandardErrors", () => {
  it("K = 1 is an i.i.d. Poisson sample: √(λ̂/T)", () => {
    const quakes = readCsv(resolve(__dirname, "../../../data/earthquakes.csv")).numbers("count");
    const fit = fitHMM(quakes, { k: 1, emission: "poisson" });
    const se = hmmStandardErrors(fit, quakes);
    const rate = (fit.model.emissions as { rates: number[] }).rates[0];
    expect(Math.abs((se.emissions as { rates: number[] }).rates[0] / Math.sqrt(rate / quakes.length) - 1)).toBeLessThan(1e-6);
    expect(se.atBoundary).toEqual(["initial[0]", "transition[0][0]"]);
  });

  for (const emission of ["poisson", "gaussian"] as const) {
    it(`${emission} emissions, T = 2000: agrees with a parametric bootstrap`, () => {
      const truth: HMM = {
        initial: [0.5, 0.5],
        transition: [[0.93, 0.07], [0.12, 0.88]],
        emissions: emission === "poisson" ? { type: "poisson", rates: [15.4, 26] } : { type: "gaussian", means: [0, 2], variances: [1, 0.5] },
      };
      const x = sampleHMM(truth, 2000, 5).observations;
      const fit = fitHMM(x, { k: 2, emission, init: truth, tol: 1e-12 });
      const se = hmmStandardErrors(fit, x);
      const pick = (m: HMM) => {
        const e = m.emissions;
        return [m.transition[0][1], m.transition[1][0], ...(e.type === "poisson" ? e.rates : e.type === "gaussian" ? [...e.means, ...e.variances] : [])];
      };
      const boot = bootstrapSds(B, (b) => pick(fitHMM(sampleHMM(fit.model, 2000, 1000 + b).observations, { k: 2, emission, init: fit, tol: 1e-10, accelerate: "squarem" }).model));
      const info = pick({ ...fit.model, transition: se.transition, emissions: se.emissions });
      info.forEach((s, j) => expect(Math.abs(s / boot[j] - 1), `${emission} parameter ${j}`).toBeLessThan(0.2));
      // One sequence: the initial distribution is fitted to a single state, held at the boundary.
      expect(se.atBoundary.every((n) => n.startsWith("initial"))).toBe(true);
      // Each transition row sums to 1, so its two entries have the same SE.
      expect(Math.abs(se.transition[0][0] - se.transition[0][1])).toBeLessThan(1e-9);
    });
  }

  it("several sequences, and an error for a fit that is not an HMM", () => {
    const truth: HMM = { initial: [0.6, 0.4], transition: [[0.9, 0.1], [0.2, 0.8]], emissions: { type: "poisson", rates: [2, 9] } };
    const seqs = [1, 2, 3].map((s) => sampleHMM(truth, 300, s).observations);
    const fit = fitHMM(seqs, { k: 2, emission: "poisson", init: truth, tol: 1e-12 });
    const se = hmmStandardErrors(fit, seqs);
    expect(se.names.slice(0, 2)).toEqual(["initial[0]", "initial[1]"]);
    expect((se.emissions as { rates: number[] }).rates.every((v) => v > 0)).toBe(true);
    expect(() => hmmStandardErrors({} as never, seqs)).toThrow(/pass the result of fitHMM/);
  });
});
