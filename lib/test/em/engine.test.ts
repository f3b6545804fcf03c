import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { readCsv } from "../../src/core/data.js";
import { ConvergenceError, UnknownOptionError } from "../../src/core/errors.js";
import { convergenceRate, emSteps, runEM, type EMModel } from "../../src/em/engine.js";
import { geneticLinkageModel, LINKAGE_COUNTS } from "../../src/em/linkage.js";

// References: Dempster, Laird & Rubin (1977), Table 1 (θ iterates from 0.5, printed to 9 decimals;
// three of them differ by 1 in the last digit from exact arithmetic, hence the 2e-9 tolerance), the
// exact MLE (15 + √53809)/394 (root of 197θ² − 15θ − 68 = 0) and the exact rate 9500/(197θ* + 144)²
// = 0.1327787 (DLR print 0.1328). See data/README.md.
const DLR_TABLE1 = [0.608247423, 0.624321051, 0.626488879, 0.626777323, 0.626815632, 0.626820719, 0.626821395, 0.626821484];
const THETA_STAR = (15 + Math.sqrt(53809)) / 394;
const RATE = 9500 / (197 * THETA_STAR + 144) ** 2;

describe("genetic linkage model (DLR 1977)", () => {
  it("reads the counts from data/linkage.csv", () => {
    const t = readCsv(resolve(__dirname, "../../../data/linkage.csv"));
    expect(t.numbers("count")).toEqual([...LINKAGE_COUNTS]);
  });

  it("reproduces DLR Table 1 iterates and the exact MLE", () => {
    const model = geneticLinkageModel();
    const fit = runEM(model, { theta: 0.5 }, { tol: 0, relTol: 0, maxIter: 40, snapshots: "all" });
    const thetas = fit.history.snapshots.map((s) => s.params.theta);
    expect(thetas[0]).toBe(0.5);
    for (let i = 0; i < DLR_TABLE1.length; i++) expect(Math.abs(thetas[i + 1] - DLR_TABLE1[i])).toBeLessThan(2e-9);
    expect(model.exactMLE()).toBeCloseTo(THETA_STAR, 15);
    expect(Math.abs(fit.params.theta - THETA_STAR)).toBeLessThan(1e-15);
    // With tol = 0 the run stops only when ℓ stops changing at all (here before 40 steps).
    expect(fit.converged).toBe(true);
    expect(fit.stopReason).toBe("converged");
    expect(fit.logLikelihood).toBe(model.logLikelihood(fit.params.theta));
    expect(fit.history.logLikelihood.length).toBe(fit.iterations + 1);
    expect(fit.monotonicity.ok).toBe(true);
  });

  it("estimates the linear rate 0.1328 and its Aitken limit", () => {
    const model = geneticLinkageModel();
    expect(model.emMapDerivative(THETA_STAR)).toBeCloseTo(RATE, 14);
    expect(RATE).toBeCloseTo(0.1327787, 7);
    const fit = runEM(model, { theta: 0.5 }, { tol: 0, relTol: 0, maxIter: 12 });
    expect(fit.rate.estimate).not.toBeNull();
    expect(Math.abs(fit.rate.estimate! - RATE)).toBeLessThan(1e-4);
    // Parameter ratios → λ, log-likelihood difference ratios → λ².
    expect(fit.rate.parameterRatios![4]).toBeCloseTo(RATE, 3);
    expect(fit.rate.ratios[4]).toBeCloseTo(RATE * RATE, 3);
    const lStar = model.logLikelihood(THETA_STAR);
    // Aitken after 4 steps is far closer to ℓ* than ℓ₄ itself.
    const short = runEM(model, { theta: 0.5 }, { tol: 0, relTol: 0, maxIter: 4 });
    expect(Math.abs(short.rate.aitkenLimit! - lStar)).toBeLessThan(1e-2 * Math.abs(short.logLikelihood - lStar));
  });

  it("ELBO sits between successive log-likelihoods and touches ℓ at the E-step parameters", () => {
    const model = geneticLinkageModel();
    const fit = runEM(model, { theta: 0.1 }, { tol: 1e-12 });
    const ll = fit.history.logLikelihood;
    const elbo = fit.history.elbo!;
    expect(elbo.length).toBe(fit.iterations);
    for (let t = 0; t < elbo.length; t++) {
      expect(elbo[t]).toBeGreaterThanOrEqual(ll[t] - 1e-12);
      expect(elbo[t]).toBeLessThanOrEqual(ll[t + 1] + 1e-12);
    }
    const e = model.eStep({ theta: 0.3 });
    expect(model.elbo!(e.stats, { theta: 0.3 })).toBeCloseTo(e.logLikelihood, 12);
  });

  it("emSteps yields alternating E and M steps matching runEM", () => {
    const model = geneticLinkageModel();
    const steps = [...emSteps(model, { theta: 0.5 }, { maxIter: 3 })];
    expect(steps.map((s) => s.phase).join("")).toBe("EMEMEME");
    expect(steps[1]).toMatchObject({ phase: "M", iteration: 1 });
    expect((steps[1].params as { theta: number }).theta).toBeCloseTo(DLR_TABLE1[0], 9);
    const s2 = steps[2];
    if (s2.phase !== "E") throw new Error("expected E");
    expect(s2.iteration).toBe(1);
    expect(s2.logLikelihood).toBe(model.logLikelihood(s2.params.theta));
    expect(steps[6].iteration).toBe(3);
  });
});

describe("runEM bookkeeping", () => {
  it("stops at maxIter, honours the callback and snapshots by iteration", () => {
    const model = geneticLinkageModel();
    const a = runEM(model, { theta: 0.5 }, { maxIter: 3, tol: 0, relTol: 0, snapshots: [0, 2] });
    expect(a.iterations).toBe(3);
    expect(a.stopReason).toBe("maxIter");
    expect(a.converged).toBe(false);
    expect(a.history.snapshots.map((s) => s.iteration)).toEqual([0, 2]);
    const seen: number[] = [];
    const b = runEM(model, { theta: 0.5 }, { onIteration: (i) => { seen.push(i.iteration); return i.iteration < 2; } });
    expect(b.stopReason).toBe("callback");
    expect(b.iterations).toBe(2);
    expect(seen).toEqual([0, 1, 2]);
    const c = runEM(model, { theta: 0.5 }, { maxIter: 0 });
    expect(c.iterations).toBe(0);
    expect(c.params.theta).toBe(0.5);
  });

  it("records (never hides) a log-likelihood decrease", () => {
    // A deliberately broken "M-step" that overshoots: ℓ goes down at some step.
    const base = geneticLinkageModel();
    const bad: EMModel<{ theta: number }, { x2: number }> = {
      eStep: (p) => base.eStep(p),
      mStep: (s, prev) => (prev.theta > 0.55 ? { theta: 0.2 } : base.mStep(s, prev)),
    };
    const fit = runEM(bad, { theta: 0.5 }, { maxIter: 4 });
    expect(fit.monotonicity.ok).toBe(false);
    expect(fit.monotonicity.violations[0].iteration).toBe(2);
    expect(fit.monotonicity.violations[0].decrease).toBeGreaterThan(1);
  });

  it("stops on a non-finite log-likelihood, keeping the last finite state", () => {
    const model: EMModel<number, number> = {
      eStep: (p) => ({ stats: p, logLikelihood: p < 3 ? -10 + p : NaN }),
      mStep: (s) => s + 1,
    };
    const fit = runEM(model, 0);
    expect(fit.stopReason).toBe("nonFinite");
    expect(fit.params).toBe(2);
    expect(fit.logLikelihood).toBe(-8);
    expect(() => runEM(model, 5)).toThrow(ConvergenceError);
  });

  it("rejects unknown options", () => {
    expect(() => runEM(geneticLinkageModel(), { theta: 0.5 }, { tolerance: 1 } as never)).toThrow(UnknownOptionError);
    expect(() => runEM(geneticLinkageModel(), { theta: 0.5 }, { tolerence: 1 } as never)).toThrow(/unknown option 'tolerence'.*Valid options: tol,/);
  });

  it("convergenceRate works from the log-likelihood alone", () => {
    // ℓ* − ℓₜ = 0.25ᵗ: ratios 0.25 = λ², λ = 0.5, Aitken limit exact.
    const ll = Array.from({ length: 8 }, (_, t) => -(0.25 ** t));
    const r = convergenceRate(ll);
    expect(r.ratios[0]).toBeCloseTo(0.25, 14);
    expect(r.estimate).toBeCloseTo(0.5, 12);
    expect(r.aitkenLimit).toBeCloseTo(0, 12);
  });
});

describe("runEM: paramTol, exactly as documented", () => {
  // ℓ is flat (an exact plateau) while θ still moves, halving its distance to 0 each M-step: the
  // log-likelihood test must not end the run when it is off (tol = relTol = 0), and the run must end
  // at the first step whose largest parameter change is ≤ paramTol.
  const flat: EMModel<number, number> = {
    eStep: (t) => ({ stats: t, logLikelihood: -1 }),
    mStep: (t) => t / 2,
    flatten: (t) => [t],
  };

  it("with tol = relTol = 0, only the parameter test stops the run, at the first step ≤ paramTol", () => {
    const fit = runEM(flat, 1, { tol: 0, relTol: 0, paramTol: 1e-6, snapshots: "all" });
    const steps = fit.history.snapshots.slice(1).map((s, i) => Math.abs(s.params - fit.history.snapshots[i].params));
    expect(fit.converged).toBe(true);
    expect(steps[steps.length - 1]).toBeLessThanOrEqual(1e-6);
    expect(steps.slice(0, -1).every((s) => s > 1e-6)).toBe(true);
    expect(fit.iterations).toBe(20); // the step at t is 2^−t: 2^−20 ≈ 9.5e-7 ≤ 1e-6 < 2^−19
  });

  it("with a log-likelihood tolerance as well, either test ends the run (the documented 'or')", () => {
    const fit = runEM(flat, 1, { tol: 1e-10, paramTol: 1e-6 });
    expect(fit.iterations).toBe(1); // ℓ did not change at all
    expect(fit.converged).toBe(true);
  });
});
