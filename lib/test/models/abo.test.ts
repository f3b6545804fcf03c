import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { DomainError, UnknownOptionError } from "../../src/core/errors.js";
import { emSteps } from "../../src/em/engine.js";
import { aboModel, fitABO, ABO_LANGE_COUNTS } from "../../src/models/index.js";

// Lange (2010), Applied Probability, Table 2.2 (data/README.md): iterate 1 ≈ (.2321, .0550, .7129),
// limit ≈ (.2136, .0501, .7363), to 4 decimals. Full-precision references from
// scripts/reference/models_direct_mle.py: the iterates in exact rational arithmetic (Fraction), and the
// MLE by solving the score equations with scipy fsolve (no EM).
const EXACT_ITERATES = [
  [0.3, 0.2, 0.5],
  [0.2321718588513214, 0.05502239283429303, 0.7128057483143856],
  [0.21597813958925446, 0.05029955114380018, 0.7337223092669454],
  [0.21388027593415593, 0.05015293453944461, 0.7359667895263995],
  [0.21362566055006707, 0.05014597369636427, 0.7362283657535686],
  [0.21359509794076306, 0.05014539959736666, 0.7362595024618702],
  [0.21359143704257288, 0.05014533717972292, 0.7362632257777042],
];
const MLE = [0.21359093908950363, 0.05014532886944853, 0.7362637320410478];
const MAX_LOGLIK = -8.372630853599617;

const table = readCsv("data/abo.csv");
const phen = table.strings("phenotype");
const cnt = table.numbers("count");
const counts = { A: 0, B: 0, AB: 0, O: 0 };
phen.forEach((p, i) => (counts[p as keyof typeof counts] = cnt[i]));

describe("fitABO reproduces Lange's Table 2.2", () => {
  // tol is per person (the stopping rule of runEM): 1e-14 on ℓ, the stopping point these checks were made at.
  const fit = fitABO(counts, { init: { pA: 0.3, pB: 0.2, pO: 0.5 }, tol: 1e-14 / 521 });
  it("reads data/abo.csv", () => expect(counts).toEqual(ABO_LANGE_COUNTS));
  it("published iterate 1 and limit to 4 decimals", () => {
    const it1 = fit.history.snapshots[1].params;
    expect([it1.pA, it1.pB, it1.pO].map((v) => v.toFixed(4))).toEqual(["0.2322", "0.0550", "0.7128"]);
    // The published row reads (.2321, .0550, .7129); the exact iterate (0.232172, 0.055022, 0.712806)
    // rounds to (.2322, .0550, .7128), so the print differs by one unit in the 4th decimal in pA and pO.
    // In every printed row Lange's pO equals 1 − pA − pB of his rounded values (.7129 = 1 − .2321 − .0550),
    // so the pO difference follows from the pA one (a hand-calculation rounding in the book).
    expect(Math.abs(it1.pA - 0.2321)).toBeLessThan(1e-4);
    expect(Math.abs(it1.pO - 0.7129)).toBeLessThan(1e-4);
    expect(fit.pA).toBeCloseTo(0.2136, 4);
    expect(fit.pB).toBeCloseTo(0.0501, 4);
    expect(fit.pO).toBeCloseTo(0.7363, 4);
  });
  it("iterates equal the exact rational iterates to rounding, and the limit the score-equation root", () => {
    let worst = 0;
    EXACT_ITERATES.forEach((ex, t) => {
      const p = fit.history.snapshots[t].params;
      worst = Math.max(worst, Math.abs(p.pA - ex[0]), Math.abs(p.pB - ex[1]), Math.abs(p.pO - ex[2]));
    });
    expect(worst).toBeLessThan(1e-15);
    const err = Math.max(Math.abs(fit.pA - MLE[0]), Math.abs(fit.pB - MLE[1]), Math.abs(fit.pO - MLE[2]));
    expect(err).toBeLessThan(1e-9);
    expect(fit.logLikelihood).toBeCloseTo(MAX_LOGLIK, 11);
    expect(fit.converged).toBe(true);
    expect(fit.monotonicity.ok).toBe(true);
    expect(fit.pA + fit.pB + fit.pO).toBeCloseTo(1, 15);
    console.log(`ABO: iterates max abs err ${worst.toExponential(2)}, MLE err ${err.toExponential(2)}, ${fit.iterations} iterations, rate ${fit.rate.estimate?.toFixed(4)}`);
  });
  it("expected genotype counts add up to the phenotype counts", () => {
    const g = fit.expectedGenotypes;
    expect(g.AA + g.AO).toBeCloseTo(186, 10);
    expect(g.BB + g.BO).toBeCloseTo(38, 10);
  });
  it("works with emSteps through aboModel", () => {
    const steps = emSteps(aboModel(), { pA: 0.3, pB: 0.2, pO: 0.5 });
    steps.next();
    const m = steps.next().value;
    expect(m && m.phase === "M" && m.params.pA).toBeCloseTo(EXACT_ITERATES[1][0], 15);
  });
  it("rejects bad input", () => {
    expect(() => fitABO({ A: -1, B: 2, AB: 3, O: 4 })).toThrow(/counts.A = -1/);
    expect(() => fitABO({ A: 1.5, B: 2, AB: 3, O: 4 })).toThrow(DomainError);
    expect(() => fitABO([1, 2, 3])).toThrow(/\[A, B, AB, O\]/);
    expect(() => fitABO({ A: 1, B: 2, Ab: 3, O: 4 } as never)).toThrow(UnknownOptionError);
    expect(() => fitABO(counts, { init: { pA: 0.5, pB: 0.5, pO: 0.5 } })).toThrow(/sum to 1.5/);
    expect(() => fitABO(counts, { init: { pA: 0, pB: 0.5, pO: 0.5 } })).toThrow(DomainError);
  });
});
