// The answers of notebook 08 (lib/src/course/answers/08.ts): one Baum–Welch iteration written
// independently here must pass 08.1's check and plausible wrong iterations must fail it; 08.2 and
// 08.3 against direct computations. Answers read ../data/earthquakes.csv relative to the working
// directory, as in a notebook, so these tests run in notebooks/ (restored afterwards).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook08 } from "../../src/course/answers/08.js";
import { readCsv } from "../../src/core/data.js";
import { fitHMM } from "../../src/hmm/fit.js";
import type { HMM } from "../../src/hmm/model.js";
import { sampleHMM } from "../../src/hmm/sample.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const knobs = { nRolls: 400, rollSeed: 12, toLoaded: 0.05, toFair: 0.1, loadedSix: 0.5 };
const casino: HMM = {
  initial: [1, 0],
  transition: [[0.95, 0.05], [0.1, 0.9]],
  emissions: { type: "categorical", probabilities: [[1, 1, 1, 1, 1, 1].map((v) => v / 6), [0.1, 0.1, 0.1, 0.1, 0.1, 0.5]] },
};
const start: HMM = {
  initial: [0.5, 0.5],
  transition: [[0.9, 0.1], [0.1, 0.9]],
  emissions: { type: "categorical", probabilities: [[1, 1, 1, 1, 1, 1].map((v) => v / 6), [0.15, 0.15, 0.15, 0.15, 0.15, 0.25]] },
};
const checkOf = (id: string, value: unknown, ctx: Record<string, unknown>) => notebook08[id].check!(value, notebook08[id].readContext(ctx, "test"));
const expectedOf = (id: string, ctx: Record<string, unknown>) => notebook08[id].expected!(notebook08[id].readContext(ctx, "test"));

/** One Baum–Welch iteration in log space (a different route from the library's scaling). */
function baumWelchStep(m: HMM, x: number[], withXi = true): HMM {
  const K = m.initial.length;
  const b = (m.emissions as { probabilities: number[][] }).probabilities;
  const lse = (a: number[]) => { const top = Math.max(...a); return top + Math.log(a.reduce((s, v) => s + Math.exp(v - top), 0)); };
  const la: number[][] = [m.initial.map((p, j) => Math.log(p) + Math.log(b[j][x[0]]))];
  for (let t = 1; t < x.length; t++) la.push(Array.from({ length: K }, (_, j) => Math.log(b[j][x[t]]) + lse(la[t - 1].map((a, i) => a + Math.log(m.transition[i][j])))));
  const lb: number[][] = new Array(x.length);
  lb[x.length - 1] = new Array(K).fill(0);
  for (let t = x.length - 2; t >= 0; t--) lb[t] = Array.from({ length: K }, (_, i) => lse(Array.from({ length: K }, (_, j) => Math.log(m.transition[i][j]) + Math.log(b[j][x[t + 1]]) + lb[t + 1][j])));
  const ll = lse(la[x.length - 1]);
  const g = la.map((a, t) => a.map((v, k) => Math.exp(v + lb[t][k] - ll)));
  const xi = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => {
    let s = 0;
    for (let t = 0; t < x.length - 1; t++) s += Math.exp(la[t][i] + Math.log(m.transition[i][j]) + Math.log(b[j][x[t + 1]]) + lb[t + 1][j] - ll);
    return s;
  }));
  const norm = (r: number[]) => { const s = r.reduce((q, v) => q + v, 0); return r.map((v) => v / s); };
  // withXi = false: the common mistake of estimating transitions from products of marginals.
  const trans = withXi ? xi.map(norm) : Array.from({ length: K }, (_, i) => norm(Array.from({ length: K }, (_, j) => g.slice(0, -1).reduce((s, row, t) => s + row[i] * g[t + 1][j], 0))));
  const probs = Array.from({ length: K }, (_, k) => norm(Array.from({ length: 6 }, (_, f) => x.reduce((s, xt, t) => s + (xt === f ? g[t][k] : 0), 0))));
  return { initial: g[0], transition: trans, emissions: { type: "categorical", probabilities: probs } };
}

describe("answers of notebook 08", () => {
  const rolls = sampleHMM(casino, knobs.nRolls, knobs.rollSeed).observations;
  it("08.1: accepts one Baum–Welch iteration computed independently (log space)", () => {
    expect(checkOf("08.1", { start, next: baumWelchStep(start, rolls) }, knobs)).toMatchObject({ correct: true });
  });
  it("08.1: rejects the start unchanged, two iterations, transitions from products of marginals, and malformed values", () => {
    const same = checkOf("08.1", { start, next: start }, knobs);
    expect(same.correct).toBe(false);
    expect(same.message).toMatch(/unchanged/);
    expect(checkOf("08.1", { start, next: baumWelchStep(baumWelchStep(start, rolls), rolls) }, knobs).correct).toBe(false);
    const noXi = checkOf("08.1", { start, next: baumWelchStep(start, rolls, false) }, knobs);
    expect(noXi.correct).toBe(false);
    expect(noXi.message).toMatch(/transition matrix/);
    expect(checkOf("08.1", { start, next: baumWelchStep(start, sampleHMM(casino, knobs.nRolls, 13).observations) }, knobs).correct).toBe(false);
    expect(() => checkOf("08.1", { start, next: { initial: [1] } }, knobs)).toThrow(/categorical HMM/);
    expect(checkOf("08.1", 3, knobs).correct).toBe(false);
  });
  it("08.2: 1 / (1 − A₁₁) of the two-state Poisson HMM of the earthquakes", () => {
    const quakes = readCsv(resolve(root, "data/earthquakes.csv")).numbers("count");
    const fit = fitHMM(quakes, { k: 2, emission: "poisson", nInit: 10, seed: 1, order: "mean" });
    expect(fit.logLikelihood).toBeCloseTo(-341.88, 2); // Zucchini & MacDonald (2009)
    expect(expectedOf("08.2", { fitSeed: 1 })).toBeCloseTo(1 / (1 - fit.model.transition[0][0]), 8);
  });
  it("08.3: the expected fair → loaded count, a positive number below the T − 1 transitions", () => {
    const v = expectedOf("08.3", { ...knobs, fitSeed: 1 }) as number;
    expect(v).toBeGreaterThan(0);
    expect(v).toBeLessThan(knobs.nRolls - 1);
  });
});
