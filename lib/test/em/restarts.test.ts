import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/core/errors.js";
import { parseOptions } from "../../src/core/options.js";
import { Rng } from "../../src/core/rng.js";
import { runEM, type EMModel } from "../../src/em/engine.js";
import { emFitFields, informationCriteria } from "../../src/em/fit.js";
import { componentPermutation } from "../../src/em/order.js";
import { EM_FIT_OPTIONS, runRestarts, stoppingOf } from "../../src/em/restarts.js";
import { geneticLinkageModel } from "../../src/em/linkage.js";

// Two basins: the M-step moves halfway to the nearest of ±1, the two optima at different heights,
// so the start decides the basin.
const twoBasins: EMModel<number, number> = {
  eStep: (t) => ({ stats: t, logLikelihood: t > 0 ? -((t - 1) ** 2) : -1 - (t + 1) ** 2 }),
  mStep: (t) => (t > 0 ? (t + 1) / 2 : (t - 1) / 2),
};

describe("runRestarts (the one multi-start loop)", () => {
  it("keeps the run with the highest log-likelihood and records every run", () => {
    const starts = [-3, 2, -0.5];
    const { best, restarts } = runRestarts({ nInit: 3, prepare: (r) => ({ model: twoBasins, init: starts[r], context: null }), options: { tol: 1e-12 } });
    expect(restarts).toHaveLength(3);
    expect(best.params).toBeCloseTo(1, 5);
    expect(best.logLikelihood).toBe(Math.max(...restarts.map((r) => r.logLikelihood)));
    expect(restarts[1].logLikelihood).toBe(best.logLikelihood);
  });

  it("hands the context of a discarded run to the next (buffer reuse), and keeps the best one's", () => {
    const seen: Array<string | null> = [];
    const starts = [-3, 2, -0.5, 0.5];
    const { context } = runRestarts({
      nInit: 4,
      prepare: (r, recycled) => {
        seen.push(recycled);
        return { model: twoBasins, init: starts[r], context: recycled ?? `buffer${r}` };
      },
      options: { tol: 1e-12 },
    });
    // Run 0 allocates; run 1 beats it, so run 0's buffer is free for run 2; run 2 loses and hands it to run 3.
    expect(seen).toEqual([null, null, "buffer0", "buffer0"]);
    expect(context).toBe("buffer1");
  });

  it("a custom comparison and a per-run observer", () => {
    const runs: number[] = [];
    const { best } = runRestarts({
      nInit: 3,
      prepare: (r) => ({ model: twoBasins, init: [-3, 2, -0.5][r], context: r }),
      better: (a, b) => a.result.logLikelihood < b.result.logLikelihood, // keep the worst
      onRun: (r) => runs.push(r),
    });
    expect(runs).toEqual([0, 1, 2]);
    expect(best.params).toBeCloseTo(-1, 5);
  });

  it("with nInit = 1 is runEM; records the ELBO under its name for variational fits", () => {
    const model = geneticLinkageModel();
    const { best, restarts } = runRestarts({ nInit: 1, prepare: () => ({ model, init: { theta: 0.5 }, context: null }) });
    expect(best.params).toEqual(runEM(model, { theta: 0.5 }).params);
    const vb = runRestarts({ objective: "elbo", nInit: 1, prepare: () => ({ model, init: { theta: 0.5 }, context: null }) });
    expect(vb.restarts[0].elbo).toBe(restarts[0].logLikelihood);
  });

  it("rejects nInit < 1", () => {
    expect(() => runRestarts({ nInit: 0, prepare: () => ({ model: twoBasins, init: 1, context: null }) })).toThrow(InvalidInputError);
  });
});

describe("EM_FIT_OPTIONS, emFitFields, informationCriteria, componentPermutation", () => {
  it("fills the documented defaults and names the caller on bad input", () => {
    const o = parseOptions(EM_FIT_OPTIONS, {}, "fitX");
    expect(o.nInit).toBe(1);
    expect(o.seed).toBeInstanceOf(Rng);
    expect(stoppingOf(o)).toEqual({ maxIter: 1000, tol: 1e-10, relTol: 0, snapshots: "none", accelerate: "none" });
    expect(stoppingOf(parseOptions(EM_FIT_OPTIONS, { paramTol: 1e-8 }, "fitX")).paramTol).toBe(1e-8);
    expect(() => parseOptions(EM_FIT_OPTIONS, { nInit: 0 }, "fitX")).toThrow(/^fitX: nInit/);
    expect(() => parseOptions(EM_FIT_OPTIONS, { seed: "a" }, "fitX")).toThrow(/^fitX: seed must be an integer or an Rng/);
    expect(() => parseOptions(EM_FIT_OPTIONS, { seed: 1.5 }, "fitX")).toThrow(/^fitX: seed must be an integer/);
    const rng = new Rng(3);
    expect(parseOptions(EM_FIT_OPTIONS, { seed: rng }, "fitX").seed).toBe(rng);
    expect(() => parseOptions(EM_FIT_OPTIONS, { snapshots: [1.5] }, "fitX")).toThrow(/snapshots must be/);
    expect(() => parseOptions(EM_FIT_OPTIONS, { maxiter: 3 }, "fitX")).toThrow(/unknown option 'maxiter'. Did you mean 'maxIter'\?/);
  });

  it("emFitFields: the objective under its name, the history with snapshots in public form", () => {
    const res = runEM(geneticLinkageModel(), { theta: 0.5 }, { snapshots: [1] });
    const restarts = [{ logLikelihood: res.logLikelihood, iterations: res.iterations, converged: res.converged }];
    const f = emFitFields(res, restarts, "logLikelihood", (p) => p.theta);
    expect(Object.keys(f)).toEqual(["objective", "logLikelihood", "iterations", "eSteps", "converged", "stopReason", "history", "monotonicity", "rate", "restarts"]);
    expect(f.objective).toBe("logLikelihood");
    expect(f[f.objective]).toBe(res.logLikelihood);
    expect(f.history).toEqual({ logLikelihood: res.history.logLikelihood, snapshots: [{ iteration: 1, params: res.history.snapshots[0].params.theta }] });
    const v = emFitFields(res, [{ elbo: res.logLikelihood, iterations: res.iterations, converged: res.converged }], "elbo", (p) => p);
    expect(v.elbo).toBe(res.logLikelihood);
    expect(v.history.elbo).toBe(res.history.logLikelihood);
  });

  it("informationCriteria: BIC = −2ℓ + p log n, AIC = −2ℓ + 2p", () => {
    expect(informationCriteria(-100, 3, 50)).toEqual({ nParameters: 3, bic: 200 + 3 * Math.log(50), aic: 206 });
  });

  it("componentPermutation: none, decreasing weight, increasing (lexicographic) mean, ties in run order", () => {
    const w = [0.2, 0.5, 0.3, 0.5];
    const m = [[2, 0], [1, 5], [1, 4], [3, 0]];
    expect(componentPermutation("none", w, (c) => m[c])).toEqual([0, 1, 2, 3]);
    expect(componentPermutation("weight", w, (c) => m[c])).toEqual([1, 3, 2, 0]);
    expect(componentPermutation("mean", w, (c) => m[c])).toEqual([2, 1, 0, 3]);
  });
});
