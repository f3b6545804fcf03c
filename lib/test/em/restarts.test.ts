import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/core/errors.js";
import { runEM, type EMModel } from "../../src/em/engine.js";
import { emFitSummary, informationCriteria, restartSettings, runEMRestarts } from "../../src/em/restarts.js";
import { geneticLinkageModel } from "../../src/em/linkage.js";

describe("runEMRestarts", () => {
  it("keeps the run with the highest log-likelihood and records every run", () => {
    // Two basins: EM on f(θ) = −(θ² − 1)² style toy, M-step moves halfway to the nearest of ±1 with
    // the ±1 optima at different heights, so the start decides the basin.
    const model: EMModel<number, number> = {
      eStep: (t) => ({ stats: t, logLikelihood: t > 0 ? -((t - 1) ** 2) : -1 - (t + 1) ** 2 }),
      mStep: (t) => (t > 0 ? (t + 1) / 2 : (t - 1) / 2),
    };
    const starts = [-3, 2, -0.5];
    const { best, restarts } = runEMRestarts(model, 3, (r) => starts[r], { tol: 1e-12, relTol: 0 });
    expect(restarts).toHaveLength(3);
    expect(best.params).toBeCloseTo(1, 5);
    expect(best.logLikelihood).toBe(Math.max(...restarts.map((r) => r.logLikelihood)));
    expect(restarts[1].logLikelihood).toBe(best.logLikelihood);
  });

  it("with nInit = 1 is runEM", () => {
    const model = geneticLinkageModel();
    const { best } = runEMRestarts(model, 1, () => ({ theta: 0.5 }));
    expect(best.params).toEqual(runEM(model, { theta: 0.5 }).params);
  });

  it("rejects nInit < 1", () => {
    expect(() => runEMRestarts(geneticLinkageModel(), 0, () => ({ theta: 0.5 }))).toThrow(InvalidInputError);
  });
});

describe("restartSettings / emFitSummary / informationCriteria", () => {
  it("fills the documented defaults and names the caller on bad input", () => {
    const s = restartSettings({}, "fitX");
    expect(s.nInit).toBe(1);
    expect(s.emOptions).toEqual({ maxIter: 1000, tol: 1e-8, relTol: 1e-12, snapshots: "none" });
    expect(() => restartSettings({ nInit: 0 }, "fitX")).toThrow(/^fitX: nInit/);
    expect(() => restartSettings({ seed: "a" as never }, "fitX")).toThrow(/^fitX: seed/);
  });

  it("emFitSummary copies the run fields in order", () => {
    const res = runEM(geneticLinkageModel(), { theta: 0.5 }, { snapshots: [1] });
    const s = emFitSummary(res);
    expect(Object.keys(s)).toEqual(["logLikelihood", "iterations", "converged", "stopReason", "history", "monotonicity", "rate"]);
    expect(s.history).toEqual({ logLikelihood: res.history.logLikelihood, snapshots: res.history.snapshots });
    expect(emFitSummary(res, { custom: 1 }).history).toEqual({ custom: 1 });
  });

  it("informationCriteria: BIC = −2ℓ + p log n, AIC = −2ℓ + 2p", () => {
    expect(informationCriteria(-100, 3, 50)).toEqual({ bic: 200 + 3 * Math.log(50), aic: 206 });
  });
});
